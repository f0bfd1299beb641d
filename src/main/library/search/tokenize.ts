import stem from 'wink-porter2-stemmer';

/**
 * One tokenizer for indexing and querying, so both sides always agree. Text is folded (case,
 * accents, compatibility forms: "Sánchez" = "sanchez"), Latin-script words are stemmed with
 * Porter2 ("governance", "governed" -> "govern"), and CJK runs become overlapping character
 * bigrams, the usual way to search text written without spaces.
 */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

const WORD = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}]+/gu;
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const LATIN = /^[a-z]+$/;

// Vocabulary follows Zipf's law: a small cache answers almost every word, and stemming was the
// largest cost of building the index.
const stems = new Map<string, string>();
export function stemWord(w: string): string {
  if (w.length <= 3) return w;
  let s = stems.get(w);
  if (s === undefined) {
    s = LATIN.test(w) ? stem(w) : w;
    if (stems.size > 500_000) stems.clear();
    stems.set(w, s);
  }
  return s;
}

/** Index terms of a text, in order (duplicates kept: FlexSearch scores by position). */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const m of fold(text).matchAll(WORD)) {
    const w = m[0];
    if (CJK.test(w)) {
      if (w.length === 1) out.push(w);
      for (let i = 0; i + 1 < w.length; i++) out.push(w.slice(i, i + 2));
    } else {
      out.push(stemWord(w));
    }
  }
  return out;
}

/** Words of a text with their offsets in the original string (snippets and highlighting). */
export function wordsWithOffsets(text: string): { start: number; end: number; term: string; folded: string }[] {
  const out: { start: number; end: number; term: string; folded: string }[] = [];
  const re = /[\p{L}\p{N}\p{M}]+/gu;
  for (const m of text.matchAll(re)) {
    const folded = fold(m[0]);
    out.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, folded, term: stemWord(folded) });
  }
  return out;
}
