/** Import limits; every one is configurable (settings and CLI flags) and trips with a clear reason. */
export type ImportLimits = {
  maxFileBytes: number;
  maxZipEntries: number;
  maxZipTotalBytes: number;
  maxZipRatio: number;
  maxNestingDepth: number;
  parseTimeoutMs: number;
  maxWorkerHeapMb: number;
};

export const DEFAULT_LIMITS: ImportLimits = {
  maxFileBytes: 100 * 1024 * 1024,
  maxZipEntries: 10_000,
  maxZipTotalBytes: 1024 * 1024 * 1024,
  maxZipRatio: 200,
  maxNestingDepth: 3,
  parseTimeoutMs: 30_000,
  maxWorkerHeapMb: 1024,
};

/** Sizes in messages: kilobytes under a megabyte (a 10,000-byte limit is not "0 MB"). */
export const mb = (bytes: number, digits = 0): string =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(digits)} MB`;

/** The inflate budget every compressed format shares (zip entries, docx parts, PDF streams). */
export const inflateLimits = (limits: ImportLimits): { maxTotalBytes: number; maxRatio: number } => ({
  maxTotalBytes: limits.maxZipTotalBytes,
  maxRatio: limits.maxZipRatio,
});
