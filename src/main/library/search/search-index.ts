import zlib from 'node:zlib';
import { Index } from 'flexsearch';
import type { Node } from './query';
import { fold, scanWords, stemWord, terms, termsOfFolded } from './tokenize';
import { PairIndex } from './pair-index';
import { enlarge } from './typed';
import { WordTable } from './word-table';

/** What filters and date order need, kept beside the index so common queries skip SQL. */
export type DocMeta = {
  date: string;
  state: 'unread' | 'in_progress' | 'read';
  starred: boolean;
  archived: boolean;
  format: string;
};

export type IndexDoc = {
  id: number;
  title: string;
  headline: string | null;
  source: string | null;
  byline: string | null;
  tags: string[];
  text: string;
  meta: DocMeta;
};

export type PhraseNode = Extract<Node, { kind: 'phrase' }>;
/** Filters the index can apply from its own columns (dates in ms since 1970). */
export type MetaFilter = {
  /** null: any state; 'none': the query asked for two different states, so nothing passes. */
  state: DocMeta['state'] | null | 'none';
  starred: boolean;
  /** undefined: archived or not. */
  archived: boolean | undefined;
  formats: string[];
  after: number | null;
  before: number | null;
};
const STATES: DocMeta['state'][] = ['unread', 'in_progress', 'read'];
const FORMATS = ['txt', 'md', 'html', 'pdf', 'eml', 'docx', 'json'];
/**
 * A snapshot ends with a table of its blocks (header, postings, briefing columns, phrase pairs,
 * word sequences): each block's end offset and CRC-32, then the CRC-32 of that table and of the
 * file's first 16 bytes, then the marker. The blocks' checksums locate the damage; the table's
 * own checksum covers their offsets, so together they cover the whole file.
 */
const TRAILER_BLOCKS = 5;
const TRAILER_BYTES = TRAILER_BLOCKS * 8 + 8;
const TRAILER_MARK = 0x43524642; // "BFRC" little-endian

function writeTrailer(out: Buffer, ends: number[]): void {
  const at = out.length - TRAILER_BYTES;
  let from = 0;
  ends.forEach((blockEnd, i) => {
    out.writeUInt32LE(blockEnd, at + i * 8);
    out.writeUInt32LE(zlib.crc32(out.subarray(from, blockEnd)), at + i * 8 + 4);
    from = blockEnd;
  });
  out.writeUInt32LE(zlib.crc32(out.subarray(at, at + TRAILER_BLOCKS * 8)), at + TRAILER_BLOCKS * 8);
  out.writeUInt32LE(TRAILER_MARK, at + TRAILER_BLOCKS * 8 + 4);
}

/** The snapshot without its trailer, or an error naming the damaged block. */
function verifyTrailer(buf: Buffer): Buffer {
  const at = buf.length - TRAILER_BYTES;
  if (buf.readUInt32LE(at + TRAILER_BLOCKS * 8 + 4) !== TRAILER_MARK)
    throw new Error('search index snapshot is truncated or has no checksums');
  if (zlib.crc32(buf.subarray(at, at + TRAILER_BLOCKS * 8)) !== buf.readUInt32LE(at + TRAILER_BLOCKS * 8))
    throw new Error('search index snapshot is damaged (its block table fails its checksum)');
  const names = ['header', 'postings', 'briefing columns', 'phrase pairs', 'word sequences'];
  let from = 0;
  for (let i = 0; i < TRAILER_BLOCKS; i++) {
    const end = buf.readUInt32LE(at + i * 8);
    if (end < from || end > at || (i === TRAILER_BLOCKS - 1 && end !== at))
      throw new Error('search index snapshot is damaged (its block table does not fit the file)');
    if (zlib.crc32(buf.subarray(from, end)) !== buf.readUInt32LE(at + i * 8 + 4))
      throw new Error(`search index snapshot is damaged (the ${names[i]} fail their checksum)`);
    from = end;
  }
  return buf.subarray(0, at);
}

/** Numbers kept per briefing in a snapshot: id, sequence length, title length, two fingerprints, state/flags/format. */
const DOC_COLUMNS = 6;
/** The lines of a string written by `save` ('' is no lines). */
const lines = (s: string): string[] => (s === '' ? [] : s.split('\n'));
const formatCode = (f: string): number => {
  const i = FORMATS.indexOf(f);
  return i < 0 ? 255 : i;
};
/**
 * Matching ids (unique) and their scores, index for index. Typed arrays: a word found in 45,000
 * briefings made two 45,000-element JS arrays per query, and collecting them was most of the
 * p95 (the p50 was a quarter of it).
 */
export type Hits = { ids: Int32Array; scores: Float64Array };
const NONE: Hits = { ids: new Int32Array(0), scores: new Float64Array(0) };
/**
 * Checks phrase candidates against the stored text; used only for phrases whose words the index
 * cannot check itself (words too rare to have a compact id, see `WordSeq`).
 */
export type TextCheck = (ids: number[], phrase: PhraseNode) => Set<number>;

/**
 * A stem of the dictionary; `mark` dedupes it within one analyzed text. `body` and `title` keep
 * its postings arrays in those indexes once known: a build pushes ~12 million postings at 50,000
 * briefings, and finding each term's array in a Map of 100,000+ terms first was ~600 ns a push.
 */
export type StemEntry = { term: string; mark: number; body?: Postings; title?: Postings; head?: number; tail?: number };
/** A folded word of the lexicon: its stem and its compact id in the word sequences. */
type LexEntry = { stem: StemEntry; id: number };
/** A text as the index needs it: word ids in order, and each distinct stem with its first position. */
export type Analyzed = { seq: Uint16Array; uniq: StemEntry[]; first: number[]; length: number };

/**
 * FlexSearch's own storage of an Index: term -> score slot -> ids; id -> the arrays it is in.
 * In the text and title indexes a slot of 16 ids or more is kept as an Int32Array once the index
 * is loaded or built (4 bytes an id where a JS array takes 8: about 90 MB less at 50,000
 * briefings, and a snapshot loads as views instead of being copied id by id). A typed slot
 * stays typed as briefings come and go (see `append`): turning the slots of common words back
 * into JS arrays on the first edits grew the heap by tens of MB and brought V8's full
 * collections into the next queries.
 */
type Slot = number[] | Int32Array;
type Postings = (Slot | undefined)[];
/** Slots at least this long are stored as Int32Array (shorter ones cost more as typed arrays). */
const TYPED_MIN = 16;
type FlexInternals = { map: Map<string, Postings>; reg: Set<number> };

// Terms are tokenized, folded and stemmed by tokenize.ts before FlexSearch sees them, so its own
// encoder is bypassed: a strict index over ready terms builds about 10x faster than FlexSearch's
// default pipeline (measured) and index and query can never tokenize differently.
const RESOLUTION = 3;
// fastupdate is off: its register (id -> every array holding it) measured +385 MB and 2 s to
// rebuild at 50,000 briefings; removals are batched through `purge` instead.
export const OPTIONS = {
  tokenize: 'strict',
  encode: (s: string) => s.split(' '),
  resolution: RESOLUTION,
  fastupdate: false,
};
/** How many dictionary terms one prefix may expand to (most frequent first). */
const MAX_EXPANSIONS = 40;
const TITLE_BOOST = 3;
const TAG_WEIGHT = 0.5;
/** Score of a body hit by FlexSearch's slot (where in the text the word first appears). */
const SLOT_WEIGHT = [1, 0.9, 0.8];
/** Surface words with an id at or above this are not kept in the compact word sequences. */
const RARE_WORD = 0xffff;
export const SNAPSHOT_VERSION = 4;

