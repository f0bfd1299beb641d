/**
 * ASCII words -> a value, looked up straight from the characters of a text without making a
 * string of each word. Building the index looked up every word of every briefing in a Map keyed
 * by the word: slicing it out of the text, hashing the fresh string and probing a 200,000-entry
 * Map measured ~400 ns a word, the largest cost of a build. Here the hash is computed while the
 * text is scanned and the table compares characters in place (open addressing, linear probing).
 */
export class WordTable<T> {
  private hashes = new Int32Array(1 << 12);
  private offsets = new Int32Array(1 << 12);
  private lengths = new Uint8Array(1 << 12);
  private values: (T | undefined)[] = new Array<T | undefined>(1 << 12);
  private chars = new Uint8Array(1 << 16);
  private charsUsed = 0;
  private count = 0;

  /** Longest word kept (the rest are looked up by string, see the caller). */
  static readonly MAX_LENGTH = 255;

  get(text: string, start: number, end: number, hash: number): T | undefined {
    const mask = this.hashes.length - 1;
    const len = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const v = this.values[slot];
      if (v === undefined) return undefined;
      if (this.hashes[slot] === hash && this.lengths[slot] === len && this.same(slot, text, start, len)) return v;
    }
  }

  /** Adds a word that `get` did not find (ASCII, at most MAX_LENGTH characters). */
  set(text: string, start: number, end: number, hash: number, value: T): void {
    if ((this.count + 1) * 2 > this.hashes.length) this.grow();
    const len = end - start;
    if (this.charsUsed + len > this.chars.length) {
      const next = new Uint8Array(Math.max(this.chars.length * 2, this.charsUsed + len));
      next.set(this.chars);
      this.chars = next;
    }
    const at = this.charsUsed;
    for (let i = 0; i < len; i++) this.chars[at + i] = text.charCodeAt(start + i);
    this.charsUsed += len;
    this.put(hash, at, len, value);
    this.count++;
  }

  private same(slot: number, text: string, start: number, len: number): boolean {
    const at = this.offsets[slot] as number;
    const chars = this.chars;
    for (let i = 0; i < len; i++) if (chars[at + i] !== text.charCodeAt(start + i)) return false;
    return true;
  }

  private put(hash: number, at: number, len: number, value: T): void {
    const mask = this.hashes.length - 1;
    let slot = hash & mask;
    while (this.values[slot] !== undefined) slot = (slot + 1) & mask;
    this.hashes[slot] = hash;
    this.offsets[slot] = at;
    this.lengths[slot] = len;
    this.values[slot] = value;
  }

  private grow(): void {
    const { hashes, offsets, lengths, values } = this;
    const size = hashes.length * 2;
    this.hashes = new Int32Array(size);
    this.offsets = new Int32Array(size);
    this.lengths = new Uint8Array(size);
    this.values = new Array<T | undefined>(size);
    for (let i = 0; i < hashes.length; i++) {
      const v = values[i];
      if (v !== undefined) this.put(hashes[i] as number, offsets[i] as number, lengths[i] as number, v);
    }
  }
}
