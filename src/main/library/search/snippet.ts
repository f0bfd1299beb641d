import type { SnippetPart } from '../../../shared/model';
import { wordsWithOffsets } from './tokenize';

export type Matcher = (word: { term: string; folded: string }) => boolean;

/** Builds a matcher for query words: same stem, or the folded word starts with a query word. */
export function matcherFor(queryWords: string[], queryTerms: string[]): Matcher {
  const stems = new Set(queryTerms);
  return (w) => stems.has(w.term) || queryWords.some((q) => q.length >= 2 && w.folded.startsWith(q));
}

/**
 * The best passage of a text for the query: the window of words holding the most distinct
 * matches (then the most matches), cut at word boundaries, with every match marked.
 */
export function snippetOf(text: string, match: Matcher, maxChars = 220): SnippetPart[] {
  const words = wordsWithOffsets(text);
  if (words.length === 0) return [];
  const hits = words.map(match);
  const windowWords = 36;
  let best = 0;
  let bestScore = -1;
  for (let start = 0; start < words.length; start += 4) {
    const end = Math.min(words.length, start + windowWords);
    const distinct = new Set<string>();
    let count = 0;
    for (let i = start; i < end; i++)
      if (hits[i]) {
        distinct.add((words[i] as { term: string }).term);
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