const newIndex = (): Index => new Index(OPTIONS as never);
const internals = (i: Index): FlexInternals => i as unknown as FlexInternals;

/**
 * The full-text index: derived data, rebuilt or reloaded from a snapshot, kept right from SQLite's
 * change log. FlexSearch holds the postings (three indexes: all searchable text, titles for the
 * title boost and title:, tag words apart so tagging does not re-index text); queries read its
 * postings directly and combine them in typed arrays indexed by briefing id, which measured
 * several times faster than its search() for words found in thousands of briefings. Beside it:
 * a sorted term dictionary (every query word is a prefix: "govern" finds "governance", "cap"
 * finds "capacitors", without FlexSearch's forward tokenizer that measured 3x slower to build
 * and 4x larger), each briefing's words as a compact sequence of word ids, which verifies
 * "exact phrases" in memory instead of reading texts back from SQLite (820 ms -> ~1 ms at 50,000),
 * and pairs of frequent words side by side (`PairIndex`), which answer phrases of common words
 * without checking tens of thousands of those sequences.
 */
/**
 * How often each term that can make two briefings similar occurs: words of three letters or
 * more, no numbers (they say nothing about what a text is about). Shared by the index's candidate
 * lookup and the search service's re-ranking, so both judge the same terms.
 */
export function similarityCounts(docTerms: Iterable<string>): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of docTerms) if (t.length > 2 && !/^\d+$/.test(t)) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
}

export class SearchIndex {
  private body = newIndex();
  private title = newIndex();
  private tagText = newIndex();
  private bodyBatch = new PostingsBatch(this.body, 'body');
  private sigs = new Map<number, { body: number; tags: number }>();
  /** Folded words -> their stem and compact id (for the phrase sequences). */
  private lex = new Map<string, LexEntry>();
  /** The same words (ASCII ones), found from a text's characters without slicing them out. */
  private fastLex = new WordTable<LexEntry>();
  /** The lexicon entries of the text being analyzed, word by word (reused between texts). */
  private wordBuf: LexEntry[] = [];
  /** Every stem ever indexed; `sorted` and `unsorted` hold the same, for prefix ranges. */
  private dictionary = new Map<string, StemEntry>();
  /** Marks stems already seen in the text being analyzed (dedupe without a Set per text). */
  private mark = 0;
  /**
   * Every briefing's word ids, one after another in one array (start and length by id): a phrase
   * check walks tens of thousands of briefings, and one block of memory was ~3x faster than a
   * typed array per briefing. Replaced sequences stay as garbage until `compactSeqs`.
   */
  private arena: Uint16Array = new Uint16Array(1 << 16);
  private arenaUsed = 0;
  private arenaLive = 0;
  private seqStart = new Uint32Array(1024);
  private seqLen = new Uint32Array(1024);
  private titleLen = new Uint32Array(1024);
  /** Reading state, starred/archived flags and format by id, for filters without SQL. */
  private stateCode = new Uint8Array(1024);
  private flags = new Uint8Array(1024);
  private formatCode = new Uint8Array(1024);
  private maxId = 0;
  private sorted: string[] = [];
  private unsorted = new Set<string>();
  readonly ids = new Set<number>();
  readonly meta = new ById<DocMeta>();
  /** Each briefing's date as a number, by id: ranking compares millions of dates per second. */
  private dates = new Float64Array(1024);
  private scratch = new Scratch();
  /** Briefings holding pairs of frequent words side by side, for phrases (see PairIndex). */
  private pairs = new PairIndex();

  /** The date of a briefing as milliseconds (0 when unknown), for ordering. */
  dateKey(id: number): number {
    return id < this.dates.length ? (this.dates[id] as number) : 0;
  }

  get size(): number {
    return this.ids.size;
  }

  /** Makes room in the per-id columns for `id`. */
  private room(id: number): void {
    if (id > this.maxId) this.maxId = id;
    if (id < this.dates.length) return;
    let size = this.dates.length;
    while (size <= id) size *= 2;
    this.dates = enlarge(this.dates, size);
    this.seqStart = enlarge(this.seqStart, size);
    this.seqLen = enlarge(this.seqLen, size);
    this.titleLen = enlarge(this.titleLen, size);
    this.stateCode = enlarge(this.stateCode, size);
    this.flags = enlarge(this.flags, size);
    this.formatCode = enlarge(this.formatCode, size);
  }

  private setMeta(id: number, meta: DocMeta): void {
    this.room(id);
    this.meta.set(id, meta);
    this.dates[id] = Date.parse(meta.date) || 0;
    this.stateCode[id] = STATES.indexOf(meta.state);
    this.flags[id] = (meta.starred ? 1 : 0) | (meta.archived ? 2 : 0);
    this.formatCode[id] = formatCode(meta.format);
  }

  private putSeq(id: number, seq: Uint16Array, titleLen: number): void {
    this.room(id);
    if (this.arenaUsed + seq.length > this.arena.length) {
      if (this.arenaUsed - this.arenaLive > this.arena.length / 2) this.compactSeqs();
      if (this.arenaUsed + seq.length > this.arena.length) {
        // (A loaded arena is exactly as long as its sequences, possibly 0.)
        let size = Math.max(1 << 16, this.arena.length);
        while (size < this.arenaUsed + seq.length) size *= 2;
        const next = new Uint16Array(size);
        next.set(this.arena.subarray(0, this.arenaUsed));
        this.arena = next;
      }
    }
    this.arenaLive += seq.length - (this.seqLen[id] as number);
    this.arena.set(seq, this.arenaUsed);
    this.seqStart[id] = this.arenaUsed;
    this.seqLen[id] = seq.length;
    this.titleLen[id] = titleLen;
    this.arenaUsed += seq.length;
  }

  /** Drops replaced sequences from the arena. */
  private compactSeqs(): void {
    const next = new Uint16Array(Math.max(1 << 16, this.arenaLive * 2));
    let used = 0;
    for (const id of this.ids) {
      const len = this.seqLen[id] as number;
      const start = this.seqStart[id] as number;
      next.set(this.arena.subarray(start, start + len), used);
      this.seqStart[id] = used;
      used += len;
    }
    this.arena = next;
    this.arenaUsed = used;
    this.arenaLive = used;
  }

