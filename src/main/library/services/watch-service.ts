import { watch, type FSWatcher } from 'chokidar';
import path from 'node:path';
import type { ImportReport } from '../../../shared/model';
import type { ImportService } from './import-service';
import type { SettingsService } from './settings-service';

export type WatchService = ReturnType<typeof createWatchService>;

/**
 * Watched inbox folders: new or changed files are imported once they stop growing. At start-up
 * every folder is rescanned (files that are unchanged since their import are skipped without
 * being parsed). Originals are only ever read: never moved, renamed or deleted.
 */
export function createWatchService({
  importer,
  settings,
  onImported = () => undefined,
  onError = () => undefined,
  debounceMs = 1000,
  stabilityMs = 2000,
}: {
  importer: ImportService;
  settings: SettingsService;
  onImported?: (report: ImportReport) => void;
  onError?: (e: unknown) => void;
  debounceMs?: number;
  stabilityMs?: number;
}) {
  let watcher: FSWatcher | null = null;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let busy: Promise<unknown> = Promise.resolve();

  const flush = (): void => {
    timer = null;
    const paths = [...pending];
    pending.clear();
    if (paths.length === 0) return;
    busy = busy.then(() => importer.importPaths(paths, { source: 'watch' })).then(onImported, onError);
  };

  const queue = (file: string): void => {
    if (path.basename(file).startsWith('.')) return;
    pending.add(file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  };

  async function restart(): Promise<void> {
    await watcher?.close();
    watcher = null;
    const folders = settings.get('watchedFolders');
    if (folders.length === 0) return;
    watcher = watch(folders, {
      ignoreInitial: false,
      followSymlinks: false,
      ignored: (p: string) => path.basename(p).startsWith('.') && !folders.includes(p),
      // A file still being written (a download, a sync) is imported only once it stops growing.
      awaitWriteFinish: { stabilityThreshold: stabilityMs, pollInterval: Math.min(200, stabilityMs) },
    });
    watcher.on('add', queue).on('change', queue).on('error', onError);
  }

  return {
    start: restart,
    folders: (): string[] => settings.get('watchedFolders'),
    async add(folder: string): Promise<string[]> {
      const resolved = path.resolve(folder);
      const list = settings.get('watchedFolders');
      if (!list.includes(resolved)) settings.set('watchedFolders', [...list, resolved]);
      await restart();
      return settings.get('watchedFolders');
    },
    async remove(folder: string): Promise<string[]> {
      settings.set(
        'watchedFolders',
        settings.get('watchedFolders').filter((f) => f !== folder),
      );
      await restart();
      return settings.get('watchedFolders');
    },
    /** Waits for queued imports (tests, shutdown). */
    async idle(): Promise<void> {
      if (timer) {
        clearTimeout(timer);
        flush();
      }
      await busy;
    },
    async close(): Promise<void> {
      if (timer) clearTimeout(timer);
      await watcher?.close();
      watcher = null;
    },
  };
}
