import { describe, expect, it } from 'vitest';
import { fold, scanWords, termsOfFolded } from '../../../../src/main/library/search/tokenize';
import { WordTable } from '../../../../src/main/library/search/word-table';

/** The words scanWords reports, or null when it hands the text back. */
function scanned(text: string): string[] | null {
  const folded = fold(text);
  const out: string[] = [];
  return scanWords(folded, (s, e) => out.push(folded.slice(s, e))) ? out : null;
}

describe('the fast word scan of the index build', () => {
  it.each([
    ['plain words', 'Ministers met in Brussels on 12 March 2025.'],
    ['curly quotes, dashes, ellipsis and symbols', '“Rates” — held… at 4.5% (€20bn) ‘steady’; 3×2 • done'],
    ['accents fold to ASCII', 'Pedro Sánchez and Åsa Müller in Zürich, naïve café'],
    ['digits joined to letters', 'COVID19 and G7/G20, 2nd-tier ref1234x'],
    ['empty and separators only', ' \n\t—…'],
    ['a very long word', `x${'a'.repeat(400)} tail`],
  ])('gives exactly the words of terms() on %s', (_, text) => {
    expect(scanned(text)).toEqual(termsOfFolded(fold(text), false));
  });

  it.each([
    ['CJK', '人工智能 governance'],
    ['a letter with no ASCII fold', 'Straße'],
    ['Greek', 'Αθήνα talks'],
    ['an emoji (surrogate pair)', 'talks 🎉 ended'],
  ])('hands text with %s back to terms()', (_, text) => {
    expect(scanned(text)).toBeNull();
  });
});

describe('WordTable', () => {
  it('finds each word from the characters of any text, across growth, and only that word', () => {
    const table = new WordTable<number>();
    const words = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}x`);
    const text = words.join(' ');
    const spans: [number, number, number][] = [];
    scanWords(text, (s, e, h) => spans.push([s, e, h]));
    spans.forEach(([s, e, h], i) => {
      expect(table.get(text, s, e, h)).toBeUndefined();
      table.set(text, s, e, h, i);
    });
    // Looked up from another text holding the same words at other offsets.
    const other = `-- ${[...words].reverse().join(', ')}`;
    const found: number[] = [];
    scanWords(other, (s, e, h) => found.push(table.get(other, s, e, h) ?? -1));
    expect(found).toEqual(words.map((_, i) => words.length - 1 - i));
    // Same hash and length, other characters: not found.
    const [s, e, h] = spans[0] as [number, number, number];
    expect(table.get('wzzx', 0, e - s, h)).toBeUndefined();
  });
});