  /** Keeps the ids whose metadata passes the filter (state, starred, archived, format, dates). */
  filter(ids: Iterable<number>, f: MetaFilter): number[] {
    const out: number[] = [];
    const state = f.state === null ? -1 : f.state === 'none' ? -2 : STATES.indexOf(f.state);
    if (state === -2) return out;
    const needFlags = (f.starred ? 1 : 0) | (f.archived === true ? 2 : 0);
    const forbidFlags = f.archived === false ? 2 : 0;
    const formats = f.formats.length > 0 ? new Set(f.formats.map(formatCode)) : null;
    const after = f.after ?? -Infinity;
    const before = f.before ?? Infinity;
    const { stateCode, flags, formatCode: fc, dates } = this;
    for (const id of ids) {
      if (!this.meta.has(id)) continue;
      if (state >= 0 && stateCode[id] !== state) continue;
      const fl = flags[id] as number;
      if ((fl & needFlags) !== needFlags || (fl & forbidFlags) !== 0) continue;
      if (formats && !formats.has(fc[id] as number)) continue;
      const d = dates[id] as number;
      if (d < after || d >= before) continue;
      out.push(id);
    }
    return out;
  }

  add(doc: IndexDoc): void {
    this.apply([doc]);
  }

  remove(id: number): void {
    this.apply([], [id]);
  }

  /**
   * Adds or re-indexes briefings and removes others, in one go. Removing from FlexSearch without
   * its fastupdate register means one pass over all postings however many briefings leave (~50
   * ms at 50,000), so removals are batched; new briefings need none.
   */
  /**
   * Returns whether any text, tags or briefings changed (not only reading state or dates).
   * `defer`: new text is not searchable until `flushPostings` (a build writes postings in large
   * groups); anything deferred is flushed before an index changes existing entries.
   */
  apply(docs: IndexDoc[], removed: number[] = [], defer = false): boolean {
    const textGone = new Set<number>();
    const tagsGone = new Set<number>();
    const plans = docs.map((doc) => {
      const bodySig = signature([doc.title, doc.headline ?? '', doc.source ?? '', doc.byline ?? '', doc.text]);
      const tagSig = signature(doc.tags);
      const known = this.sigs.get(doc.id);
      // A change of reading state or tags leaves the text as it was: only what changed is
      // re-indexed (tagging 16,000 briefings once took 49 s to reach search because of this).
      const text = !known || known.body !== bodySig;
      const tags = !known || known.tags !== tagSig;
      if (known && text) textGone.add(doc.id);
      if (known && tags) tagsGone.add(doc.id);
      return { doc, bodySig, tagSig, text, tags };
    });
    for (const id of removed) {
      if (!this.ids.has(id)) continue;
      this.pairs.markStale(id);
      textGone.add(id);
      tagsGone.add(id);
      this.ids.delete(id);
      this.meta.delete(id);
      this.sigs.delete(id);
      this.arenaLive -= this.seqLen[id] as number;
      this.seqLen[id] = 0;
    }
    if (textGone.size > 0) {
      this.bodyBatch.flush();
      // A term whose postings empty out leaves FlexSearch's map: its cached array goes too.
      purge(this.body, textGone, (t) => {
        const e = this.dictionary.get(t);
        if (e) e.body = undefined;
      });
      purge(this.title, textGone, (t) => {
        const e = this.dictionary.get(t);
        if (e) e.title = undefined;
      });
    }
    if (tagsGone.size > 0) purge(this.tagText, tagsGone);
    for (const { doc, bodySig, tagSig, text, tags } of plans) {
      if (text) {
        this.pairs.markStale(doc.id);
        // Title and headline come first in the body text: their words are its first words.
        const { body, title } = this.analyzeParts(
          [doc.title, doc.headline ?? '', doc.source ?? '', doc.byline ?? '', doc.text],
          2,
        );
        this.bodyBatch.push(doc.id, body);
        pushPostings(this.title, doc.id, title, 'title');
        this.putSeq(doc.id, body.seq, title.length);
      }
      if (tags) {
        const tagTerms = this.analyze(terms(doc.tags.join('\n'), false)).uniq.map((e) => e.term);
        if (tagTerms.length > 0) this.tagText.add(doc.id, tagTerms.join(' '));
      }
      this.sigs.set(doc.id, { body: bodySig, tags: tagSig });
      this.ids.add(doc.id);
      this.setMeta(doc.id, doc.meta);
    }
    if (!defer) this.bodyBatch.flush();
    return textGone.size > 0 || tagsGone.size > 0 || plans.some((p) => p.text || p.tags);
  }

  /** Makes text added with `apply(…, defer)` searchable. */
  flushPostings(): void {
    this.bodyBatch.flush();
  }

  /** (Re)builds the phrase pairs from every briefing's words (see PairIndex). */
  buildPairs(): void {
    this.pairs.build(this.arena, [...this.ids], this.seqStart, this.seqLen, RARE_WORD);
  }

  /** Stores long postings compactly (after a build; a loaded snapshot already is). */
  compact(): void {
    this.bodyBatch.flush();
    compactPostings(this.body);
    compactPostings(this.title);
  }

  /** The fingerprint of a briefing's indexed text, or undefined when it is not indexed. */
  signatureOf(id: number): { body: number; tags: number } | undefined {
    return this.sigs.get(id);
  }

  /** Sorts new terms into the dictionary (after a build, so the first query does not). */
  mergeDictionary(): void {
    if (this.unsorted.size === 0) return;
    this.sorted = [...this.sorted, ...this.unsorted].sort();
    this.unsorted.clear();
  }

  /**
   * A text's stems (for FlexSearch) and its words as a sequence of compact ids (for phrases),
   * with one lookup per word: the lexicon caches each folded word's stem and id. Stemming and
   * the lookups were the largest cost of indexing after FlexSearch itself.
   */
  private analyze(words: string[]): Analyzed {
    this.ensureLexicon();
    for (let i = 0; i < words.length; i++) this.wordBuf[i] = this.entry(words[i] as string);
    return this.collect(words.length);
  }

  /**
   * `analyze` of several texts read as one (the body: title, headline, source, byline, text),
   * and of its first `titleParts` texts alone (the title), in one pass over the characters.
   */
  private analyzeParts(parts: string[], titleParts: number): { body: Analyzed; title: Analyzed } {
    this.ensureLexicon();
    let n = 0;
    let titleCount = 0;
    for (let k = 0; k < parts.length; k++) {
      const folded = fold(parts[k] as string);
      const scanned = this.scan(folded, n);
      if (scanned >= 0) n = scanned;
      else for (const w of termsOfFolded(folded, false)) this.wordBuf[n++] = this.entry(w);
      if (k < titleParts) titleCount = n;
    }
    return { body: this.collect(n), title: this.collect(titleCount) };
  }

  /**
   * Appends the words of a folded text to `wordBuf` from position n and returns the new count,
   * or -1 when the text has letters or digits outside ASCII (the caller then uses `terms`).
   */
  private scan(folded: string, n: number): number {
    let m = n;
    const ok = scanWords(folded, (start, end, hash) => {
      this.wordBuf[m++] = this.lookup(folded, start, end, hash);
    });
    return ok ? m : -1;
  }

  private lookup(text: string, start: number, end: number, hash: number): LexEntry {
    if (end - start > WordTable.MAX_LENGTH) return this.entry(text.slice(start, end));
    let e = this.fastLex.get(text, start, end, hash);
    if (e === undefined) {
      e = this.entry(text.slice(start, end));
      this.fastLex.set(text, start, end, hash, e);
    }
    return e;
  }

