import { describe, expect, it } from 'vitest';
import { PairIndex } from '../../../../src/main/library/search/pair-index';
import { parseQuery } from '../../../../src/main/library/search/query';
import { SearchIndex, type IndexDoc } from '../../../../src/main/library/search/search-index';
import { terms } from '../../../../src/main/library/search/tokenize';

// Few words, so every one is in far more than 64 briefings: all of them are "frequent" and
// every phrase goes through the pairs.
const VOCAB = ['central', 'bank', 'rates', 'held', 'the', 'ministers', 'met', 'trade', 'grain', 'accord'];
/** Pseudo-random words, with "central bank" planted in about a third of the briefings. */
const doc = (id: number, version = 0): IndexDoc => {
  let x = id * 7919 + version * 104729;
  // The high bits of the generator: its low bits repeat with a short period.
  const next = (): string => VOCAB[Math.floor((x = (x * 1103515245 + 12345) % 2147483648) / 65536) % 10] as string;
  const words = Array.from({ length: 40 }, next);
  if ((id + version) % 3 === 0) words.splice(x % 30, 0, 'central', 'bank');
  return {
    id,
    title: `${next()} ${next()} briefing`,
    headline: null,
    source: null,
    byline: null,
    tags: [],
    text: words.join(' '),
    meta: { date: '2025-03-01', state: 'unread', starred: false, archived: false, format: 'txt' },
  };
};
const PHRASES = [
  '"central bank"',
  '"bank central"',
  '"rates held the"',
  '"the the"',
  'title:"central bank"',
  '"grain"',
];

/** Which briefings hold a phrase, by reading their words directly. */
function expected(docs: Iterable<IndexDoc>, phrase: string): number[] {
  const title = phrase.startsWith('title:');
  const want = terms(phrase.replace(/^title:/, '').replace(/"/g, ''), false).join(' ');
  return [...docs]
    .filter((d) => ` ${terms(title ? d.title : `${d.title}\n${d.text}`, false).join(' ')} `.includes(` ${want} `))
    .map((d) => d.id)
    .sort((a, b) => a - b);
}
const found = (index: SearchIndex, phrase: string): number[] => {
  const p = parseQuery(phrase);
  if (!p.ok) throw new Error(p.message);
  return [...index.evaluate(p.text).ids].sort((a, b) => a - b);
};

describe('phrase pairs', () => {
  it('give exactly the briefings holding each phrase, after changes (stale briefings) and through a snapshot', () => {
    const live = new Map<number, IndexDoc>();
    for (let id = 1; id <= 400; id++) live.set(id, doc(id));
    const index = new SearchIndex();
    index.apply([...live.values()]);
    index.buildPairs();
    const check = (i: SearchIndex) => {
      for (const phrase of PHRASES) expect(found(i, phrase), phrase).toEqual(expected(live.values(), phrase));
    };
    check(index);
    expect(expected(live.values(), '"central bank"').length).toBeGreaterThan(10);
    expect(expected(live.values(), '"bank central"').length).toBeLessThan(live.size);

    // Re-indexed, removed and new briefings are not in the pairs yet: they are checked directly.
    const removed = [...live.keys()].filter((id) => id % 7 === 0);
    for (const id of removed) live.delete(id);
    const changed = [...live.keys()].filter((id) => id % 5 === 0).map((id) => doc(id, 3));
    for (const d of changed) live.set(d.id, d);
    const added = Array.from({ length: 50 }, (_, i) => doc(500 + i, 1));
    for (const d of added) live.set(d.id, d);
    index.apply([...changed, ...added], removed);
    check(index);

    // The snapshot keeps the pairs and which briefings are stale; rebuilt pairs agree too.
    const loaded = SearchIndex.load(index.save(0)).index;
    check(loaded);
    loaded.buildPairs();
    check(loaded);
  });

  it('keep only pairs of frequent words, and refuse a block that does not fit', () => {
    const p = new PairIndex();
    // Word 1 in every briefing, word 2 in 99, word 3 in one (briefing 7): 3 is not frequent.
    const seqs = Array.from({ length: 200 }, (_, id) => (id === 7 ? [1, 3] : id % 2 ? [1, 2, 1] : [1, 1]));
    const arena = Uint16Array.from(seqs.flat());
    const start = new Uint32Array(200);
    const len = new Uint32Array(200);
    let at = 0;
    seqs.forEach((s, id) => ((start[id] = at), (len[id] = s.length), (at += s.length)));
    p.build(arena, [...seqs.keys()], start, len, 0xffff);
    expect(p.lookup(1, 2)?.length).toBe(99);
    expect(p.lookup(2, 1)?.length).toBe(99);
    expect(p.lookup(1, 1)?.length).toBe(100);
    expect(p.lookup(1, 3)).toBeNull();
    const { words, block } = p.serialize();
    expect(PairIndex.restore(words, block).lookup(1, 2)).toEqual(p.lookup(1, 2));
    expect(() => PairIndex.restore(words, block.subarray(0, block.length - 1))).toThrow(/damaged/);
  });
});

describe('a loaded snapshot', () => {
  it('grows its word sequences and phrase checks from an empty library, and from a buffer at an odd offset', () => {
    const empty = new SearchIndex().save(0);
    // A copy starting one byte into a larger buffer cannot be viewed as 32-bit words in place.
    const odd = Buffer.alloc(empty.length + 1);
    empty.copy(odd, 1);
    for (const buf of [empty, odd.subarray(1)]) {
      const index = SearchIndex.load(buf).index;
      const docs = Array.from({ length: 30 }, (_, i) => doc(i + 1));
      index.apply(docs);
      expect(found(index, '"central bank"')).toEqual(expected(docs, '"central bank"'));
      const again = SearchIndex.load(index.save(1)).index;
      again.apply([doc(100, 1)]);
      expect(found(again, '"central bank"')).toEqual(expected([...docs, doc(100, 1)], '"central bank"'));
    }
  });
});
