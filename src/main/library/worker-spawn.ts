import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts one of main's worker threads. In the built app each worker is a bundled sibling of
 * main's index.js (`<bundledName>.js`); when running from TypeScript sources (tests, the CLI
 * through tsx) the source file beside the caller is loaded through tsx. `override` (an env
 * variable's value) lets benchmarks point at the built file so they measure what the app runs.
 */
export function spawnWorker({
  dir,
  bundledName,
  source,
  isSource,
  override,
  resourceLimits,
  workerData,
}: {
  /** The calling module's __dirname. */
  dir: string;
  bundledName: string;
  source: string;
  /** True when the caller itself runs from a .ts file. */
  isSource: boolean;
  override?: string;
  resourceLimits: ResourceLimits;
  workerData?: unknown;
}): Worker {
  if (override) return new Worker(path.resolve(override), { resourceLimits, workerData });
  if (!isSource) {
    // The bundler may place the caller in out/main or in out/main/chunks.
    const bundled = [path.join(dir, `${bundledName}.js`), path.join(dir, '..', `${bundledName}.js`)].find((p) =>
      fs.existsSync(p),
    );
    if (bundled) return new Worker(bundled, { resourceLimits, workerData });
  }
  const req = createRequire(path.join(dir, 'x.js'));
  const file = path.join(dir, source);
  return new Worker(`require(${JSON.stringify(req.resolve('tsx/cjs'))}); require(${JSON.stringify(file)});`, {
    eval: true,
    resourceLimits,
    workerData,
  });
}
