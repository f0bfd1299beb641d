import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../worker-spawn';
import type { Entity } from './entities';

export type EntityClient = { extract(text: string): Promise<Entity[]>; close(): Promise<void> };

/**
 * Talks to the entities worker, started on first use (compromise takes ~300 ms to load, which
 * nobody should pay at app start). A request that takes longer than `timeoutMs` fails, the
 * worker is replaced, and suggestions go on without names: they never hang the reader.
 */
export function createEntityClient({ timeoutMs = 15_000 }: { timeoutMs?: number } = {}): EntityClient {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (e: Entity[]) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();

  const stop = (reason: string): void => {
    const w = worker;
    worker = null;
    if (w) {
      w.removeAllListeners();
      w.on('error', () => undefined);
      void w.terminate();
    }
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.reject(new Error(reason));
      pending.delete(id);
    }
  };

  const start = (): Worker => {
    const w = spawnWorker({
      dir: __dirname,
      bundledName: 'entities-worker',
      source: 'entities.worker.ts',
      isSource: __filename.endsWith('.ts'),
      override: process.env.BRIEFINGS_ENTITIES_WORKER,
      resourceLimits: { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64 },
    });
    w.on('message', (msg: { ready: true } | { id: number; entities?: Entity[]; error?: string }) => {
      if ('ready' in msg) return;
      const p = pending.get(msg.id);
      if (!p) return;
      clearTimeout(p.timer);
      pending.delete(msg.id);
      if (msg.entities) p.resolve(msg.entities);
      else p.reject(new Error(msg.error ?? 'name extraction failed'));
    });
    w.on('error', (e) => stop(`name extraction crashed (${e.message})`));
    w.on('exit', () => stop('name extraction stopped'));
    return w;
  };

  return {
    extract(text) {
      worker ??= start();
      const w = worker;
      const id = nextId++;
      return new Promise<Entity[]>((resolve, reject) => {
        const timer = setTimeout(() => stop('name extraction took too long'), timeoutMs);
        pending.set(id, { resolve, reject, timer });
        w.postMessage({ id, text });
      });
    },
    async close() {
      const w = worker;
      stop('closed');
      if (w) await w.terminate().catch(() => undefined);
    },
  };
}
