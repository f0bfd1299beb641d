import { createDispatcher, type Dispatch } from './dispatch';
import { createEntityClient, type EntityClient } from './library/organize/entity-client';
import { createOrganizeService, type OrganizeService } from './library/services/organize-service';
import { createHandlers, type Handlers, type Platform } from './handlers';
import type { Db } from './library/db/open';
import { createImportService, type ImportService } from './library/services/import-service';
import { createSearchClient } from './library/search/search-client';
import { createSearchService, snapshotPathFor, type SearchService } from './library/search/search-service';
import { createLibraryService, type LibraryService } from './library/services/library-service';
import { createSettingsService, type SettingsService } from './library/services/settings-service';
import { createWatchService, type WatchService } from './library/services/watch-service';

export type Composition = {
  library: LibraryService;
  importer: ImportService;
  settings: SettingsService;
  watcher: WatchService;
  search: SearchService;
  organize: OrganizeService;
  entities: EntityClient;
  handlers: Handlers;
  dispatch: Dispatch;
};

/**
 * The one place services are wired together, used by the Electron app (index.ts), the e2e
 * harness and the integration tests, so all three run the same graph.
 */
export function compose({
  db,
  platform,
  samplesDir,
  poolSize,
  watchTiming,
  searchWorker = false,
}: {
  db: Db;
  platform: Platform;
  samplesDir: string;
  poolSize?: number;
  watchTiming?: { debounceMs: number; stabilityMs: number };
  /**
   * Run the search index in a worker thread with a snapshot beside the library (the app and the
   * e2e harness), rather than in this thread and in memory only (unit tests).
   */
  searchWorker?: boolean;
}): Composition {
  const library = createLibraryService({ db });
  const search =
    searchWorker && !db.memory
      ? createSearchClient({
          dbPath: db.name,
          snapshotPath: snapshotPathFor(db.name),
          mainDb: db,
          nativeBinding: process.env.BRIEFINGS_SQLITE_BINDING,
        })
      : createSearchService({ db });
  // With the index in its worker, that worker also runs the WAL checkpoints (see search.worker.ts).
  const importer = createImportService({
    db,
    poolSize,
    checkpoint: searchWorker && !db.memory ? () => search.checkpoint() : undefined,
  });
  const settings = createSettingsService({ db });
  const watcher = createWatchService({
    importer,
    settings,
    ...watchTiming,
    onImported: () => platform.emit('library:changed', { reason: 'import' }),
    onError: (e) => console.error('watched folder:', e),
  });
  const entities = createEntityClient();
  const organize = createOrganizeService({ db, search, entities });
  const handlers = createHandlers({ db, library, importer, settings, watcher, search, organize, platform, samplesDir });
  return {
    library,
    importer,
    settings,
    watcher,
    search,
    organize,
    entities,
    handlers,
    dispatch: createDispatcher(handlers),
  };
}
