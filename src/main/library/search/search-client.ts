import type { Worker } from 'node:worker_threads';
import { AppFailure } from '../../../shared/result';
import type { Db } from '../db/open';
import { spawnWorker } from '../worker-spawn';
import type { SearchService } from './search-service';
import type { SearchCall, SearchReply } from './search.worker';

/**
 * The search service as main sees it when the index lives in a worker thread (the app): the same
 * methods, each a message to search.worker.ts. The worker starts at once (it loads the snapshot
 * or builds while the window opens). If it dies, pending calls fail with a clear message and the
 * next call starts a fresh one, which reloads the snapshot.
 */
export function createSearchClient({
  dbPath,
  snapshotPath,
  nativeBinding,
  mainDb,
}: {
  dbPath: string;
  snapshotPath: string | null;
  nativeBinding?: string;
  /**
   * Main's own connection: the worker takes over its WAL checkpoints, so main's automatic ones
   * are moved far out (20,000 pages, ~80 MB) and only happen if the worker is not running.
   */
  mainDb?: Db;
}): SearchService {
  mainDb?.pragma('wal_autocheckpoint = 20000');
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  const fail = (message: string): void => {
    for (const [id, p] of pending) {
      p.reject(new AppFailure('INTERNAL', message));
      pending.delete(id);
    }
  };

  const start = (): Worker => {
    const w = spawnWorker({
      dir: __dirname,
      bundledName: 'search-worker',
      source: 'search.worker.ts',
      isSource: __filename.endsWith('.ts'),
      override: process.env.BRIEFINGS_SEARCH_WORKER,
      workerData: { dbPath, snapshotPath, nativeBinding },
      // The index of a large library is several hundred MB; the default heap limit is not enough.
      resourceLimits: { maxOldGenerationSizeMb: 4096, maxYoungGenerationSizeMb: 64 },
    });
    w.on('message', (msg: SearchReply | { ready: true }) => {
      if ('ready' in msg) return;
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new AppFailure(msg.error.code, msg.error.message));
    });
    w.on('error', (e) => {
      if (worker === w) worker = null;
      fail(`search stopped unexpectedly (${e.message}); it restarts with the next search`);
    });
    w.on('exit', () => {
      if (worker === w) worker = null;
      fail('search stopped unexpectedly; it restarts with the next search');
    });
    return w;
  };

  function call<M extends SearchCall['method']>(
    method: M,
    ...args: Parameters<SearchService[M]>
  ): ReturnType<SearchService[M]> {
    worker ??= start();
    const w = worker;
    const id = nextId++;
    return new Promise<unknown>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.postMessage({ id, method, args });
    }) as ReturnType<SearchService[M]>;
  }

  return {
    ready: () => call('ready'),
    search: (req) => call('search', req),
    matchingIds: (req) => call('matchingIds', req),
    similar: (id, k) => call('similar', id, k),
    matchTitles: (titles, exclude) => call('matchTitles', titles, exclude),
    catchUp: () => call('catchUp'),
    verify: () => call('verify'),
    stats: () => call('stats'),
    checkpoint: () => call('checkpoint'),
    async close() {
      const w = worker;
      if (!w) return;
      // Let the worker write its snapshot, then stop it.
      await call('close').catch(() => undefined);
      worker = null;
      w.removeAllListeners();
      await w.terminate().catch(() => undefined);
    },
  };
}
