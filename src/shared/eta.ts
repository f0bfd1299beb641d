import type { ImportProgress } from './model';

/**
 * Seconds left in an import, or null while there is not enough to go on. Measured in bytes from
 * the moment parsing began (the scan and the workers' start-up are not the files' time), and
 * only after 3 s or 5% of the bytes: an estimate from the first files said "about 50 min left"
 * at 2 s of an import that took 2 minutes, because file sizes vary a thousandfold.
 */
export function secondsLeft(p: ImportProgress): number | null {
  if (p.phase !== 'importing' || p.doneBytes === undefined || p.importingSinceMs === undefined) return null;
  const ms = p.elapsedMs - p.importingSinceMs;
  if (p.totalBytes <= 0 || p.doneBytes <= 0 || ms <= 0) return null;
  if (ms < 3000 && p.doneBytes < p.totalBytes * 0.05) return null;
  const rate = p.doneBytes / ms;
  return Math.max(0, (p.totalBytes - p.doneBytes) / rate / 1000);
}