  /** The lexicon entry of a folded word, made on first sight. */
  private entry(w: string): LexEntry {
    let e = this.lex.get(w);
    if (e === undefined) {
      const term = stemWord(w);
      let stem = this.dictionary.get(term);
      if (!stem) {
        stem = { term, mark: 0, body: undefined, title: undefined, head: -1, tail: -1 };
        this.dictionary.set(term, stem);
        this.unsorted.add(term);
      }
      // Past 65,535 distinct words the rest share the "rare" id (phrases with them are
      // checked against the text); they are still remembered, for their stem.
      e = { stem, id: Math.min(this.lex.size, RARE_WORD) };
      this.lex.set(w, e);
    }
    return e;
  }

  /** The first `count` words of `wordBuf` as the index needs them (see `Analyzed`). */
  private collect(count: number): Analyzed {
    const buf = this.wordBuf;
    const mark = ++this.mark;
    const seq = new Uint16Array(count);
    const uniq: StemEntry[] = [];
    const first: number[] = [];
    for (let i = 0; i < count; i++) {
      const e = buf[i] as LexEntry;
      seq[i] = e.id;
      if (e.stem.mark !== mark) {
        e.stem.mark = mark;
        uniq.push(e.stem);
        first.push(i);
      }
    }
    return { seq, uniq, first, length: count };
  }

  /** Document frequency of a term (text and tags), read from the postings: always current. */
  df(t: string): number {
    let n = 0;
    for (const p of [internals(this.body).map.get(t), internals(this.tagText).map.get(t)])
      if (p) for (const ids of p) if (ids) n += ids.length;
    return n;
  }

  /**
   * Briefings that share the most distinctive terms with a document (its terms weighted by
   * tf × idf, the top 24 looked up), best first. Terms found in more than a quarter of the library
   * say nothing about similarity and are left out; so are numbers.
   */
  similar(docTerms: string[], exclude: number, k: number): { id: number; score: number; shared: string[] }[] {
    const n = Math.max(1, this.ids.size);
    const tf = similarityCounts(docTerms);
    const weighted = [...tf]
      .map(([t, f]) => ({ t, df: this.df(t), f }))
      .filter((x) => x.df >= 2 && x.df <= Math.max(2, n / 4))
      .map((x) => ({ t: x.t, w: (1 + Math.log(x.f)) * Math.log(n / x.df) }))
      .sort((a, b) => b.w - a.w)
      .slice(0, 24);
    const acc = new Map<number, { score: number; shared: string[] }>();
    for (const { t, w } of weighted) {
      for (const ids of internals(this.body).map.get(t) ?? []) {
        for (const id of ids ?? []) {
          if (id === exclude) continue;
          const e = acc.get(id) ?? { score: 0, shared: [] };
          e.score += w;
          e.shared.push(t);
          acc.set(id, e);
        }
      }
    }
    return [...acc]
      .filter(([, e]) => e.shared.length >= 2)
      .sort((a, b) => b[1].score - a[1].score || a[0] - b[0])
      .slice(0, k)
      .map(([id, e]) => ({ id, score: Math.round(e.score * 100) / 100, shared: e.shared }));
  }

  /** Dictionary terms starting with a prefix, most frequent first (at most MAX_EXPANSIONS). */
  expand(prefix: string): string[] {
    const out = this.range(prefix);
    if (out.length <= MAX_EXPANSIONS) return out;
    return out
      .map((t) => ({ t, df: this.df(t) }))
      .sort((a, b) => b.df - a.df)
      .slice(0, MAX_EXPANSIONS)
      .map((x) => x.t);
  }

  /** Every dictionary term starting with a prefix. */
  private range(prefix: string): string[] {
    // Sorting the dictionary (~100,000 terms) costs ~50 ms: done when a query finds many new
    // terms waiting, never per imported briefing.
    if (this.unsorted.size > 2000) this.mergeDictionary();
    const s = this.sorted;
    const out: string[] = [];
    for (let i = lowerBound(s, prefix); i < s.length && (s[i] as string).startsWith(prefix); i++)
      out.push(s[i] as string);
    for (const t of this.unsorted) if (t.startsWith(prefix)) out.push(t);
    return out;
  }

  /**
   * Evaluates a query tree into matching ids with scores. Phrases are checked in memory against
   * each candidate's word sequence; `textCheck` covers phrases with words too rare for it. The
   * arrays returned are reused by the next evaluate(): read them before evaluating again.
   */
  evaluate(node: Node, fuzzy = false, textCheck?: TextCheck): Hits {
    this.scratch.grow(this.maxId);
    this.scratch.reset();
    return (
      this.eval(node, fuzzy, textCheck) ?? {
        ids: Int32Array.from(this.ids),
        scores: new Float64Array(this.ids.size),
      }
    );
  }

  /** null means "no text constraint" (match everything). */
  private eval(node: Node, fuzzy: boolean, textCheck?: TextCheck): Hits | null {
    switch (node.kind) {
      case 'all':
        return null;
      case 'word':
        return this.word(node.value, node.field, fuzzy);
      case 'phrase':
        return this.phrase(node, textCheck);
      case 'and': {
        let acc: Hits | null = null;
        const negatives: Node[] = [];
        // Smallest first: intersections then only shrink.
        const parts: Hits[] = [];
        for (const n of node.nodes) {
          if (n.kind === 'not') negatives.push(n.node);
          else {
            const r = this.eval(n, fuzzy, textCheck);
            if (r) parts.push(r);
          }
        }
        parts.sort((a, b) => a.ids.length - b.ids.length);
        for (const p of parts) acc = acc ? this.scratch.intersect(acc, p) : p;
        for (const n of negatives) {
          const r = this.eval(n, false, textCheck);
          if (r && acc) acc = this.scratch.subtract(acc, r);
        }
        return acc;
      }
      case 'or': {
        const parts: Hits[] = [];
        for (const n of node.nodes) {
          const r = this.eval(n, fuzzy, textCheck);
          if (!r) return null;
          parts.push(r);
        }
        return this.scratch.union(parts);
      }
      case 'not':
        // A lone negation is rejected by the parser; inside AND it is handled above.
        return NONE;
    }
  }

