import { Index } from 'flexsearch';
import type { Node } from './query';
import { fold, terms } from './tokenize';

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
/** Ids with scores, and each phrase node with the ids that contain its words (to verify). */
export type Candidates = { scores: Map<number, number>; phrases: Map<PhraseNode, Set<number>> };
/** For each phrase node, the ids whose text really holds the phrase. */
export type Verified = Map<PhraseNode, Set<number>>;

// Terms are tokenized, folded and stemmed by tokenize.ts before FlexSearch sees them, so its own
// encoder is bypassed: a strict index over ready terms builds about 10x faster than FlexSearch's
// default pipeline (measured) and index and query can never tokenize differently.
const OPTIONS = { tokenize: 'strict', encode: (s: string) => s.split(' '), resolution: 3, fastupdate: true } as const;
const ALL = 1_000_000;
/** How many dictionary terms one prefix may expand to (most frequent first). */
const MAX_EXPANSIONS = 40;
const TITLE_BOOST = 3;

/**
 * The full-text index: derived data, rebuilt from SQLite when needed. Two FlexSearch indexes (all
 * searchable text, and titles for the title boost and title:), plus a term dictionary with
 * document frequencies that turns every query word into a prefix match ("govern" also finds
 * "governance", "cap" finds "capacitors") without FlexSearch's forward tokenizer, which
 * measured 3x slower to build and 4x larger.
 */
export class SearchIndex {
  private body = new Index(OPTIONS as never);
  private title = new Index(OPTIONS as never);
  /** Tag words, apart from the text so that tagging does not re-index a briefing's text. */
  private tagText = new Index(OPTIONS as never);
  private sigs = new Map<number, { body: number; tags: number }>();
  private df = new Map<string, number>();
  private sorted: string[] | null = null;
  readonly ids = new Set<number>();
  readonly meta = new Map<number, DocMeta>();

  get size(): number {
    return this.ids.size;
  }

  add(doc: IndexDoc): void {
    const bodySig = signature([doc.title, doc.headline ?? '', doc.source ?? '', doc.byline ?? '', doc.text]);
    const tagSig = signature(doc.tags);
    const known = this.sigs.get(doc.id);
    // A change of reading state or tags leaves the text as it was: re-indexing the text would
    // cost a FlexSearch remove (about 1-3 ms a briefing at 20,000-50,000), which made tagging
    // 16,000 briefings take 49 s to reach search. Only what changed is re-indexed.
    if (!known || known.body !== bodySig) {
      if (known) {
        this.body.remove(doc.id);
        this.title.remove(doc.id);
      }
      const titleTerms = terms([doc.title, doc.headline ?? ''].join('\n'));
      const bodyTerms = terms([doc.title, doc.headline, doc.source, doc.byline, doc.text].filter(Boolean).join('\n'));
      this.title.add(doc.id, titleTerms.join(' '));
      this.body.add(doc.id, bodyTerms.join(' '));
      this.count(bodyTerms);
    }
    if (!known || known.tags !== tagSig) {
      if (known) this.tagText.remove(doc.id);
      const tagTerms = terms(doc.tags.join('\n'));
      if (tagTerms.length > 0) this.tagText.add(doc.id, tagTerms.join(' '));
      this.count(tagTerms);
    }
    this.sigs.set(doc.id, { body: bodySig, tags: tagSig });
    this.ids.add(doc.id);
    this.meta.set(doc.id, doc.meta);
  }

  private count(ts: string[]): void {
    for (const t of new Set(ts)) {
      const n = this.df.get(t);
      if (n === undefined) this.sorted = null;
      this.df.set(t, (n ?? 0) + 1);
    }
  }

  remove(id: number): void {
    if (!this.ids.has(id)) return;
    this.body.remove(id);
    this.title.remove(id);
    this.tagText.remove(id);
    this.ids.delete(id);
    this.meta.delete(id);
    this.sigs.delete(id);
    // Document frequencies are not decremented (that would need each document's terms kept in
    // memory): a stale dictionary term only costs one empty lookup.
  }

