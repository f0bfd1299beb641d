import type { SnippetPart } from '../../../shared/model';
import { stemWord, wordsWithOffsets } from './tokenize';

/** The stem a text word matches the query by, or null when it does not match. */
export type Matcher = (folded: string) => string | null;

/**
 * Builds a matcher for query words: same stem, or the folded word starts with a query word. A
 * word is stemmed only when its first two letters could lead to a match at all.
 */
export function matcherFor(queryWords: string[], queryTerms: string[]): Matcher {
  const stems = new Set(queryTerms);
  const starts = new Set([...queryTerms, ...queryWords].map((q) => q.slice(0, 2)));
  const prefixes = queryWords.filter((q) => q.length >= 2);
  return (folded) => {
    if (!starts.has(folded.slice(0, 2))) return null;
    const term = stemWord(folded);
    if (stems.has(term)) return term;
    return prefixes.some((q) => folded.startsWith(q)) ? term : null;
  };
}

/**
 * The best passage of a text for the query: the window of words holding the most distinct
 * matches (then the most matches), cut at word boundaries, with every match marked.
 */
export function snippetOf(text: string, match: Matcher, maxChars = 220): SnippetPart[] {
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
  const parts: SnippetPart[] = [];
  if (from > 0) parts.push({ text: '… ', hit: false });
  let cursor = from;
  for (let i = startWord; i < words.length && (words[i] as { end: number }).end <= to; i++) {
    const w = words[i] as { start: number; end: number };
    if (!hits[i]) continue;
    if (w.start > cursor) parts.push({ text: text.slice(cursor, w.start).replace(/\s+/g, ' '), hit: false });
    parts.push({ text: text.slice(w.start, w.end), hit: true });
    cursor = w.end;
  }
  if (cursor < to) parts.push({ text: text.slice(cursor, to).replace(/\s+/g, ' '), hit: false });
  if (to < text.length) parts.push({ text: ' …', hit: false });
  return parts;
}