  private phrase(node: PhraseNode, textCheck?: TextCheck): Hits {
    const stems = terms(node.value);
    let acc: Hits | null = null;
    for (const t of [...new Set(stems)]
      .map((t) => this.term(t, node.field, 1))
      .sort((a, b) => a.ids.length - b.ids.length))
      acc = acc ? this.scratch.intersect(acc, t) : t;
    if (!acc || acc.ids.length === 0) return NONE;
    const words = terms(node.value, false);
    this.ensureLexicon();
    const want = words.map((w) => this.lex.get(w)?.id);
    let keep: (id: number) => boolean;
    if (want.some((w) => w === undefined)) {
      // A word never seen in any text: nothing holds the phrase.
      return NONE;
    } else if (words.length > 0 && want.every((w) => w !== undefined && w < RARE_WORD)) {
      const ws = want as number[];
      const { arena, seqStart, seqLen, titleLen, pairs, scratch } = this;
      const title = node.field === 'title';
      const check = (id: number): boolean => {
        const len = seqLen[id] as number;
        return len > 0 && containsRun(arena, seqStart[id] as number, title ? (titleLen[id] as number) : len, ws);
      };
      // The rarest kept pair of adjacent words narrows the candidates to the briefings that hold
      // it; for a two-word phrase in the text that is the answer itself. Briefings changed since
      // the pairs were built are checked against their words.
      let narrow: Int32Array | null = null;
      for (let i = 0; i + 1 < ws.length; i++) {
        const d = pairs.lookup(ws[i] as number, ws[i + 1] as number);
        if (d && (!narrow || d.length < narrow.length)) narrow = d;
      }
      if (narrow) {
        const gen = scratch.stampAll(narrow);
        const exact = ws.length === 2 && !title;
        keep = (id) => (pairs.isStale(id) ? check(id) : scratch.stamped(id, gen) && (exact || check(id)));
      } else keep = check;
    } else if (textCheck) {
      const ok = textCheck(Array.from(acc.ids), node);
      keep = (id) => ok.has(id);
    } else keep = () => true;
    const { ids, scores } = acc;
    const { ids: outIds, scores: outScores } = this.scratch.take(ids.length);
    let n = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      if (keep(id)) {
        outIds[n] = id;
        outScores[n++] = scores[i] as number;
      }
    }
    return { ids: outIds.subarray(0, n), scores: outScores.subarray(0, n) };
  }

  /** A query word: its exact term(s), plus prefix expansions of the last term. */
  private word(value: string, field: 'any' | 'title', fuzzy: boolean): Hits {
    const ts = terms(value);
    if (ts.length === 0) return NONE;
    let acc: Hits | null = null;
    ts.forEach((t, i) => {
      const wanted: { t: string; w: number }[] = [{ t, w: 1 }];
      if (i === ts.length - 1) {
        // Prefix matching works on the folded word, not its stem: "governan" must still find
        // "governance" whose stem is "govern".
        const raw = fold(value).match(/[\p{L}\p{N}]+$/u)?.[0] ?? t;
        for (const e of new Set([...this.expand(raw), ...this.expand(t)])) if (e !== t) wanted.push({ t: e, w: 0.8 });
      }
      let out = this.terms(wanted, field);
      if (fuzzy && out.ids.length === 0 && i === ts.length - 1) {
        out = this.terms(
          this.near(t).map((e) => ({ t: e, w: 0.5 })),
          field,
        );
      }
      acc = acc ? this.scratch.intersect(acc, out) : out;
    });
    return acc ?? NONE;
  }

  private term(t: string, field: 'any' | 'title', weight: number): Hits {
    return this.terms([{ t, w: weight }], field);
  }

  /**
   * The briefings holding any of the terms, scored: title hits first (title boost), then by where
   * in the text the word appears, weighted by the term's rarity (idf) so rarer words count more.
   */
  private terms(wanted: { t: string; w: number }[], field: 'any' | 'title'): Hits {
    const n = this.ids.size + 1;
    const lists = wanted.map(({ t, w }) => ({
      idf: w * Math.log(1 + n / (1 + this.df(t))),
      body: field === 'title' ? undefined : internals(this.body).map.get(t),
      tags: field === 'title' ? undefined : internals(this.tagText).map.get(t),
      title: internals(this.title).map.get(t),
    }));
    let bound = 0;
    for (const l of lists)
      for (const p of [l.body, l.tags, l.title]) if (p) for (const ids of p) bound += ids ? ids.length : 0;
    const acc = this.scratch.begin(bound);
    for (const { idf, body, tags, title } of lists) {
      if (field === 'title') {
        title?.forEach((ids, slot) => ids && acc.addAll(ids, idf * (TITLE_BOOST + 1 - slot * 0.1)));
        continue;
      }
      body?.forEach((ids, slot) => ids && acc.addAll(ids, idf * (SLOT_WEIGHT[slot] ?? 0.7)));
      tags?.forEach((ids) => ids && acc.addAll(ids, idf * TAG_WEIGHT));
      title?.forEach((ids) => ids && acc.addAll(ids, idf * TITLE_BOOST));
    }
    return acc.done();
  }

  /** Typo tolerance: dictionary terms one edit away (same first letter), most frequent first. */
  private near(t: string): string[] {
    if (t.length < 4) return [];
    // Every term with the same first letter is checked, not only the most frequent ones: a rare
    // name ("kratsios") is exactly what people misspell.
    return this.range(t.slice(0, 1))
      .filter((cand) => Math.abs(cand.length - t.length) <= 1 && editDistanceAtMostOne(cand, t))
      .map((c) => ({ c, df: this.df(c) }))
      .sort((a, b) => b.df - a.df)
      .slice(0, 10)
      .map((x) => x.c);
  }

  /** The whole index as one binary snapshot (see `load`). */
  save(cursor: number): Buffer {
    this.ensureLexicon();
    this.mergeDictionary();
    // Many briefings changed since the phrase pairs were built: rebuilt before they are stored
    // (~0.3 s at 50,000 briefings, in the search worker, beside a save that takes longer).
    if (this.pairs.staleSize > Math.max(1000, this.ids.size / 50)) this.buildPairs();
    const pairs = this.pairs.serialize();
    const ids = [...this.ids];
    // Lists of words are stored as lines of one string (no word holds a line break) and numbers
    // per briefing as binary columns: JSON.parse of arrays of arrays took 150 ms at 50,000.
    const formats: string[] = [];
    const cols = new Uint32Array(ids.length * DOC_COLUMNS);
    ids.forEach((id, i) => {
      const m = this.meta.get(id) as DocMeta;
      const sig = this.sigs.get(id) as { body: number; tags: number };
      let f = formats.indexOf(m.format);
      if (f < 0) f = formats.push(m.format) - 1;
      cols.set(
        [
          id,
          this.seqLen[id] as number,
          this.titleLen[id] as number,
          sig.body,
          sig.tags,
          STATES.indexOf(m.state) | (m.starred ? 4 : 0) | (m.archived ? 8 : 0) | (f << 8),
        ],
        i * DOC_COLUMNS,
      );
    });
    const words = [...this.lex.keys()];
    const header = {
      version: SNAPSHOT_VERSION,
      cursor,
      dates: ids.map((id) => (this.meta.get(id) as DocMeta).date).join('\n'),
      formats,
      // Word ids are the words' order (see `entry`); a stem equal to its word is left empty.
      words: words.join('\n'),
      stems: words
        .map((w) => (this.lex.get(w) as LexEntry).stem.term)
        .map((t, i) => (t === words[i] ? '' : t))
        .join('\n'),
      dictionary: this.sorted.join('\n'),
      terms: [this.body, this.title, this.tagText].map((i) => [...internals(i).map.keys()].join('\n')),
      pairWords: pairs.words,
      pairInts: pairs.block.length,
      stale: ids.filter((id) => this.pairs.isStale(id)),
    };
    // Postings: per term, per slot: slot, count, ids. Then the briefings' columns, the phrase
    // pairs, and the word sequences. Written straight into one buffer: a part per term joined
    // at the end (375,000 of them at 50,000 briefings) made saving twice as slow, half of it
    // in the garbage collector.
    const indexes = [this.body, this.title, this.tagText].map((i) => internals(i).map);
    let postingsWords = 0;
    for (const map of indexes)
      for (const postings of map.values()) {
        postingsWords++;
        for (const p of postings) if (p && p.length > 0) postingsWords += 2 + p.length;
      }
    let seqWords = 0;
    for (const id of ids) seqWords += this.seqLen[id] as number;
    const json = Buffer.from(JSON.stringify(header));
    const postingsStart = 16 + json.length + ((4 - (json.length % 4)) % 4);
    const colsStart = postingsStart + postingsWords * 4;
    const pairsStart = colsStart + cols.byteLength;
    const seqStart = pairsStart + pairs.block.byteLength;
    const end = seqStart + seqWords * 2;
    const out = Buffer.alloc(end + TRAILER_BYTES);
    out.write('BRFX', 0, 'latin1');
    out.writeUInt32LE(json.length, 4);
    out.writeUInt32LE(postingsWords, 8);
    out.writeUInt32LE(ids.length, 12);
    json.copy(out, 16);
    // Buffer.alloc of this size has an ArrayBuffer of its own, so these views are aligned.
    const u32 = new Uint32Array(out.buffer, out.byteOffset + postingsStart, postingsWords + ids.length * DOC_COLUMNS);
    let k = 0;
    for (const map of indexes)
      for (const postings of map.values()) {
        const countAt = k++;
        let slots = 0;
        postings.forEach((p, slot) => {
          if (!p || p.length === 0) return;
          slots++;
          u32[k++] = slot;
          u32[k++] = p.length;
          u32.set(p, k);
          k += p.length;
        });
        u32[countAt] = slots;
      }
    u32.set(cols, k);
    new Int32Array(out.buffer, out.byteOffset + pairsStart, pairs.block.length).set(pairs.block);
    const seqs = new Uint16Array(out.buffer, out.byteOffset + seqStart, seqWords);
    let at = 0;
    for (const id of ids) {
      const start = this.seqStart[id] as number;
      const len = this.seqLen[id] as number;
      seqs.set(this.arena.subarray(start, start + len), at);
      at += len;
    }
    writeTrailer(out, [postingsStart, colsStart, pairsStart, seqStart, end]);
    return out;
  }

  /**
   * Rebuilds an index from `save`'s bytes, or throws a clear error for anything that is not a
   * whole snapshot of this version (the caller then rebuilds from SQLite).
   */
  static load(buf: Buffer): {
    index: SearchIndex;
    cursor: number;
    phases: { parseMs: number; postingsMs: number; docsMs: number };
  } {
    const started = performance.now();
    if (buf.length < 16 + TRAILER_BYTES || buf.toString('latin1', 0, 4) !== 'BRFX')
      throw new Error('not a search index snapshot');
    // Every byte is checked before any is used: a flipped bit in a posting would otherwise send
    // a search to the wrong briefing on every start until something rebuilt the index.
    buf = verifyTrailer(buf);
    const jsonLen = buf.readUInt32LE(4);
    const postingsWords = buf.readUInt32LE(8);
    const docCount = buf.readUInt32LE(12);
    const jsonEnd = 16 + jsonLen;
    const postingsStart = jsonEnd + ((4 - (jsonLen % 4)) % 4);
    const pairsStart = postingsStart + postingsWords * 4 + docCount * DOC_COLUMNS * 4;
    if (pairsStart > buf.length) throw new Error('search index snapshot is truncated');
    const header = JSON.parse(buf.toString('utf8', 16, jsonEnd)) as {
      version: number;
      cursor: number;
      dates: string;
      formats: string[];
      words: string;
      stems: string;
      dictionary: string;
      terms: string[];
      pairWords: number[];
      pairInts: number;
      stale: number[];
    };
    if (header.version !== SNAPSHOT_VERSION)
      throw new Error(`search index snapshot has version ${header.version}, expected ${SNAPSHOT_VERSION}`);
    const dates = lines(header.dates);
    if (dates.length !== docCount) throw new Error('search index snapshot is damaged');
    const parseMs = performance.now() - started;
    const seqStart = pairsStart + header.pairInts * 4;
    if (seqStart > buf.length) throw new Error('search index snapshot is truncated');
    // Postings, phrase pairs and word sequences are used where they lie in the file's buffer
    // (long postings slots as views, see `Slot`): copying them out (131 MB at 50,000 briefings)
    // added ~0.1 s to start-up and as much again to its memory peak. A buffer that does not start
    // 4-byte aligned (a slice of a larger one) is copied first.
    const whole = buf.byteOffset % 4 === 0 ? buf : Buffer.from(new Uint8Array(buf));
    const view32 = (from: number, count: number): Int32Array =>
      new Int32Array(whole.buffer, whole.byteOffset + from, count);
    const u32 = view32(postingsStart, postingsWords + docCount * DOC_COLUMNS);
    const index = new SearchIndex();
    index.pairs = PairIndex.restore(header.pairWords, view32(pairsStart, header.pairInts));
    for (const id of header.stale) index.pairs.markStale(id);
    const seqWords = (buf.length - seqStart) >> 1;
    // The sequences as they are; the first briefing indexed after loading grows them into an
    // array of their own (see putSeq).
    const arena = new Uint16Array(whole.buffer, whole.byteOffset + seqStart, seqWords);
    let k = 0;
    [index.body, index.title, index.tagText].forEach((fx, which) => {
      const map = internals(fx).map;
      for (const term of lines(header.terms[which] ?? '')) {
        const slots = u32[k++] as number;
        const postings: Postings = [];
        for (let s = 0; s < slots; s++) {
          const slot = u32[k++] as number;
          const len = u32[k++] as number;
          if (which < 2 && len >= TYPED_MIN) postings[slot] = u32.subarray(k, k + len);
          else {
            const ids = new Array<number>(len);
            for (let j = 0; j < len; j++) ids[j] = u32[k + j] as number;
            postings[slot] = ids;
          }
          k += len;
        }
        map.set(term, postings);
      }
    });
    // FlexSearch's own record of which ids it holds (its add() re-indexes a known id).
    const ids = Array.from({ length: docCount }, (_, i) => u32[postingsWords + i * DOC_COLUMNS] as number);
    for (const fx of [index.body, index.title]) for (const id of ids) internals(fx).reg.add(id);
    for (const postings of internals(index.tagText).map.values())
      for (const ids of postings) for (const id of ids ?? []) internals(index.tagText).reg.add(id);
    if (k !== postingsWords) throw new Error('search index snapshot is damaged');
    const postingsMs = performance.now() - started - parseMs;
    let offset = 0;
    index.arena = arena;
    ids.forEach((id, i) => {
      const at = postingsWords + i * DOC_COLUMNS;
      const len = u32[at + 1] as number;
      if (offset + len > seqWords) throw new Error('search index snapshot is truncated');
      index.room(id);
      index.seqStart[id] = offset;
      index.seqLen[id] = len;
      index.titleLen[id] = u32[at + 2] as number;
      offset += len;
      const code = u32[at + 5] as number;
      index.ids.add(id);
      index.setMeta(id, {
        date: dates[i] as string,
        state: STATES[code & 3] ?? 'unread',
        starred: (code & 4) !== 0,
        archived: (code & 8) !== 0,
        format: header.formats[code >> 8] ?? '',
      });
      // Fingerprints are unsigned; the block is read as signed 32-bit words.
      index.sigs.set(id, { body: (u32[at + 3] as number) >>> 0, tags: (u32[at + 4] as number) >>> 0 });
    });
    index.arenaUsed = offset;
    index.arenaLive = offset;
    index.sorted = lines(header.dictionary);
    // The lexicon (~200,000 words at 50,000 briefings) is only needed to index new text or to
    // check a phrase: it is built on first use, not before the first search result.
    index.pendingLexicon = { words: header.words, stems: header.stems };
    const docsMs = performance.now() - started - parseMs - postingsMs;
    return { index, cursor: header.cursor, phases: { parseMs, postingsMs, docsMs } };
  }

  private pendingLexicon: { words: string; stems: string } | null = null;

  /** The n most frequent words of the library, as folded words (none before pairs are built). */
  commonWords(n: number): string[] {
    this.ensureLexicon();
    const want = this.pairs.topWords(n);
    const found = new Map<number, string>();
    for (const [w, e] of this.lex) if (want.includes(e.id) && !found.has(e.id)) found.set(e.id, w);
    return want.flatMap((id) => found.get(id) ?? []);
  }

  /** Builds what a loaded snapshot left for later (the lexicon), so no query waits for it. */
  prepare(): void {
    this.ensureLexicon();
  }

  /** Builds the lexicon and stem dictionary a snapshot left for later (see load). */
  private ensureLexicon(): void {
    const words = this.pendingLexicon;
    if (!words) return;
    this.pendingLexicon = null;
    for (const term of this.sorted)
      this.dictionary.set(term, { term, mark: 0, body: undefined, title: undefined, head: -1, tail: -1 });
    const list = lines(words.words);
    const stems = list.length > 0 ? words.stems.split('\n') : [];
    for (let i = 0; i < list.length; i++) {
      const w = list[i] as string;
      const stem = stems[i] ?? '';
      const id = Math.min(i, RARE_WORD);
      const term = stem === '' ? w : stem;
      let e = this.dictionary.get(term);
      if (!e) this.dictionary.set(term, (e = { term, mark: 0, body: undefined, title: undefined, head: -1, tail: -1 }));
      this.lex.set(w, { stem: e, id });
    }
  }
}

