import type { StateCreator } from 'zustand';
import type { SearchResult } from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { api, call } from '../bridge';
import type { Store } from './index';

export type SearchSlice = {
  search: {
    query: string;
    sort: 'relevance' | 'date';
    result: SearchResult | null;
    status: 'idle' | 'loading' | 'ready' | 'error';
    error: AppError | null;
    /** Index of the keyboard-selected result. */
    cursor: number;
  };
  setQuery(query: string): void;
  setSort(sort: 'relevance' | 'date'): void;
  runSearch(): Promise<void>;
  moveCursor(step: number): void;
  /** Opens a result (the keyboard-selected one by default), highlighting its matches. */
  openSearchResult(index?: number): Promise<void>;
};

let ticket = 0;

export const createSearchSlice: StateCreator<Store, [], [], SearchSlice> = (set, get) => ({
  search: { query: '', sort: 'relevance', result: null, status: 'idle', error: null, cursor: 0 },
  setQuery(query) {
    set((s) => ({ search: { ...s.search, query } }));
    void get().runSearch();
  },
  setSort(sort) {
    set((s) => ({ search: { ...s.search, sort } }));
    void get().runSearch();
  },
  async runSearch() {
    const { query, sort } = get().search;
    const mine = ++ticket;
    if (query.trim() === '') {
      set((s) => ({ search: { ...s.search, result: null, status: 'idle', error: null, cursor: 0 } }));
      return;
    }
    set((s) => ({ search: { ...s.search, status: 'loading' } }));
    const filter = get().library.filter;
    const within =
      filter === 'unread'
        ? { readState: 'unread' as const }
        : filter === 'starred'
          ? { starred: true }
          : filter === 'archived'
            ? { archived: true }
            : {};
    const r = await call(api().searchBriefings({ query, sort, limit: 200, within }));
    // A slower answer to an older keystroke never replaces a newer one.
    if (mine !== ticket) return;
    if ('error' in r) set((s) => ({ search: { ...s.search, status: 'error', error: r.error } }));
    else set((s) => ({ search: { ...s.search, status: 'ready', result: r.value, error: null, cursor: 0 } }));
  },
  async openSearchResult(index) {
    const { result, cursor } = get().search;
    const i = index ?? cursor;
    const hit = result?.items[i];
    if (!hit || !result) return;
    set((s) => ({ search: { ...s.search, cursor: i } }));
    const passage = hit.snippet
      .map((p) => p.text)
      .join('')
      .replace(/^…\s*|\s*…$/g, '');
    await get().openBriefing(hit.briefing.id, { highlight: result.highlight, passage });
  },
  moveCursor(step) {
    const n = get().search.result?.items.length ?? 0;
    if (n === 0) return;
    set((s) => ({ search: { ...s.search, cursor: Math.max(0, Math.min(n - 1, s.search.cursor + step)) } }));
  },
});
