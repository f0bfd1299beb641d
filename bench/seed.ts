import type { Db } from '../src/main/library/db/open';
import { insertBriefing } from '../src/main/library/repos/briefings';
import { briefing, rng, VOCAB } from '../tests/fixtures/generate';

/**
 * Article text with the statistics of real news text: a vocabulary of 60,000 words whose
 * frequencies follow Zipf's law (s = 1, as measured for English), the most frequent ranks being
 * real function and policy words and the long tail generated pseudo-words, plus the collocations
 * news is full of ("central bank", "interest rates") as two-word units. The tests' generator
 * (tests/fixtures/generate.ts) uses only ~150 words, so every query there matches nearly every
 * briefing: right for import fixtures, wrong for measuring a search index.
 */
// The most frequent ranks: the tests' policy-news vocabulary (function words first).
const HEAD = VOCAB;
const SYLLABLES = 'ka lo mi ren tos va dri pel sun gar ton bel vis mor tak nel fi ru zan dor qua hem lit sor'.split(
  ' ',
);
const VOCAB_SIZE = 60_000;
const COLLOCATIONS = [
  'central bank',
  'interest rates',
  'supply chain',
  'united nations',
  'security council',
  'artificial intelligence',
];

let vocab: string[] | null = null;
let cdf: Float64Array | null = null;
function tables(): { vocab: string[]; cdf: Float64Array } {
  if (!vocab || !cdf) {
    const words = [...HEAD];
    const seen = new Set(words);
    for (let r = 0; words.length < VOCAB_SIZE; r++) {
      // Pseudo-words of 2-4 syllables, unique and deterministic.
      let n = r;
      let w = '';
      do {
        w += SYLLABLES[n % SYLLABLES.length];
        n = Math.floor(n / SYLLABLES.length);
      } while (n > 0 || w.length < 5);
      if (!seen.has(w)) {
        words.push(w);
        seen.add(w);
      }
    }
    const c = new Float64Array(VOCAB_SIZE);
    let sum = 0;
    for (let r = 0; r < VOCAB_SIZE; r++) c[r] = sum += 1 / (r + 1);
    for (let r = 0; r < VOCAB_SIZE; r++) c[r] = (c[r] as number) / sum;
    vocab = words;
    cdf = c;
  }
  return { vocab, cdf };
}

function zipfWord(r: () => number): string {
  const { vocab: v, cdf: c } = tables();
  const x = r();
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((c[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return v[lo] as string;
}

/** About `words` words of text in paragraphs, deterministic for a seed. */
export function articleText(seed: number, words = 400): string {
  const r = rng(seed * 104729 + 7);
  const paragraphs: string[] = [];
  let count = 0;
  while (count < words) {
    const sentences: string[] = [];
    for (let s = 0; s < 4 && count < words; s++) {
      const n = 10 + Math.floor(r() * 16);
      const ws: string[] = [];
      for (let k = 0; k < n; k++) {
        if (r() < 0.012) ws.push(COLLOCATIONS[Math.floor(r() * COLLOCATIONS.length)] as string);
        else ws.push(zipfWord(r));
      }
      // A unique token in some briefings, the "rare word" of the benchmark's query mix.
      if (s === 0 && paragraphs.length === 0 && r() < 0.3) ws.splice(3, 0, `ref${seed}x`);
      count += ws.length;
      const text = ws.join(' ');
      sentences.push(`${text.charAt(0).toUpperCase()}${text.slice(1)}.`);
    }
    paragraphs.push(sentences.join(' '));
  }
  return paragraphs.join('\n\n');
}

/** n briefings of realistic text (about 400 words), in transactions of 5,000. */
export function seed(db: Db, n: number, tags: (i: number) => string[] = () => []): void {
  const insert = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const b = briefing(i, 1, 1);
      const text = articleText(i);
      insertBriefing(db, {
        title: b.title,
        headline: null,
        source: b.source,
        byline: b.author,
        dateline: null,
        publishedAt: `${b.date}T00:00:00.000Z`,
        importedAt: '2025-06-01T00:00:00.000Z',
        format: 'txt',
        originalPath: null,
        contentHash: `bench-${i}`,
        text,
        html: '',
        headings: [],
        excerpt: '',
        wordCount: 400,
        related: [],
        tags: tags(i),
        readState: i % 4 === 0 ? 'read' : 'unread',
      });
    }
  });
  for (let i = 0; i < n; i += 5000) insert(i, Math.min(n, i + 5000));
}
