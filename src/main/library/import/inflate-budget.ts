import { FileRejected } from './types';
import { mb } from './limits';

/** How far a compressed container may expand: in total, and relative to its size on disk. */
export type InflateLimits = { maxTotalBytes: number; maxRatio: number };

/**
 * Any file may expand to this much whatever its size: a 4 KB docx of styles legitimately inflates
 * 30-fold, and a megabyte is harmless.
 */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

/**
 * One budget of inflated bytes for one compressed file (a zip, a docx, a PDF's streams): the
 * archive as a whole may expand to `maxRatio` times its size on disk (never less than a
 * megabyte), and never past `maxTotalBytes`. Every inflating reader charges it chunk by chunk
 * while streaming, so a bomb is stopped after at most one budget of work, before any parser sees
 * it, whether the bytes sit in one entry or are spread thinly over many.
 */
export class InflateBudget {
  readonly cap: number;
  private used = 0;

  constructor(
    readonly compressedBytes: number,
    private readonly limits: InflateLimits,
    private readonly what = 'the file',
  ) {
    this.cap = Math.min(limits.maxTotalBytes, Math.max(RATIO_FLOOR_BYTES, compressedBytes * limits.maxRatio));
  }

  get spent(): number {
    return this.used;
  }

  /** Charges `bytes` of inflated output; throws a human FileRejected once the budget is exceeded. */
  charge(bytes: number, where?: string): void {
    this.used += bytes;
    if (this.used <= this.cap) return;
    const at = where ? ` (at "${where}")` : '';
    if (this.cap === this.limits.maxTotalBytes && this.compressedBytes * this.limits.maxRatio >= this.cap)
      throw new FileRejected(`${this.what} expands past the ${mb(this.cap)} limit${at}`);
    throw new FileRejected(
      `${this.what} expands more than ${this.limits.maxRatio}-fold (${mb(this.compressedBytes, 1)} to over ${mb(this.cap)}), a decompression bomb?${at}`,
    );
  }
}
