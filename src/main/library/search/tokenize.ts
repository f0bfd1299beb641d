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

/**
 * Index terms of a text, in order (duplicates kept: FlexSearch scores by position). Unstemmed,
 * they are the folded words themselves, which is what an "exact phrase" compares.
 */
export function terms(text: string, stemmed = true): string[] {
  const out: string[] = [];
  for (const m of fold(text).matchAll(WORD)) {
    const w = m[0];
    if (CJK.test(w)) {
      if (w.length === 1) out.push(w);
      for (let i = 0; i + 1 < w.length; i++) out.push(w.slice(i, i + 2));
    } else {
      out.push(stemmed ? stemWord(w) : w);
    }
  }
  return out;
}

const ASCII = /^[ -~]*$/;

/**
 * Words of a text with their offsets in the original string (snippets and highlighting), folded
 * but not stemmed: a snippet stems only the few words that could match (see snippet.ts), since
 * stemming every word of 20 texts was most of a query's time.
 */
export function wordsWithOffsets(text: string): { start: number; end: number; folded: string }[] {
  const out: { start: number; end: number; folded: string }[] = [];
  const re = /[\p{L}\p{N}\p{M}]+/gu;
  for (const m of text.matchAll(re)) {
    const w = m[0];
    out.push({
      start: m.index ?? 0,
      end: (m.index ?? 0) + w.length,
      folded: ASCII.test(w) ? w.toLowerCase() : fold(w),
    });
  }
  return out;
}
