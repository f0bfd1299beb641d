import { randomUUID } from 'node:crypto';
import type { CallChannel } from '../shared/channels';
import type { EventPayloads, OutputOf, ParsedInputOf } from '../shared/contract';
import type { Highlight, ImportReport, SavedSearchCount } from '../shared/model';
import { AppFailure } from '../shared/result';
import { createDropGate } from './drop-gate';
import type { Db } from './library/db/open';
import { getImportRun, importRunFiles, listImportRuns } from './library/repos/import-runs';
import { exportLibrary } from './library/services/export-service';
import { originalToOpen, resolveOriginal } from './library/services/original-file';
import { briefingToMarkdown, writeFileAtomic } from './library/services/markdown-export';
import {
  addOrMergeHighlight,
  getHighlight,
  listHighlights,
  removeHighlight,
  updateHighlight,
} from './library/repos/highlights';
import type { ImportOptions, ImportService } from './library/services/import-service';
import type { LibraryService } from './library/services/library-service';
import type { OrganizeService } from './library/services/organize-service';
import type { SearchService } from './library/search/search-service';
import type { SettingsService } from './library/services/settings-service';
import type { WatchService } from './library/services/watch-service';

/**
 * What the handlers need from the platform. Electron provides these in index.ts; the e2e harness
 * provides test doubles, so every handler below runs for real in both.
 */
export type Platform = {
  /** Shows the open dialog; returns the chosen paths, or null when the user cancels. */
  pickImportPaths(kind: 'files' | 'folder'): Promise<string[] | null>;
  pickWatchFolder(): Promise<string | null>;
  pickExportPath(): Promise<string | null>;
  /** Save dialog for one briefing's Markdown; null when cancelled. */
  pickMarkdownPath(suggestedName: string): Promise<string | null>;
  /**
   * Asks the user, in main's own dialog, whether a web link may open in the browser. The renderer
   * cannot answer for the user: a page that was taken over could otherwise send anything out.
   */
  confirmExternal(url: string): Promise<boolean>;
  openExternal(url: string): Promise<void>;
  /** Opens a file in its default application; resolves to an error message, '' when it opened. */
  openPath(file: string): Promise<string>;
  /** Shows a file selected in the system's file manager. */
  showItemInFolder(file: string): void;
  /** Whether the pointer is over the window now (a real drop happens there). */
  pointerOverWindow(): boolean;
  emit<E extends keyof EventPayloads>(channel: E, payload: EventPayloads[E]): void;
};

export type Handlers = { [C in CallChannel]: (input: ParsedInputOf<C>) => Promise<OutputOf<C>> | OutputOf<C> };

export type HandlerDeps = {
  db: Db;
  library: LibraryService;
  importer: ImportService;
  settings: SettingsService;
  watcher: WatchService;
  search: SearchService;
  organize: OrganizeService;
  platform: Platform;
  samplesDir: string;
};

