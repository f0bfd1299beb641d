import type { SnippetPart } from '../../../shared/model';
import { fold, stemWord, wordsWithOffsets } from './tokenize';

/** The stem a text word matches the query by, or null when it does not match. */
export type Matcher = ((folded: string) => string | null) & {
  /** Every text word starting with a query word or stem, on folded text (null: use the words). */
  re: RegExp | null;
};

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Builds a matcher for query words: same stem, or the folded word starts with a query word. A
 * word is stemmed only when its first two letters could lead to a match at all.
 */
export function matcherFor(queryWords: string[], queryTerms: string[]): Matcher {
  const stems = new Set(queryTerms);
  const starts = new Set([...queryTerms, ...queryWords].map((q) => q.slice(0, 2)));
  const prefixes = queryWords.filter((q) => q.length >= 2);
  const fn = (folded: string): string | null => {
    if (!starts.has(folded.slice(0, 2))) return null;
    const term = stemWord(folded);
    if (stems.has(term)) return term;
    return prefixes.some((q) => folded.startsWith(q)) ? term : null;
  };
  // Query terms are prefixes of the words they match (stems are prefixes of their words, and
  // every query word is a prefix): one regular expression finds them all, in C++, without
  // splitting the text into words. CJK text has no word boundaries; it keeps the word path.
  const alts = [...new Set([...queryTerms, ...prefixes])].filter((q) => q.length > 0);
  const cjk = alts.some((a) => /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(a));
  const re =
    alts.length > 0 && !cjk
      ? new RegExp(
          `(?<![\\p{L}\\p{N}\\p{M}])(?:${alts
            .sort((a, b) => b.length - a.length)
            .map(escapeRe)
            .join('|')})[\\p{L}\\p{N}\\p{M}]*`,
          'gu',
        )
      : null;
  return Object.assign(fn, { re });
}

/**
 * The best passage of a text for the query, found with the matcher's regular expression on the
 * folded text, whose offsets equal the original's when folding kept every length (almost all
 * text: accented letters fold to one letter). Otherwise the word-by-word path below.
 */
export function snippetOf(text: string, match: Matcher, maxChars = 220): SnippetPart[] {
  if (!match.re) return snippetByWords(text, match, maxChars);
  const folded = ASCII_TEXT.test(text) ? text.toLowerCase() : fold(text);
  if (folded.length !== text.length) return snippetByWords(text, match, maxChars);
  if (text.trim() === '') return [];
  const hits: { start: number; end: number; key: string }[] = [];
  for (const m of folded.matchAll(match.re)) {
    const start = m.index ?? 0;
    hits.push({ start, end: start + m[0].length, key: m[0] });
  }
  // The window (maxChars wide) holding the most distinct matched words, then the most matches.
  let best = 0;
  let bestScore = -1;
  for (let i = 0; i < hits.length; i++) {
    const from = (hits[i] as { start: number }).start;
    const distinct = new Set<string>();
    let count = 0;
    for (let j = i; j < hits.length && (hits[j] as { end: number }).end - from <= maxChars - 40; j++) {
      distinct.add((hits[j] as { key: string }).key);
      count++;
    }
    const score = distinct.size * 100 + count;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  // Start about six words before the window's first hit, at a word boundary.
  let from = 0;
  const first = hits[best];
  if (first) {
    let k = first.start;
    for (let words = 0; k > 0 && words < 6;) {
      k--;
      if (/\s/.test(text[k] as string) && k > 0 && !/\s/.test(text[k - 1] as string)) words++;
    }
    from = k === 0 ? 0 : k + 1;
    if (from > first.start - 1 || first.start - from > 60) from = first.start;
  }
  let to = Math.min(text.length, from + maxChars);
  if (to < text.length) {
    const cut = text.lastIndexOf(' ', to);
    if (cut > from) to = cut;
  }
  return passage(text, from, to, hits);
}

/**
 * text[from, to) as snippet parts, each hit marked, whitespace collapsed, with an ellipsis where
 * the text goes on. A hit cut by the end is dropped whole rather than shown in part.
 */
function passage(text: string, from: number, to: number, hits: { start: number; end: number }[]): SnippetPart[] {
  const parts: SnippetPart[] = [];
  if (from > 0) parts.push({ text: '… ', hit: false });
  let cursor = from;
  for (const h of hits) {
    if (h.start < from || h.end > to) continue;
    if (h.start > cursor) parts.push({ text: text.slice(cursor, h.start).replace(/\s+/g, ' '), hit: false });
    parts.push({ text: text.slice(h.start, h.end), hit: true });
    cursor = h.end;
  }
  if (cursor < to) parts.push({ text: text.slice(cursor, to).replace(/\s+/g, ' '), hit: false });
  if (to < text.length) parts.push({ text: ' …', hit: false });
  return parts;
}

const ASCII_TEXT = /^[\s -~]*$/;

/**
 * The best passage of a text for the query: the window of words holding the most distinct
 * matches (then the most matches), cut at word boundaries, with every match marked.
 */
function snippetByWords(text: string, match: Matcher, maxChars: number): SnippetPart[] {
  const words = wordsWithOffsets(text);
  if (words.length === 0) return [];
  const keys = words.map((w) => match(w.folded));
  const hits = keys.map((k) => k !== null);
  const windowWords = 36;
  let best = 0;
  let bestScore = -1;
  for (let start = 0; start < words.length; start += 4) {
    const end = Math.min(words.length, start + windowWords);
    const distinct = new Set<string>();
    let count = 0;
    for (let i = start; i < end; i++)
      if (hits[i]) {
        distinct.add(keys[i] as string);
        count++;
      }
    const score = distinct.size * 100 + count;
    if (score > bestScore) {
      bestScore = score;
      best = start;
    }
    if (end === words.length) break;
  }
  // Start a little before the first hit of the window, at a word boundary.
  const firstHit = hits.indexOf(true, best);
  const startWord = Math.max(best, firstHit >= 0 ? Math.max(best, firstHit - 6) : best);
  const from = (words[startWord] as { start: number }).start;
  let to = from;
  for (let i = startWord; i < words.length && (words[i] as { end: number }).end - from <= maxChars; i++)
    to = (words[i] as { end: number }).end;
  return passage(
    text,
    from,
    to,
    words.filter((_, i) => hits[i]),
  );
}
