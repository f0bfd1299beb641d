import { describe, expect, it } from 'vitest';
import type { BriefingsApi } from '../../src/shared/api';
import type { SearchResult } from '../../src/shared/model';
import type { Result } from '../../src/shared/result';

/**
 * The search box's store logic without a window: the preload bridge (the Electron edge) is the
 * only part faked, with searches that answer when the test says so.
 */
type Pending = { query: string; answer: (r: Result<SearchResult>) => void; fail: (e: Error) => void };
const pending: Pending[] = [];
const fake: Partial<BriefingsApi> = {
  searchBriefings: ((req: { query: string }) =>
    new Promise<Result<SearchResult>>((answer, fail) =>
      pending.push({ query: req.query, answer, fail }),
    )) as BriefingsApi['searchBriefings'],
};
(globalThis as unknown as { window: { briefings: Partial<BriefingsApi> } }).window = { briefings: fake };
const { useStore } = await import('../../src/renderer/src/store');

const result = (total: number): SearchResult => ({
  problem: null,
  total,
  items: [],
  highlight: [],
  fuzzy: false,
  tookMs: 1,
});
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('search box', () => {
  it('keeps one search in flight while typing, then searches once more for the latest query only', async () => {
    pending.length = 0;
    const { setQuery } = useStore.getState();
    setQuery('m');
    setQuery('mi');
    setQuery('min');
    await settle();
    expect(pending.map((p) => p.query)).toEqual(['m']);
    pending[0]?.answer({ ok: true, value: result(900) });
    await settle();
    // The answer to "m" is never shown: "min" is on its way.
    expect(useStore.getState().search.result).toBeNull();
    expect(useStore.getState().search.status).toBe('loading');
    expect(pending.map((p) => p.query)).toEqual(['m', 'min']);
    pending[1]?.answer({ ok: true, value: result(12) });
    await settle();
    expect(useStore.getState().search).toMatchObject({ status: 'ready', query: 'min', result: { total: 12 } });
    expect(pending).toHaveLength(2);
  });

  it('shows a failed search as an error, and the next keystroke searches again', async () => {
    pending.length = 0;
    const { setQuery } = useStore.getState();
    setQuery('tariff');
    await settle();
    pending[0]?.fail(new Error('search stopped unexpectedly'));
    await settle();
    expect(useStore.getState().search).toMatchObject({
      status: 'error',
      error: { message: 'search stopped unexpectedly' },
    });
    setQuery('tariffs');
    await settle();
    expect(pending.map((p) => p.query)).toEqual(['tariff', 'tariffs']);
    pending[1]?.answer({ ok: true, value: result(3) });
    await settle();
    expect(useStore.getState().search).toMatchObject({ status: 'ready', error: null, result: { total: 3 } });
  });
});