/**
 * Adds a briefing's stems to a FlexSearch index's postings exactly as its add() would (same score
 * slot for each term's first position), without its per-text dedupe object and encoder: with
 * every key a fresh string, those lookups made FlexSearch's add 360 µs a briefing (1,400 a
 * second, measured); analyze() has already deduped the stems.
 */
export function pushPostings(index: Index, id: number, a: Analyzed, cache?: 'body' | 'title'): void {
  const { map, reg } = internals(index);
  const len = a.length;
  for (let k = 0; k < a.uniq.length; k++) {
    const e = a.uniq[k] as StemEntry;
    let postings = cache ? e[cache] : undefined;
    if (postings === undefined) {
      postings = map.get(e.term);
      if (!postings) map.set(e.term, (postings = []));
      if (cache) e[cache] = postings;
    }
    append(postings, slotOf(a.first[k] as number, len), id);
  }
  if (a.uniq.length > 0) reg.add(id);
}

/**
 * Buffers that belong to one typed slot alone, made by `append`: the slot is a view from their
 * start and may grow into the room after it. (A slot loaded from a snapshot is a view into the
 * file's buffer, with the next slot right after it: it moves into a buffer of its own first.)
 */
const owned = new WeakSet<ArrayBufferLike>();

/** Appends an id to a slot, keeping a typed slot typed. */
function append(postings: Postings, slot: number, id: number): void {
  const a = postings[slot];
  if (a === undefined) postings[slot] = [id];
  else if (Array.isArray(a)) a.push(id);
  else if (owned.has(a.buffer) && (a.length + 1) * 4 <= a.buffer.byteLength) {
    const grown = new Int32Array(a.buffer, 0, a.length + 1);
    grown[a.length] = id;
    postings[slot] = grown;
  } else {
    const room = new Int32Array(Math.ceil(a.length * 1.5) + 16);
    room.set(a);
    room[a.length] = id;
    owned.add(room.buffer);
    postings[slot] = room.subarray(0, a.length + 1);
  }
}

