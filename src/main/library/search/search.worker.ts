import { parentPort, workerData } from 'node:worker_threads';
import { AppFailure } from '../../../shared/result';
import { openDatabase } from '../db/open';
import { createSearchService, type SearchService } from './search-service';

/**
 * The search index in its own thread: building, loading the snapshot, replaying the change log
 * and answering queries never stall Electron's main thread (a 50,000-briefing build is ~12 s of
 * CPU). It reads the library through its own SQLite connection (WAL lets it read while main
 * writes), so main sends only the query and receives the finished page of results.
 */
if (!parentPort) throw new Error('search.worker must run as a worker thread');
const port = parentPort;
const { dbPath, snapshotPath, nativeBinding } = workerData as {
  dbPath: string;
  snapshotPath: string | null;
  nativeBinding?: string;
};

export type SearchCall = {
  [K in keyof SearchService]: { id: number; method: K; args: Parameters<SearchService[K]> };
}[keyof SearchService];
export type SearchReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { code: AppFailure['code']; message: string } };

const db = openDatabase(dbPath, { nativeBinding });
const service = createSearchService({ db, snapshotPath });

// WAL checkpoints happen here rather than inside one of main's commits: copying the WAL back
// into the database and syncing it took 30-45 ms on main's thread about every 4 MB written,
// the longest stalls of a bulk import. PASSIVE never blocks main's writes; with an empty WAL it
// costs a fraction of a millisecond.
const checkpoints = setInterval(() => {
  service.checkpoint().catch(() => {
    // Busy or closing: the next tick (or main's own fallback threshold) does it.
  });
}, 1000);
checkpoints.unref();
// Calls run one at a time, in order: a query never sees a half-applied change.
let queue: Promise<unknown> = Promise.resolve();
port.on('message', (call: SearchCall) => {
  // A checkpoint does not wait behind queued searches: an import pauses for it (its work runs
  // between the 8 ms slices of a catch-up or build).
  if (call.method === 'checkpoint') {
    void answer(call);
    return;
  }
  queue = queue.then(() => answer(call));
});

async function answer(call: SearchCall): Promise<void> {
  try {
    const fn = service[call.method] as (...a: unknown[]) => Promise<unknown>;
    const value = await fn(...call.args);
    port.postMessage({ id: call.id, ok: true, value } satisfies SearchReply);
  } catch (cause) {
    const error =
      cause instanceof AppFailure
        ? { code: cause.code, message: cause.message }
        : { code: 'INTERNAL' as const, message: `search failed: ${(cause as Error)?.message ?? String(cause)}` };
    port.postMessage({ id: call.id, ok: false, error } satisfies SearchReply);
  }
}
port.postMessage({ ready: true });
