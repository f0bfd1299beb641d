import { Index } from 'flexsearch';
import { describe, expect, it } from 'vitest';
import { OPTIONS, pushPostings, type StemEntry } from '../../../../src/main/library/search/search-index';
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
