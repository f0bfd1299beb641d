import { describe, expect, it } from 'vitest';
import { setTagsForBriefing } from '../../../../src/main/library/repos/tags';
import { createSearchService } from '../../../../src/main/library/search/search-service';
import { seed } from '../../../helpers/briefings';
import { tempDb } from '../../../helpers/temp';

const NOW = '2026-12-07T00:00:00Z';

describe('tag: terms match tags as words do', () => {
  // A fresh library per test: tempDb() closes its database after each one.
  const tags: string[][] = [
    ['Middle East'],
    ['policy/eu'],
    ['policy/us', 'trade-war'],
    ['middleware'],
    ['Eastern Europe'],
    [],
  ];
  const found = async (query: string, within = {}): Promise<number[]> => {
    const { db } = tempDb();
    const ids = seed(db, tags.length, (i) => ({ title: `Briefing about item ${i}` }));
    ids.forEach((id, i) => setTagsForBriefing(db, id, tags[i] as string[], NOW));
    const search = createSearchService({ db });
    return (await search.search({ query, limit: 50, within })).items.map((i) => ids.indexOf(i.briefing.id)).sort();
  };

  it.each([
    ['tag:middle', [0, 3]],
    ['tag:"middle east"', [0]],
    ['tag:east', [0, 4]],
    ['tag:eu', [1, 4]], // "Europe" starts with eu too
    ['tag:policy', [1, 2]],
    ['tag:war', [2]],
    ['tag:ast', []],
    ['tag:middle -tag:middleware', [0]],
    ['-tag:policy briefing', [0, 3, 4, 5]],
  ])('%s', async (query, expected) => {
    expect(await found(query)).toEqual(expected);
  });

  it('the sidebar tag view stays exact, with its subtree', async () => {
    expect(await found('briefing', { tag: 'policy' })).toEqual([1, 2]);
    expect(await found('briefing', { tag: 'middle' })).toEqual([]);
  });
});
