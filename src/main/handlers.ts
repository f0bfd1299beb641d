import type { CallChannel } from '../shared/channels';
import type { EventPayloads, OutputOf, ParsedInputOf } from '../shared/contract';
import type { ImportReport } from '../shared/model';
import type { ImportService } from './library/services/import-service';
import type { LibraryService } from './library/services/library-service';

/**
 * What the handlers need from the platform. Electron provides these in ipc.ts; the e2e harness
 * provides test doubles, so every handler below runs for real in both.
 */
export type Platform = {
  /** Shows the open dialog; returns the chosen paths, or null when the user cancels. */
  pickImportPaths(kind: 'files' | 'folder'): Promise<string[] | null>;
  openExternal(url: string): Promise<void>;
  emit<E extends keyof EventPayloads>(channel: E, payload: EventPayloads[E]): void;
};

export type Handlers = { [C in CallChannel]: (input: ParsedInputOf<C>) => Promise<OutputOf<C>> | OutputOf<C> };

export type HandlerDeps = {
  library: LibraryService;
  importer: ImportService;
  platform: Platform;
  samplesDir: string;
};

export function createHandlers({ library, importer, platform, samplesDir }: HandlerDeps): Handlers {
  const runImport = (paths: string[], source: string): ImportReport => {
    const report = importer.importPaths(paths, {
      source,
      onProgress: (p) => platform.emit('import:progress', p),
    });
    platform.emit('library:changed', { reason: 'import' });
    return report;
  };

  return {
    'library:stats': () => library.stats(),
    'briefings:list': (q) => library.list(q),
    'briefings:get': ({ id }) => library.get(id),
    'briefings:update-reading': (u) => {
      const summary = library.updateReading(u);
      platform.emit('library:changed', { reason: 'update' });
      return summary;
    },
    'briefings:delete': ({ id }) => {
      library.remove(id);
      platform.emit('library:changed', { reason: 'delete' });
      return { deleted: true as const };
    },
    'import:sample': () => runImport([samplesDir], 'sample'),
    'import:dialog': async ({ kind }) => {
      const paths = await platform.pickImportPaths(kind);
      return paths && paths.length > 0 ? runImport(paths, 'dialog') : null;
    },
    'links:open': async ({ url }) => {
      if (!isExternalWebUrl(url)) return { opened: false };
      await platform.openExternal(url);
      return { opened: true };
    },
  };
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
