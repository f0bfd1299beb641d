import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../worker-spawn';
import type { ParseTask, PreparedItem } from './prepare';

export type ParsePool = {
  parse(task: ParseTask): Promise<PreparedItem[]>;
  /** Stops every worker at once (cancel): in-flight tasks resolve as cancelled. */
  close(): Promise<void>;
  readonly size: number;
};

type Job = { id: number; task: ParseTask; resolve: (items: PreparedItem[]) => void };
type Slot = { worker: Worker; jobs: Job[]; timer: NodeJS.Timeout | null; ready: boolean };

/**
 * Jobs queued inside each worker, so it keeps parsing while the main thread writes a batch: at 3
 * a worker parsing small files (~2 ms each) ran dry during an 8 ms write and idled 14% of the time.
 */
const DEPTH = 8;

export const defaultPoolSize = (): number => Math.max(1, Math.min(8, os.availableParallelism()));

/** Starts a parse worker (see spawnWorker for how the built app and the sources differ). */
function startParseWorker(maxHeapMb: number): Worker {
  return spawnWorker({
    dir: __dirname,
    bundledName: 'parse-worker',
    source: 'parse.worker.ts',
    isSource: __filename.endsWith('.ts'),
    override: process.env.BRIEFINGS_PARSE_WORKER,
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: 64 },
  });
}

/**
 * The time a file may take: the limit, plus 5 s per MB beyond the first. A fixed limit failed an
 * 8.4 MB page while the machine was busy and passed it when it was quiet; a large file earns
 * time in proportion, so the outcome depends on the file, not on the load. (Node 20 cannot read
 * a thread's own CPU time, which would be the exact measure.)
 */
export function allowedMs(timeoutMs: number, size = 0): number {
  return timeoutMs + Math.max(0, size / (1024 * 1024) - 1) * 5000;
}

const cancelled = (job: Job): PreparedItem[] => [
  { displayPath: job.task.path, outcome: 'skipped', reason: 'import cancelled' },
];

/**
 * A fixed pool of parse workers with a watchdog: a file that takes longer than the timeout, runs
 * out of memory or crashes its worker is reported with a reason, the worker is replaced, and the
 * files queued behind it are handed out again.
 */
export function createParsePool({
  size = defaultPoolSize(),
  timeoutMs,
  maxHeapMb,
}: {
  size?: number;
  timeoutMs: number;
  maxHeapMb: number;
}): ParsePool {
  const queue: Job[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  // The head job of a worker is the one running; its clock starts when the job before it is
  // seen to finish (never earlier), so the watchdog can only be more lenient than the limit.
  const arm = (slot: Slot): void => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    // A starting worker is still loading its modules: that time is not the file's.
    const head = slot.jobs[0];
    if (!head || !slot.ready) return;
    const limit = allowedMs(timeoutMs, head.task.size);
    slot.timer = setTimeout(
      () =>
        kill(slot, `parsing took longer than ${Math.round(limit / 1000)} s (the file may be damaged or too complex)`),
      limit,
    );
  };

  /** Fails the running job, stops its worker and puts a fresh one in its place at once. */
  const kill = (slot: Slot, reason: string): void => {
    failHead(slot, reason);
    const old = slot.worker;
    old.removeAllListeners();
    old.on('error', () => undefined);
    void old.terminate();
    if (!closed) replace(slot);
  };

  /** Fails the running job, and puts the ones queued behind it back at the front of the queue. */
  const failHead = (slot: Slot, reason: string): void => {
    const [head, ...rest] = slot.jobs;
    slot.jobs = [];
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    queue.unshift(...rest);
    head?.resolve([{ displayPath: head.task.path, outcome: 'failed', reason }]);
  };

  const attach = (slot: Slot): void => {
    slot.worker.on('message', (msg: { id: number; items: PreparedItem[] } | { ready: true }) => {
      if ('ready' in msg) {
        slot.ready = true;
        arm(slot);
        return;
      }
      const head = slot.jobs[0];
      if (head && head.id === msg.id) {
        slot.jobs.shift();
        head.resolve(msg.items);
        arm(slot);
      }
      pump();
    });
    slot.worker.on('error', (e: Error & { code?: string }) => {
      kill(
        slot,
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `parsing needed more than the ${maxHeapMb} MB memory limit`
          : 'the parser crashed on this file (it may be damaged)',
      );
    });
    slot.worker.on('exit', () => kill(slot, 'the parser stopped unexpectedly on this file'));
  };

  /** Starts a fresh worker in the slot; jobs requeued by failHead are handed out again. */
  const replace = (slot: Slot): void => {
    slot.worker = startParseWorker(maxHeapMb);
    slot.ready = false;
    attach(slot);
    pump();
  };

  const pump = (): void => {
    if (closed) return;
    for (const slot of slots) {
      while (slot.jobs.length < DEPTH && queue.length > 0) {
        const job = queue.shift() as Job;
        slot.jobs.push(job);
        if (slot.jobs.length === 1) arm(slot);
        slot.worker.postMessage({ id: job.id, task: job.task });
      }
    }
  };

  for (let i = 0; i < size; i++) {
    const slot: Slot = { worker: startParseWorker(maxHeapMb), jobs: [], timer: null, ready: false };
    attach(slot);
    slots.push(slot);
  }

  return {
    size,
    parse(task) {
      if (closed) return Promise.resolve([{ displayPath: task.path, outcome: 'skipped', reason: 'import cancelled' }]);
      return new Promise((resolve) => {
        queue.push({ id: nextId++, task, resolve });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.resolve(cancelled(job));
      await Promise.all(
        slots.map(async (slot) => {
          if (slot.timer) clearTimeout(slot.timer);
          for (const job of slot.jobs.splice(0)) job.resolve(cancelled(job));
          slot.worker.removeAllListeners();
          await slot.worker.terminate();
        }),
      );
    },
  };
}
