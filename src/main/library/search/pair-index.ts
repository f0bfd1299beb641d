import { enlarge } from './typed';

/**
 * Which briefings hold each pair of frequent words side by side, for "exact phrases".
 *
 * A phrase of two common words ("central bank") has tens of thousands of candidates (briefings
 * holding both words) and checking each one's word sequence was most of the time of such a
 * query (~11 ms at 50,000 briefings). Pairs of the most frequent words are looked up here
 * instead; any phrase with a less frequent word has at most that word's few candidates to check.
 * Like CommonGrams in Lucene, but derived from the word sequences the index already keeps, and
 * stored as one block (CSR: offsets per pair, then every pair's briefing ids).
 *
 * Briefings added, re-indexed or removed after the build are "stale": phrases check them against
 * their word sequence, and the pairs are rebuilt when the snapshot is saved with many of them.
 */
export class PairIndex {
  /** Dense number of each frequent word id, -1 for the rest. */
  private dense = new Int32Array(0x10000).fill(-1);
  /** The frequent word ids, by dense number. */
  private words: number[] = [];
  private offsets: Int32Array = new Int32Array(1);
  private docs: Int32Array = new Int32Array(0);
  private stale = new Uint8Array(1024);
  private staleCount = 0;

  /** At most this many frequent words: the offsets take words² entries. */
  static readonly MAX_WORDS = 768;
  /** A word is frequent when at least this share of briefings holds it (and 64 of them). */
  static readonly SHARE = 0.05;

  /** Briefings changed since the pairs were built (checked one by one by phrases). */
  get staleSize(): number {
    return this.staleCount;
  }

  get bytes(): number {
    return this.offsets.byteLength + this.docs.byteLength;
  }

  /** The ids of the n most frequent words (by the briefings holding them, at the build). */
  topWords(n: number): number[] {
    return this.words.slice(0, n);
  }

  markStale(id: number): void {
    if (id >= this.stale.length) {
      let size = this.stale.length;
      while (size <= id) size *= 2;
      this.stale = enlarge(this.stale, size);
    }
    if (this.stale[id] === 0) {
      this.stale[id] = 1;
      this.staleCount++;
    }
  }

  isStale(id: number): boolean {
    return id < this.stale.length && this.stale[id] === 1;
  }

  /**
   * Builds the pairs from every briefing's word ids (`seq(id)` gives start and length in `arena`),
   * ids ascending; RARE ids (shared by the rarest words) are never frequent.
   */
  build(arena: Uint16Array, ids: number[], start: Uint32Array, len: Uint32Array, rare: number): void {
    // Document frequency of each word id.
    const df = new Int32Array(0x10000);
    const seen = new Int32Array(0x10000).fill(-1);
    for (const id of ids) {
      const s = start[id] as number;
      const e = s + (len[id] as number);
      for (let i = s; i < e; i++) {
        const w = arena[i] as number;
        if (seen[w] !== id) {
          seen[w] = id;
          df[w] = (df[w] as number) + 1;
        }
      }
    }
    const min = Math.max(64, Math.ceil(ids.length * PairIndex.SHARE));
    const words: number[] = [];
    for (let w = 0; w < rare; w++) if ((df[w] as number) >= min) words.push(w);
    words.sort((a, b) => (df[b] as number) - (df[a] as number));
    words.length = Math.min(words.length, PairIndex.MAX_WORDS);
    const dense = new Int32Array(0x10000).fill(-1);
    words.forEach((w, i) => (dense[w] = i));
    const n = words.length;
    // Two passes over the sequences: count each pair's briefings, then place them.
    const offsets = new Int32Array(n * n + 1);
    const last = new Int32Array(n * n).fill(-1);
    const visit = (place: (pair: number, id: number) => void): void => {
      for (const id of ids) {
        const s = start[id] as number;
        const e = s + (len[id] as number) - 1;
        let a = s < e + 1 ? (dense[arena[s] as number] as number) : -1;
        for (let i = s; i < e; i++) {
          const b = dense[arena[i + 1] as number] as number;
          if (a >= 0 && b >= 0) {
            const pair = a * n + b;
            if (last[pair] !== id) {
              last[pair] = id;
              place(pair, id);
            }
          }
          a = b;
        }
      }
    };
    visit((pair) => (offsets[pair + 1] = (offsets[pair + 1] as number) + 1));
    for (let p = 0; p < n * n; p++) offsets[p + 1] = (offsets[p + 1] as number) + (offsets[p] as number);
    const docs = new Int32Array(offsets[n * n] as number);
    const fill = offsets.slice(0, n * n);
    last.fill(-1);
    visit((pair, id) => (docs[(fill[pair] = (fill[pair] as number) + 1) - 1] = id));
    this.dense = dense;
    this.words = words;
    this.offsets = offsets;
    this.docs = docs;
    this.stale.fill(0);
    this.staleCount = 0;
  }

  /** The briefings holding word a directly followed by word b (as of the build), or null when the pair is not kept. */
  lookup(a: number, b: number): Int32Array | null {
    const x = this.dense[a] as number;
    const y = this.dense[b] as number;
    if (x < 0 || y < 0) return null;
    const pair = x * this.words.length + y;
    return this.docs.subarray(this.offsets[pair] as number, this.offsets[pair + 1] as number);
  }

  /** What a snapshot stores: the frequent words, then offsets and briefing ids as one block. */
  serialize(): { words: number[]; block: Int32Array } {
    const block = new Int32Array(this.offsets.length + this.docs.length);
    block.set(this.offsets);
    block.set(this.docs, this.offsets.length);
    return { words: this.words, block };
  }

  /** Restores `serialize`'s output; throws when the block does not fit the words. */
  static restore(words: number[], block: Int32Array<ArrayBufferLike>): PairIndex {
    const p = new PairIndex();
    const n = words.length;
    const total = block[n * n];
    if (block.length < n * n + 1 || total === undefined || block.length !== n * n + 1 + total)
      throw new Error('search index snapshot is damaged (phrase pairs)');
    words.forEach((w, i) => (p.dense[w] = i));
    p.words = words;
    p.offsets = block.subarray(0, n * n + 1);
    p.docs = block.subarray(n * n + 1);
    return p;
  }
}
