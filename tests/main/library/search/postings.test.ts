import { Index } from 'flexsearch';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../../src/main/library/search/query';
import {
  OPTIONS,
  pushPostings,
  SearchIndex,
  type IndexDoc,
  type StemEntry,
} from '../../../../src/main/library/search/search-index';
import { terms } from '../../../../src/main/library/search/tokenize';

type Map_ = Map<string, (number[] | undefined)[]>;
const mapOf = (i: Index): Map_ => (i as unknown as { map: Map_ }).map;

/** The analysis the index does (distinct stems with their first position), without its lexicon. */
function analyzed(stems: string[]) {
  const seen = new Map<string, StemEntry>();
  const uniq: StemEntry[] = [];
  const first: number[] = [];
  stems.forEach((t, i) => {
    if (!seen.has(t)) {
      const e = { term: t, mark: 0 };
      seen.set(t, e);
      uniq.push(e);
      first.push(i);
    }
  });
  return { seq: new Uint16Array(stems.length), uniq, first, length: stems.length };
}

describe('bulk postings', () => {
  it("are exactly what FlexSearch's own add() stores: same terms, same score slots, same order", () => {
    const texts = [
      'Sanctions',
      'central bank',
      'rates held steady',
      'Ministers meet; ministers disagree on the ministerial statement',
      Array.from({ length: 60 }, (_, i) => ['trade', 'tariffs', 'policy', 'the', `w${i % 17}`][i % 5]).join(' '),
      '人工智能 governance 治理',
    ];
    const flex = new Index(OPTIONS as never);
    const ours = new Index(OPTIONS as never);
    texts.forEach((text, k) => {
      const stems = terms(text);
      flex.add(k + 1, stems.join(' '));
      pushPostings(ours, k + 1, analyzed(stems));
    });
    const norm = (m: Map_) =>
      [...m]
        .map(([t, p]) => ({ t, slots: Array.from({ length: 3 }, (_, s) => p[s] ?? []) }))
        .sort((a, b) => (a.t < b.t ? -1 : 1));
    expect(norm(mapOf(ours))).toEqual(norm(mapOf(flex)));
    expect(mapOf(flex).size).toBeGreaterThan(20);
    // ... and FlexSearch's search() reads them alike.
    for (const q of ['minist', 'bank', 'w3', 'the']) expect(ours.search(q)).toEqual(flex.search(q));
  });
});

describe('compact postings (typed slots)', () => {
  const VOCAB = ['trade', 'tariff', 'harbour', 'ledger', 'central', 'bank', 'rates', 'ministers', 'accord', 'grain'];
  const doc = (id: number, version = 0): IndexDoc => ({
    id,
    title: `${VOCAB[id % 10]} note ${id}`,
    headline: null,
    source: id % 3 === 0 ? 'Wire' : null,
    byline: null,
    tags: id % 5 === 0 ? ['ports/north'] : [],
    text: Array.from({ length: 30 }, (_, i) => VOCAB[(id * 7 + i * (version + 3)) % 10]).join(' '),
    meta: {
      date: `2025-01-${String((id % 28) + 1).padStart(2, '0')}`,
      state: 'unread',
      starred: false,
      archived: false,
      format: 'txt',
    },
  });
  const QUERIES = ['trade', 'ban', '"central bank"', 'title:ledger', 'rates -grain', 'tag:ports', 'harbour OR accord'];
  const answers = (index: SearchIndex) =>
    QUERIES.map((q) => {
      const parsed = parseQuery(q);
      if (!parsed.ok) throw new Error(parsed.message);
      const h = index.evaluate(parsed.text);
      return [...h.ids]
        .map((id, i) => [id, Math.round((h.scores[i] as number) * 1e6)])
        .sort((a, b) => (a[0] as number) - (b[0] as number));
    });

  it('answer as a fresh index after edits and removals (few and many), and through a snapshot', () => {
    const live = new Map<number, IndexDoc>();
    const index = new SearchIndex();
    for (let id = 1; id <= 200; id++) live.set(id, doc(id));
    index.apply([...live.values()]);
    index.compact();
    const edits = (target: SearchIndex, round: number) => {
      // A few removals (indexOf path) and many (rewrite path) while slots are still typed, then
      // re-indexed text (typed slots become arrays again) and new briefings.
      const few = [...live.keys()].slice(round * 3, round * 3 + 3);
      target.apply([], few);
      for (const id of few) live.delete(id);
      const many = [...live.keys()].filter((id) => id % 9 === round + 1);
      target.apply([], many);
      for (const id of many) live.delete(id);
      const changed = [...live.keys()].filter((id) => id % 7 === round).map((id) => doc(id, round + 1));
      for (const d of changed) live.set(d.id, d);
      target.apply(changed);
      const added = Array.from({ length: 20 }, (_, i) => doc(1000 + round * 20 + i));
      for (const d of added) live.set(d.id, d);
      target.apply(added);
    };
    const fresh = () => {
      const f = new SearchIndex();
      f.apply([...live.values()].sort((a, b) => a.id - b.id));
      return f;
    };
    edits(index, 0);
    expect(answers(index)).toEqual(answers(fresh()));
    const loaded = SearchIndex.load(index.save(0)).index;
    expect(answers(loaded)).toEqual(answers(index));
    // The loaded index's slots are views into the snapshot's block: editing them works alike.
    edits(loaded, 1);
    expect(answers(loaded)).toEqual(answers(fresh()));
    // 'trade' matches well over 16 briefings: its slots were typed (Int32Array) in both indexes.
    expect(answers(loaded)[0]?.length).toBeGreaterThan(16);
  });
});