export function createHandlers({
  db,
  library,
  importer,
  settings,
  watcher,
  search,
  organize,
  platform,
  samplesDir,
}: HandlerDeps): Handlers {
  const drops = createDropGate({ pointerOverWindow: () => platform.pointerOverWindow() });
  /** Every change to tags or states: the renderer reloads the list, tree and counts. */
  const changed = async <T>(result: T | Promise<T>): Promise<T> => {
    const value = await result;
    platform.emit('library:changed', { reason: 'tags' });
    return value;
  };
  const importOptions = (source: string): ImportOptions => ({
    source,
    limits: settings.limits(),
    onProgress: (p) => platform.emit('import:progress', p),
  });
  const announce = (report: ImportReport): ImportReport => {
    platform.emit('library:changed', { reason: 'import' });
    return report;
  };
  // Counts are live: computed from the index (which catches up first) on every call, within the
  // same view its results open in (All: archived briefings are hidden), so count and list agree.
  const savedWithCounts = async (): Promise<SavedSearchCount[]> =>
    Promise.all(
      settings.get('savedSearches').map(async (s) => ({
        ...s,
        count: (await search.search({ query: s.query, limit: 1, within: { archived: false } })).total,
      })),
    );
  const runImport = async (paths: string[], source: string): Promise<ImportReport> =>
    announce(await importer.importPaths(paths, importOptions(source)));

  return {
    'library:stats': () => library.stats(),
    'briefings:list': (q) => library.list(q),
    'briefings:get': ({ id }) => library.get(id),
    'briefings:update-reading': (u) => {
      const summary = library.updateReading(u);
      platform.emit('library:changed', { reason: 'update' });
      return summary;
    },
    'briefings:edit-details': (edit) => {
      const r = organize.editDetails(edit);
      platform.emit('library:changed', { reason: 'update' });
      return r;
    },
    'briefings:delete': async ({ id }) => {
      library.get(id);
      // Through the organiser, so a single delete is undoable like a bulk one.
      await organize.remove({ ids: [id] });
      platform.emit('library:changed', { reason: 'delete' });
      return { deleted: true as const };
    },
    'import:sample': () => runImport([samplesDir], 'sample'),
    'import:dialog': async ({ kind }) => {
      const paths = await platform.pickImportPaths(kind);
      return paths && paths.length > 0 ? runImport(paths, 'dialog') : null;
    },
    'drop:register': ({ paths }) => {
      const token = drops.issue(paths);
      if (token === null) throw notDropped();
      return { token };
    },
    'import:dropped': ({ token, paths }) => {
      if (!drops.redeem(token, paths)) throw notDropped();
      return runImport(paths, 'drop');
    },
    'import:cancel': ({ runId }) => ({ cancelled: importer.cancel(runId) }),
    'import:retry': async ({ runId }) => announce(await importer.retryFailed(runId, importOptions('retry'))),
    'import:runs': () => listImportRuns(db),
    'import:run': ({ runId }) => {
      const run = getImportRun(db, runId);
      if (!run) throw new AppFailure('NOT_FOUND', `import ${runId} does not exist`);
      return { run, files: importRunFiles(db, runId) };
    },
    'library:export': async () => {
      const file = await platform.pickExportPath();
      return file ? exportLibrary(db, file) : null;
    },
    'watch:list': () => watcher.folders(),
    'watch:add': async () => {
      const folder = await platform.pickWatchFolder();
      return folder ? watcher.add(folder) : watcher.folders();
    },
    'watch:remove': ({ path: folder }) => {
      // Only a path main handed out (a watched folder) is accepted back.
      if (!watcher.folders().includes(folder)) throw new AppFailure('FORBIDDEN', 'that folder is not being watched');
      return watcher.remove(folder);
    },
    'search:query': (req) => search.search(req),
    'saved:list': () => savedWithCounts(),
    'saved:add': async ({ name, query }) => {
      const parsed = await search.search({ query, limit: 1 });
      if (parsed.problem) throw new AppFailure('VALIDATION', `the search cannot be saved: ${parsed.problem}`);
      const list = settings.get('savedSearches');
      if (list.some((s) => s.name.toLowerCase() === name.toLowerCase())) {
        throw new AppFailure('CONFLICT', `a saved search named "${name}" already exists`);
      }
      settings.set('savedSearches', [...list, { id: randomUUID(), name, query }]);
      return savedWithCounts();
    },
    'saved:remove': ({ id }) => {
      const list = settings.get('savedSearches');
      if (!list.some((s) => s.id === id)) throw new AppFailure('NOT_FOUND', 'that saved search no longer exists');
      settings.set(
        'savedSearches',
        list.filter((s) => s.id !== id),
      );
      return savedWithCounts();
    },
    'tags:list': () => organize.tags(),
    'sources:list': () => organize.sources(),
    'briefings:bulk': ({ target, change }) => changed(organize.bulk(target, change)),
    'briefings:delete-many': async ({ target }) => {
      const result = await organize.remove(target);
      platform.emit('library:changed', { reason: 'delete' });
      return result;
    },
    'briefings:similar': ({ id, limit }) => search.similar(id, limit ?? 5),
    'tags:preview-rename': ({ from, to }) => organize.previewRename(from, to),
    'tags:rename': ({ from, to }) => changed(organize.renameTag(from, to)),
    'tags:recolor': ({ name, color }) => changed(organize.recolorTag(name, color)),
    'tags:delete': ({ name }) => changed(organize.deleteTag(name)),
    'tags:suggest': ({ id }) => organize.suggest(id),
    'rules:list': () => organize.rules(),
    'rules:add': (r) => organize.addRule(r),
    'rules:remove': ({ id }) => organize.removeRule(id),
    'rules:preview': (r) => organize.previewRule(r),
    'rules:apply': (r) => changed(organize.applyRule(r)),
    'history:undo': () => changed(organize.undo()),
    'briefings:match-titles': ({ titles, exclude }) => search.matchTitles(titles, exclude),
    'highlights:list': ({ briefingId }) => listHighlights(db, briefingId),
    'highlights:add': (h) => {
      library.get(h.briefingId);
      // Highlighting words that are already highlighted joins the two instead of stacking them.
      const { id } = addOrMergeHighlight(db, h, new Date().toISOString());
      return getHighlight(db, id) as Highlight;
    },
    'highlights:update': ({ id, ...change }) => {
      if (!updateHighlight(db, id, change, new Date().toISOString()))
        throw new AppFailure('NOT_FOUND', 'that highlight no longer exists');
      return getHighlight(db, id) as Highlight;
    },
    'highlights:remove': ({ id }) => {
      if (!removeHighlight(db, id)) throw new AppFailure('NOT_FOUND', 'that highlight no longer exists');
      return { removed: true as const };
    },
    'briefings:export-markdown': async ({ id }) => {
      const b = library.get(id);
      const safe = b.title
        .replace(/[\\/:*?"<>|]+/g, ' ')
        .replace(/\p{Cc}+/gu, ' ')
        .trim()
        .slice(0, 80);
      const name = `${safe || 'briefing'}.md`;
      const file = await platform.pickMarkdownPath(name);
      if (!file) return null;
      return { path: writeFileAtomic(file, briefingToMarkdown(b, listHighlights(db, id))) };
    },
    'briefings:open-original': async ({ id }) => {
      const found = originalToOpen(library.get(id).originalPath);
      const problem = await platform.openPath(found.file);
      if (problem) throw new AppFailure('INTERNAL', `the system could not open ${found.file}: ${problem}`);
      return { path: found.file, inArchive: found.inArchive };
    },
    'briefings:show-original': ({ id }) => {
      const found = resolveOriginal(library.get(id).originalPath);
      platform.showItemInFolder(found.file);
      return { path: found.file, inArchive: found.inArchive };
    },
    'prefs:get': () => settings.get('readerPrefs'),
    'prefs:set': (change) => {
      const next = { ...settings.get('readerPrefs'), ...change };
      settings.set('readerPrefs', next);
      return next;
    },
    'links:open': async ({ url }) => ({ opened: await openExternalConfirmed(platform, url) }),
  };
}

const notDropped = (): AppFailure =>
  new AppFailure('FORBIDDEN', 'only files dropped on the Briefings window can be imported');

/**
 * The one way a link leaves the app, for the reader's links and for window.open alike: only
 * plain web links, and only after the user said yes in main's dialog.
 */
export async function openExternalConfirmed(
  platform: Pick<Platform, 'confirmExternal' | 'openExternal'>,
  url: string,
): Promise<boolean> {
  if (!isExternalWebUrl(url)) return false;
  if (!(await platform.confirmExternal(url))) return false;
  await platform.openExternal(url);
  return true;
}

/** Only plain web links leave the app; file:, javascript:, custom schemes never do. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}
