import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../../src/main/library/search/query';

const text = (q: string) => {
  const r = parseQuery(q);
  if (!r.ok) throw new Error(r.message);
  return r.text;
};
const filters = (q: string) => {
  const r = parseQuery(q);
  if (!r.ok) throw new Error(r.message);
  return r.filters;
};
const problem = (q: string) => {
  const r = parseQuery(q);
  return r.ok ? null : r.message;
};

describe('query parser', () => {
  it.each([
    ['kratsios', { kind: 'word', value: 'kratsios', field: 'any' }],
    [
      'a b',
      {
        kind: 'and',
        nodes: [
          { kind: 'word', value: 'a', field: 'any' },
          { kind: 'word', value: 'b', field: 'any' },
        ],
      },
    ],
    ['"global dialogue"', { kind: 'phrase', value: 'global dialogue', field: 'any' }],
    ['“curly quotes”', { kind: 'phrase', value: 'curly quotes', field: 'any' }],
    [
      'a -b',
      {
        kind: 'and',
        nodes: [
          { kind: 'word', value: 'a', field: 'any' },
          { kind: 'not', node: { kind: 'word', value: 'b', field: 'any' } },
        ],
      },
    ],
    [
      'a OR b',
      {
        kind: 'or',
        nodes: [
          { kind: 'word', value: 'a', field: 'any' },
          { kind: 'word', value: 'b', field: 'any' },
        ],
      },
    ],
    ['a or b', { kind: 'and', nodes: ['a', 'or', 'b'].map((value) => ({ kind: 'word', value, field: 'any' })) }],
    [
      '(a OR b) c',
      {
        kind: 'and',
        nodes: [
          {
            kind: 'or',
            nodes: [
              { kind: 'word', value: 'a', field: 'any' },
              { kind: 'word', value: 'b', field: 'any' },
            ],
          },
          { kind: 'word', value: 'c', field: 'any' },
        ],
      },
    ],
    ['title:budget', { kind: 'word', value: 'budget', field: 'title' }],
    ['title:"budget talks"', { kind: 'phrase', value: 'budget talks', field: 'title' }],
    ['tag:policy', { kind: 'all' }],
    ['well-known', { kind: 'word', value: 'well-known', field: 'any' }],
    [
      '東京 会議',
      {
        kind: 'and',
        nodes: [
          { kind: 'word', value: '東京', field: 'any' },
          { kind: 'word', value: '会議', field: 'any' },
        ],
      },
    ],
    ['Sánchez', { kind: 'word', value: 'Sánchez', field: 'any' }],
    [
      'a -(b OR c)',
      {
        kind: 'and',
        nodes: [
          { kind: 'word', value: 'a', field: 'any' },
          {
            kind: 'not',
            node: {
              kind: 'or',
              nodes: [
                { kind: 'word', value: 'b', field: 'any' },
                { kind: 'word', value: 'c', field: 'any' },
              ],
            },
          },
        ],
      },
    ],
  ])('%s', (q, expected) => {
    expect(text(q)).toEqual(expected);
  });

  it('collects filters', () => {
    expect(filters('tag:Policy -tag:draft source:"Financial Times" is:unread is:starred format:pdf ai')).toEqual({
      tags: ['policy'],
      notTags: ['draft'],
      sources: ['Financial Times'],
      is: ['unread', 'starred'],
      formats: ['pdf'],
      after: null,
      before: null,
      inHighlights: false,
    });
    expect(filters('in:highlights budget')).toMatchObject({ inHighlights: true });
    expect(filters('after:2025-01-01 before:2025-12-31')).toMatchObject({
      after: '2025-01-01T00:00:00.000Z',
      before: '2025-12-31T00:00:00.000Z',
    });
    expect(filters('published:2025-01..2025-03')).toMatchObject({
      after: '2025-01-01T00:00:00.000Z',
      before: '2025-04-01T00:00:00.000Z',
    });
    expect(filters('published:2024')).toMatchObject({
      after: '2024-01-01T00:00:00.000Z',
      before: '2025-01-01T00:00:00.000Z',
    });
    expect(filters('is:in-progress').is).toEqual(['in_progress']);
  });

  it.each([
    ['"unclosed', 'a quote is not closed: add the closing "'],
    ['(a b', '"(" is not closed: add ")"'],
    ['a b)', '")" has no matching "("'],
    ['a OR', '"OR" needs something on both sides'],
    ['OR a', '"OR" needs something on both sides'],
    ['-a', 'add at least one word to look for alongside "-" words'],
    ['is:sleeping', '"is:sleeping" is not known: use is:unread, is:in-progress, is:read, is:starred or is:archived'],
    ['format:pptx', '"format:pptx" is not known: use one of txt, md, html, pdf, eml, docx, json'],
    ['after:yesterday', '"yesterday" is not a date: use 2025, 2025-03 or 2025-03-14'],
    ['after:2025-13-01', '"2025-13-01" is not a real date'],
    ['after:2025-05-01 before:2025-01-01', 'the date range is empty: "after" must come before "before"'],
    ['tag:', '"tag:" needs a value, for example tag:policy'],
    ['x'.repeat(1001), 'the query is too long (1,000 characters at most)'],
  ])('%j gives a friendly message', (q, message) => {
    expect(problem(q)).toBe(message);
  });

  it('never throws, whatever the input', () => {
    const pieces = ['a', '"', '(', ')', '-', 'OR', 'tag:', 'is:read', ' ', 'title:"x', 'published:..', '“', ':', '\\'];
    let seed = 7;
    for (let i = 0; i < 3000; i++) {
      let q = '';
      for (let k = 0; k < 8; k++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        q += pieces[seed % pieces.length];
      }
      expect(() => parseQuery(q)).not.toThrow();
    }
  });
});
