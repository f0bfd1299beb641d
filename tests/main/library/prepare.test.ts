import { describe, expect, it } from 'vitest';
import { contentHash, countWords } from '../../../src/main/library/import/prepare';

describe('countWords', () => {
  it.each([
    ['', 0],
    ['one', 1],
    ['Hello world, it’s 2025.', 4],
    ['well-known e-mail', 2],
    ['NEW YORK — The delegation', 4],
    ['Правительство объявило о мерах', 4],
    ['naïve café Müller', 3],
    ['東京 では', 4],
    ['  spaced\n\nout\ttext  ', 3],
  ])('%j has %i words', (text, n) => {
    expect(countWords(text)).toBe(n);
  });
});

describe('contentHash', () => {
  it('ignores case, spacing and Unicode compatibility forms, but not content', () => {
    const a = contentHash({ title: 'Café Report', text: 'The ﬁrst  line.\nSecond.' });
    expect(contentHash({ title: 'CAFÉ report', text: 'The first line. Second.' })).toBe(a);
    expect(contentHash({ title: 'Cafe\u0301 Report', text: 'The first line. Second.' })).toBe(a);
    expect(contentHash({ title: 'Café Report', text: 'The first line. Third.' })).not.toBe(a);
  });
});