/** Stores every slot of TYPED_MIN ids or more of an index as an Int32Array (see `Slot`). */
function compactPostings(index: Index): void {
  for (const postings of internals(index).map.values())
    for (let s = 0; s < postings.length; s++) {
      const a = postings[s];
      if (Array.isArray(a) && a.length >= TYPED_MIN) postings[s] = Int32Array.from(a);
    }
}

/** FlexSearch's score slot (its get_score for a resolution of 3) of a term first at position i of len. */
const slotOf = (i: number, len: number): number =>
  i === 0 ? 0 : len <= RESOLUTION ? i : Math.floor(((RESOLUTION - 1) / len) * i + 1);

/**
 * `pushPostings` for many briefings at once, grouped by term when flushed: pushing each
 * briefing's ~250 terms as it came touched ~250 scattered arrays per briefing, and those cache
 * misses were a third of a build; grouped, a common term's ids go into its array one after
 * another. Ids are pushed in the order they came, as `pushPostings` would.
 */
export class PostingsBatch {
  private ids = new Int32Array(1 << 14);
  private slots = new Uint8Array(1 << 14);
  private next = new Int32Array(1 << 14);
  private n = 0;
  private touched: StemEntry[] = [];

  constructor(
    private readonly index: Index,
    private readonly cache: 'body' | 'title',
  ) {}

  push(id: number, a: Analyzed): void {
    const need = this.n + a.uniq.length;
    if (need > this.ids.length) this.grow(need);
    const { ids, slots, next } = this;
    for (let k = 0; k < a.uniq.length; k++) {
      const e = a.uniq[k] as StemEntry;
      const at = this.n++;
      ids[at] = id;
      slots[at] = slotOf(a.first[k] as number, a.length);
      next[at] = -1;
      if (e.head === undefined || e.head < 0) {
        e.head = at;
        this.touched.push(e);
      } else next[e.tail as number] = at;
      e.tail = at;
    }
    if (a.uniq.length > 0) internals(this.index).reg.add(id);
  }

  flush(): void {
    const { map } = internals(this.index);
    const { ids, slots, next, cache } = this;
    for (const e of this.touched) {
      let postings = e[cache];
      if (postings === undefined) {
        postings = map.get(e.term);
        if (!postings) map.set(e.term, (postings = []));
        e[cache] = postings;
      }
      for (let at = e.head as number; at >= 0; at = next[at] as number)
        append(postings, slots[at] as number, ids[at] as number);
      e.head = -1;
    }
    this.touched.length = 0;
    this.n = 0;
  }

  private grow(need: number): void {
    let size = this.ids.length;
    while (size < need) size *= 2;
    this.ids = enlarge(this.ids, size);
    this.slots = enlarge(this.slots, size);
    this.next = enlarge(this.next, size);
  }
}

/**
 * Removes ids from a FlexSearch index in one pass over its postings (its own remove() scans them
 * all for each id when fastupdate is off).
 */
