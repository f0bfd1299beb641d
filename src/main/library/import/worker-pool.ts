import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParseTask, PreparedItem } from './prepare';

export type ParsePool = {
  parse(task: ParseTask): Promise<PreparedItem[]>;
  /** Stops every worker at once (cancel): in-flight tasks resolve as cancelled. */
  close(): Promise<void>;
  readonly size: number;
};

type Job = { id: number; task: ParseTask; resolve: (items: PreparedItem[]) => void };
type Slot = { worker: Worker; job: Job | null; timer: NodeJS.Timeout | null };

export const defaultPoolSize = (): number => Math.max(1, Math.min(8, os.availableParallelism()));

/**
 * Starts the parse worker. In the built app it is a bundled sibling of main's index.js; when
 * running from TypeScript sources (tests, the CLI through tsx) it is loaded through tsx.
 */
function spawnWorker(maxHeapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: 64 };
  const bundled = path.join(__dirname, 'parse-worker.js');
  if (!__filename.endsWith('.ts') && fs.existsSync(bundled)) return new Worker(bundled, { resourceLimits });
  const req = createRequire(__filename);
  const source = path.join(__dirname, 'parse.worker.ts');
  return new Worker(`require(${JSON.stringify(req.resolve('tsx/cjs'))}); require(${JSON.stringify(source)});`, {
    eval: true,
    resourceLimits,
  });
}

/**
 * A fixed pool of parse workers with a watchdog: a file that takes longer than the timeout, runs
 * out of memory or crashes its worker is reported with a reason, and the worker is replaced.
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

  const settle = (slot: Slot, items: PreparedItem[]): void => {
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = null;
    slot.timer = null;
    job?.resolve(items);
  };

  const failJob = (slot: Slot, reason: string): void => {
    const job = slot.job;
    if (job) settle(slot, [{ displayPath: job.task.path, outcome: 'failed', reason }]);
  };

  const attach = (slot: Slot): void => {
    slot.worker.on('message', (msg: { id: number; items: PreparedItem[] }) => {
      if (slot.job && slot.job.id === msg.id) settle(slot, msg.items);
      pump();
    });
    slot.worker.on('error', (e: Error & { code?: string }) => {
      failJob(
        slot,
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `parsing needed more than the ${Math.round(slot.worker.resourceLimits?.maxOldGenerationSizeMb ?? maxHeapMb)} MB memory limit`
          : `the parser crashed on this file (${e.message})`,
      );
    });
    slot.worker.on('exit', () => {
      failJob(slot, 'the parser stopped unexpectedly on this file');
      if (!closed) replace(slot);
    });
  };

  const replace = (slot: Slot): void => {
    slot.worker.removeAllListeners();
    slot.worker = spawnWorker(maxHeapMb);
    attach(slot);
    pump();
  };

  const pump = (): void => {
    if (closed) return;
    for (const slot of slots) {
      if (slot.job || queue.length === 0) continue;
      const job = queue.shift() as Job;
      slot.job = job;
      slot.timer = setTimeout(() => {
        failJob(
          slot,
          `parsing took longer than ${Math.round(timeoutMs / 1000)} s (the file may be damaged or too complex)`,
        );
        void slot.worker.terminate();
      }, timeoutMs);
      slot.worker.postMessage({ id: job.id, task: job.task });
    }
  };

  for (let i = 0; i < size; i++) {
    const slot: Slot = { worker: spawnWorker(maxHeapMb), job: null, timer: null };
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
      for (const job of queue.splice(0))
        job.resolve([{ displayPath: job.task.path, outcome: 'skipped', reason: 'import cancelled' }]);
      await Promise.all(
        slots.map(async (slot) => {
          const job = slot.job;
          slot.job = null;
          if (slot.timer) clearTimeout(slot.timer);
          job?.resolve([{ displayPath: job.task.path, outcome: 'skipped', reason: 'import cancelled' }]);
          slot.worker.removeAllListeners();
          await slot.worker.terminate();
        }),
      );
    },
  };
}