  /**
   * Briefings that share the most distinctive terms with a document (its terms weighted by
   * tf × idf, the top 24 looked up), best first. Terms found in more than a quarter of the library
   * say nothing about similarity and are left out; so are numbers.
   */
  similar(docTerms: string[], exclude: number, k: number): { id: number; score: number; shared: string[] }[] {
    const n = Math.max(1, this.ids.size);
    const tf = new Map<string, number>();
    for (const t of docTerms) if (t.length > 2 && !/^\d+$/.test(t)) tf.set(t, (tf.get(t) ?? 0) + 1);
    const weighted = [...tf]
      .map(([t, f]) => ({ t, df: this.df.get(t) ?? 0, f }))
      .filter((x) => x.df >= 2 && x.df <= Math.max(2, n / 4))
      .map((x) => ({ t: x.t, w: (1 + Math.log(x.f)) * Math.log(n / x.df) }))
      .sort((a, b) => b.w - a.w)
      .slice(0, 24);
    const acc = new Map<number, { score: number; shared: string[] }>();
    for (const { t, w } of weighted) {
      for (const id of this.body.search(t, { limit: 5000 }) as number[]) {
        if (id === exclude) continue;
        const e = acc.get(id) ?? { score: 0, shared: [] };
        e.score += w;
        e.shared.push(t);
        acc.set(id, e);
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
    return out.sort((a, b) => (this.df.get(b) ?? 0) - (this.df.get(a) ?? 0)).slice(0, MAX_EXPANSIONS);
  }

  /** Every dictionary term starting with a prefix, in alphabetical order. */
  private range(prefix: string): string[] {
    if (!this.sorted) this.sorted = [...this.df.keys()].sort();
    const s = this.sorted;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((s[mid] as string) < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < s.length && (s[i] as string).startsWith(prefix); i++) out.push(s[i] as string);
    return out;
  }

  /**
   * Evaluates a query tree. Phrases are first matched by their words; the caller checks those
   * candidates against the text and evaluates again with `verified`, so that each phrase is
   * enforced where it stands in the tree ("a OR \"b c\"" keeps the a-only matches).
   */
  evaluate(node: Node, fuzzy = false, verified?: Verified): Candidates {
    const phrases: Candidates['phrases'] = new Map();
    const scores = this.eval(node, phrases, fuzzy, verified);
    return { scores: scores ?? new Map(), phrases };
  }

  /** null means "no text constraint" (match everything). */
  private eval(
    node: Node,
    phrases: Candidates['phrases'],
    fuzzy: boolean,
    verified?: Verified,
  ): Map<number, number> | null {
    switch (node.kind) {
      case 'all':
        return null;
      case 'word':
        return this.word(node.value, node.field, true, fuzzy);
      case 'phrase': {
        const words = terms(node.value);
        let acc: Map<number, number> | null = null;
        for (const w of words) acc = intersect(acc, this.term(w, node.field, 1));
        const found = acc ?? new Map<number, number>();
        phrases.set(node, new Set(found.keys()));
        const ok = verified?.get(node);
        if (ok) for (const id of [...found.keys()]) if (!ok.has(id)) found.delete(id);
        return found;
      }
      case 'and': {
        let acc: Map<number, number> | null = null;
        const negatives: Node[] = [];
        for (const n of node.nodes) {
          if (n.kind === 'not') negatives.push(n.node);
          else {
            const r = this.eval(n, phrases, fuzzy, verified);
            if (r) acc = intersect(acc, r);
          }
        }
        for (const n of negatives) {
          const r = this.eval(n, phrases, false, verified);
          if (r && acc) for (const id of r.keys()) acc.delete(id);
        }
        return acc;
      }
      case 'or': {
        const out = new Map<number, number>();
        for (const n of node.nodes) {
          const r = this.eval(n, phrases, fuzzy, verified);
          if (!r) return null;
          for (const [id, s] of r) out.set(id, Math.max(out.get(id) ?? 0, s));
        }
        return out;
      }
      case 'not':
        // A lone negation is rejected by the parser; inside AND it is handled above.
        return new Map();
    }
  }

  /** A query word: its exact term(s), plus prefix expansions of the last term. */
  private word(value: string, field: 'any' | 'title', prefix: boolean, fuzzy: boolean): Map<number, number> {
    const ts = terms(value);
    if (ts.length === 0) return new Map();
    let acc: Map<number, number> | null = null;
    ts.forEach((t, i) => {
      const out = this.term(t, field, 1);
      if (prefix && i === ts.length - 1) {
        // Prefix matching works on the folded word, not its stem: "governan" must still find
        // "governance" whose stem is "govern".
        const raw = fold(value).match(/[\p{L}\p{N}]+$/u)?.[0] ?? t;
        for (const e of new Set([...this.expand(raw), ...this.expand(t)])) {
          if (e === t) continue;
          for (const [id, s] of this.term(e, field, 0.8)) out.set(id, Math.max(out.get(id) ?? 0, s));
        }
        if (fuzzy && out.size === 0) {
          for (const e of this.near(t))
            for (const [id, s] of this.term(e, field, 0.5)) out.set(id, Math.max(out.get(id) ?? 0, s));
        }
      }
      acc = intersect(acc, out);
    });
    return acc ?? new Map();
  }

  private term(t: string, field: 'any' | 'title', weight: number): Map<number, number> {
    const out = new Map<number, number>();
    const titleHits = this.title.search(t, { limit: ALL }) as number[];
    if (field === 'title') {
      titleHits.forEach((id, r) => out.set(id, weight * (TITLE_BOOST + 1 - r / (titleHits.length + 1))));
      return out;
    }
    const hits = this.body.search(t, { limit: ALL }) as number[];
    hits.forEach((id, r) => out.set(id, weight * (1 - r / (hits.length + 1))));
    for (const id of this.tagText.search(t, { limit: ALL }) as number[]) {
      out.set(id, (out.get(id) ?? 0) + weight * 0.5);
    }
    for (const id of titleHits) out.set(id, (out.get(id) ?? 0) + weight * TITLE_BOOST);
    return out;
  }

  /** Typo tolerance: dictionary terms one edit away (same first letter), most frequent first. */
  private near(t: string): string[] {
    if (t.length < 4) return [];
    // Every term with the same first letter is checked, not only the most frequent ones: a rare
    // name ("kratsios") is exactly what people misspell.
    return this.range(t.slice(0, 1))
      .filter((cand) => Math.abs(cand.length - t.length) <= 1 && editDistanceAtMostOne(cand, t))
      .sort((a, b) => (this.df.get(b) ?? 0) - (this.df.get(a) ?? 0))
      .slice(0, 10);
  }
}

function intersect(acc: Map<number, number> | null, next: Map<number, number>): Map<number, number> {
  if (!acc) return next;
  const out = new Map<number, number>();
  const [small, large] = acc.size <= next.size ? [acc, next] : [next, acc];
  for (const [id, s] of small) {
    const o = large.get(id);
    if (o !== undefined) out.set(id, s + o);
  }
  return out;
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
function signature(parts: string[]): number {
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