function purge(index: Index, ids: Set<number>, emptied?: (term: string) => void): void {
  const { map, reg } = internals(index);
  // A few ids: the native indexOf finds each (measured ~10x faster than rewriting every array).
  const few = ids.size <= 16 ? [...ids] : null;
  for (const [term, postings] of map) {
    let left = 0;
    for (let s = 0; s < postings.length; s++) {
      let arr = postings[s];
      if (!arr) continue;
      if (few) {
        for (const id of few) {
          const at = arr.indexOf(id);
          if (at < 0) continue;
          if (Array.isArray(arr)) arr.splice(at, 1);
          else {
            arr.copyWithin(at, at + 1);
            postings[s] = arr = arr.subarray(0, arr.length - 1);
          }
        }
      } else {
        let w = 0;
        for (let r = 0; r < arr.length; r++) {
          const id = arr[r] as number;
          if (!ids.has(id)) arr[w++] = id;
        }
        if (Array.isArray(arr)) arr.length = w;
        else if (w < arr.length) postings[s] = arr = arr.subarray(0, w);
      }
      left += arr.length;
    }
    if (left === 0) {
      map.delete(term);
      emptied?.(term);
    }
  }
  for (const id of ids) reg.delete(id);
}

/**
 * A map from briefing id to a value, backed by an array: ids are SQLite rowids, dense and small,
 * and filters look up tens of thousands of them per query (an array read is several times
 * cheaper than a Map lookup).
 */
class ById<T> {
  private a: (T | undefined)[] = [];
  get(id: number): T | undefined {
    return this.a[id];
  }
  has(id: number): boolean {
    return this.a[id] !== undefined;
  }
  set(id: number, v: T): void {
    this.a[id] = v;
  }
  delete(id: number): void {
    this.a[id] = undefined;
  }
}

/** Reusable typed arrays indexed by briefing id, so combining postings allocates no Maps. */
class Scratch {
  private stamp = new Uint32Array(1024);
  private pos = new Int32Array(1024);
  private gen = 0;

  private pool32: Int32Array[] = [];
  private pool64: Float64Array[] = [];
  private used = 0;

  /**
   * Result arrays come from a pool reused by every query (reset at each evaluate): allocating
   * ~1 MB of fresh arrays per query for a common word made V8 run a full collection of the
   * ~400 MB index heap every few dozen queries, 40 ms pauses that were the whole p95.
   */
  reset(): void {
    this.used = 0;
  }

  take(n: number): Hits {
    const i = this.used++;
    let ids = this.pool32[i];
    let scores = this.pool64[i];
    if (!ids || !scores || ids.length < n) {
      const size = Math.max(n, (ids?.length ?? 0) * 2, 1024);
      ids = this.pool32[i] = new Int32Array(size);
      scores = this.pool64[i] = new Float64Array(size);
    }
    return { ids, scores };
  }

  /** Makes room for ids up to maxId (the index calls it once per query). */
  grow(maxId: number): void {
    if (maxId < this.stamp.length) return;
    let size = this.stamp.length;
    while (size <= maxId) size *= 2;
    this.stamp = enlarge(this.stamp, size);
    this.pos = new Int32Array(size);
  }

  private next(): number {
    if (++this.gen === 0xffffffff) {
      this.stamp.fill(0);
      this.gen = 1;
    }
    return this.gen;
  }

  /** An accumulator for at most `bound` ids: ids added several times have their scores summed. */
  begin(bound: number): { addAll(ids: ArrayLike<number>, s: number): void; done(): Hits } {
    const gen = this.next();
    const { ids: outIds, scores: outScores } = this.take(bound);
    let n = 0;
    return {
      addAll: (ids, s) => {
        const { stamp, pos } = this;
        for (let i = 0; i < ids.length; i++) {
          const id = ids[i] as number;
          if (stamp[id] === gen) {
            const at = pos[id] as number;
            outScores[at] = (outScores[at] as number) + s;
          } else {
            stamp[id] = gen;
            pos[id] = n;
            outIds[n] = id;
            outScores[n++] = s;
          }
        }
      },
      done: () => ({ ids: outIds.subarray(0, n), scores: outScores.subarray(0, n) }),
    };
  }

  /** Stamps ids, for `stamped`; valid until the next stamp or combination of hits. */
  stampAll(ids: ArrayLike<number>): number {
    const gen = this.next();
    const { stamp } = this;
    for (let i = 0; i < ids.length; i++) stamp[ids[i] as number] = gen;
    return gen;
  }

  stamped(id: number, gen: number): boolean {
    return this.stamp[id] === gen;
  }

  private mark(h: Hits): number {
    const gen = this.next();
    const { stamp, pos } = this;
    const ids = h.ids;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      stamp[id] = gen;
      pos[id] = i;
    }
    return gen;
  }

  intersect(a: Hits, b: Hits): Hits {
    const [small, large] = a.ids.length <= b.ids.length ? [a, b] : [b, a];
    const gen = this.mark(large);
    const { stamp, pos } = this;
    const { ids, scores } = this.take(small.ids.length);
    let n = 0;
    for (let i = 0; i < small.ids.length; i++) {
      const id = small.ids[i] as number;
      if (stamp[id] === gen) {
        ids[n] = id;
        scores[n++] = (small.scores[i] as number) + (large.scores[pos[id] as number] as number);
      }
    }
    return { ids: ids.subarray(0, n), scores: scores.subarray(0, n) };
  }

  subtract(a: Hits, b: Hits): Hits {
    const gen = this.mark(b);
    const { ids, scores } = this.take(a.ids.length);
    let n = 0;
    for (let i = 0; i < a.ids.length; i++) {
      const id = a.ids[i] as number;
      if (this.stamp[id] !== gen) {
        ids[n] = id;
        scores[n++] = a.scores[i] as number;
      }
    }
    return { ids: ids.subarray(0, n), scores: scores.subarray(0, n) };
  }

  /** Union keeping each id's best score. */
  union(parts: Hits[]): Hits {
    const gen = this.next();
    const bound = parts.reduce((k, p) => k + p.ids.length, 0);
    const { ids, scores } = this.take(bound);
    let n = 0;
    const { stamp, pos } = this;
    for (const p of parts) {
      for (let i = 0; i < p.ids.length; i++) {
        const id = p.ids[i] as number;
        const s = p.scores[i] as number;
        if (stamp[id] === gen) {
          const at = pos[id] as number;
          if (s > (scores[at] as number)) scores[at] = s;
        } else {
          stamp[id] = gen;
          pos[id] = n;
          ids[n] = id;
          scores[n++] = s;
        }
      }
    }
    return { ids: ids.subarray(0, n), scores: scores.subarray(0, n) };
  }
}

/** True when `want` occurs as a contiguous run in arena[start, start + len). */
function containsRun(arena: Uint16Array, start: number, len: number, want: number[]): boolean {
  const first = want[0] as number;
  const n = want.length;
  // The native indexOf finds the first word several times faster than a loop in JS.
  const doc = arena.subarray(start, start + len);
  for (let i = doc.indexOf(first); i >= 0 && i <= len - n; i = doc.indexOf(first, i + 1)) {
    let j = 1;
    while (j < n && doc[i + j] === want[j]) j++;
    if (j === n) return true;
  }
  return false;
}

function lowerBound(s: string[], x: string): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((s[mid] as string) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** FNV-1a over the parts: a cheap fingerprint to tell whether indexed text changed. */
export function signature(parts: string[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      h ^= part.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
