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
  return termsOfFolded(fold(text), stemmed);
}

/** `terms` of a text already folded. */
export function termsOfFolded(folded: string, stemmed = true): string[] {
  const out: string[] = [];
  for (const m of folded.matchAll(WORD)) {
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

/** Between words: the fast scan's class of a character (see `charClass`). */
const SEPARATOR = 0;
/** Part of a word the fast scan takes: a-z and 0-9. */
const ASCII_WORD = 1;
/** A letter or digit outside ASCII, or half of a surrogate pair: the text goes through `terms`. */
const OTHER = 2;
const classes = new Uint8Array(0x10000).fill(255);
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * The class of a character of folded text for a scan without regular expressions, which is what
 * the index build does for every word of every briefing: it gives the same words as `terms` on
 * text whose letters and digits are all ASCII (most English text after folding, curly quotes and
 * dashes included) and hands anything else to `terms`.
 */
function charClass(c: number): number {
  let k = classes[c] as number;
  if (k === 255) {
    if (c < 128)
      k =
        (c >= 97 && c <= 122) || (c >= 48 && c <= 57)
          ? ASCII_WORD
          : LETTER_OR_DIGIT.test(String.fromCharCode(c))
            ? OTHER
            : SEPARATOR;
    else if (c >= 0xd800 && c <= 0xdfff) k = OTHER;
    else k = LETTER_OR_DIGIT.test(String.fromCharCode(c)) ? OTHER : SEPARATOR;
    classes[c] = k;
  }
  return k;
}

/**
 * Calls `word` with the start, end and FNV-1a hash of each word of a folded text, in order, and
 * returns true; these are exactly the words `termsOfFolded(folded, false)` gives. Stops and
 * returns false at the first letter or digit outside ASCII (the caller then uses `terms`).
 */
export function scanWords(folded: string, word: (start: number, end: number, hash: number) => void): boolean {
  let start = -1;
  let h = 0;
  for (let i = 0, len = folded.length; i <= len; i++) {
    const c = i < len ? folded.charCodeAt(i) : 32;
    const k = charClass(c);
    if (k === ASCII_WORD) {
      if (start < 0) {
        start = i;
        h = 0x811c9dc5 | 0;
      }
      h = Math.imul(h ^ c, 0x01000193);
    } else if (k === SEPARATOR) {
      if (start >= 0) {
        word(start, i, h);
        start = -1;
      }
    } else return false;
  }
  return true;
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
