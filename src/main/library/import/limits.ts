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

export const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;
