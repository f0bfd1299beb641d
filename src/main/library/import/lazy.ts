import { createRequire } from 'node:module';

const load = createRequire(__filename);

/**
 * A dependency loaded on first use. Each parse worker used to load every parser at start
 * (linkedom 160 ms, mailparser 87 ms, mammoth 72 ms measured): a folder of Markdown notes paid
 * for all of them in every worker. (A dynamic import() of .ts sources fails in tsx-started
 * workers; require through createRequire works there, in the bundle and in benchmarks.)
 */
export function lazyRequire<T>(id: string): () => T {
  let mod: T | undefined;
  return () => (mod ??= load(id) as T);
}
