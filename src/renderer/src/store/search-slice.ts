import type { StateCreator, StoreApi } from 'zustand';
import type { SavedSearchCount, SearchResult } from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { api, call } from '../bridge';
import type { Store } from './index';
import { withinFor } from './library-slice';

export type SearchSlice = {
  search: {
    query: string;
    sort: 'relevance' | 'date';
    result: SearchResult | null;
    status: 'idle' | 'loading' | 'ready' | 'error';
    error: AppError | null;
    /** Index of the keyboard-selected result. */
    cursor: number;
    saved: SavedSearchCount[];
    /**
     * When a search in a sidebar view (Unread, a tag, …) found nothing: how many briefings match
     * in the whole library, so the empty list names the scope instead of blaming the spelling.
     */
    elsewhere: number | null;
  };
  /** Sets the query at once (the box shows it) and searches shortly after the last keystroke. */
  setQuery(query: string): void;
  loadSaved(): Promise<void>;
  saveSearch(name: string): Promise<AppError | null>;
  deleteSavedSearch(id: string): Promise<void>;
  setSort(sort: 'relevance' | 'date'): void;
  /** Fetches the next page of results (the list asks as it scrolls near the end). */
  loadMoreResults(): Promise<void>;
  runSearch(): Promise<void>;
  moveCursor(step: number): void;
  /** Opens a result (the keyboard-selected one by default), highlighting its matches. */
  openSearchResult(index?: number): Promise<void>;
};

let ticket = 0;
/** A search is on its way to main; `again`: the query changed meanwhile (see runSearch). */
let inFlight = false;
let again = false;
let loadingMore = false;
/**
 * Results fetched per keystroke; more follow as the list scrolls. Asking for 200 with their
 * snippets on every keystroke made each answer several times larger than the screen needs.
 */
const PAGE = 50;

/** One search for the query in the box now; its answer is shown unless the query changed since. */
async function searchOnce(set: StoreApi<Store>['setState'], get: StoreApi<Store>['getState']): Promise<void> {
  const { query, sort } = get().search;
  const mine = ticket;
  if (query.trim() === '') {
    set((s) => ({ search: { ...s.search, result: null, status: 'idle', error: null, cursor: 0 } }));
    return;
  }
  set((s) => ({ search: { ...s.search, status: 'loading' } }));
  const within = withinFor(get().library.filter);
  const r = await call(api().searchBriefings({ query, sort, limit: PAGE, within }));
  // An answer to a query changed meanwhile is never shown (the next search is on its way).
  if (mine !== ticket) return;
  if ('error' in r) {
    set((s) => ({ search: { ...s.search, status: 'error', error: r.error } }));
    return;
  }
  let elsewhere: number | null = null;
  if (r.value.total === 0 && !r.value.problem && get().library.filter !== 'all') {
    const all = await call(api().searchBriefings({ query, sort, limit: 1, within: withinFor('all') }));
    if (mine !== ticket) return;
    if ('value' in all) elsewhere = all.value.total;
  }
  set((s) => ({ search: { ...s.search, status: 'ready', result: r.value, error: null, cursor: 0, elsewhere } }));
}

export const createSearchSlice: StateCreator<Store, [], [], SearchSlice> = (set, get) => ({
  search: {
    query: '',
    sort: 'relevance',
    result: null,
    status: 'idle',
    error: null,
    cursor: 0,
    saved: [],
    elsewhere: null,
  },
  setQuery(query) {
    // Results stay on screen while typing (less flicker), but are marked as pending so a stale
    // count is never shown as the answer; clearing the box clears them at once.
    set((s) => ({
      search:
        query.trim() === ''
          ? { ...s.search, query, result: null, status: 'idle', cursor: 0 }
          : { ...s.search, query, status: 'loading' },
    }));
    // No debounce: a search answers in a few milliseconds (the index is in main's worker thread)
    // and any wait is added to every keystroke; runSearch keeps at most one search in flight.
    void get().runSearch();
  },
  async loadSaved() {
    const r = await call(api().listSavedSearches({}));
    if ('value' in r) set((s) => ({ search: { ...s.search, saved: r.value } }));
  },
  async saveSearch(name) {
    const r = await call(api().saveSearch({ name, query: get().search.query }));
    if ('error' in r) return r.error;
    set((s) => ({ search: { ...s.search, saved: r.value } }));
    return null;
  },
  async deleteSavedSearch(id) {
    const r = await call(api().deleteSavedSearch({ id }));
    if ('value' in r) set((s) => ({ search: { ...s.search, saved: r.value } }));
  },
  setSort(sort) {
    set((s) => ({ search: { ...s.search, sort } }));
    void get().runSearch();
  },
  async runSearch() {
    ++ticket;
    // At most one search in flight: keys typed while it runs are answered by one more search for
    // the latest query when it returns, so fast typing never queues a search per key in main.
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    try {
      do {
        again = false;
        await searchOnce(set, get);
      } while (again);
    } finally {
      inFlight = false;
    }
  },
  async loadMoreResults() {
    const { query, sort, result } = get().search;
    if (!result || result.problem || result.items.length >= result.total || loadingMore) return;
    loadingMore = true;
    const mine = ticket;
    try {
      const within = withinFor(get().library.filter);
      const r = await call(
        api().searchBriefings({ query, sort, limit: PAGE * 2, offset: result.items.length, within }),
      );
      // Only onto the very result it continues (not a newer query's, nor one replaced meanwhile).
      if (mine !== ticket || !('value' in r) || get().search.result !== result) return;
      set((s) => ({ search: { ...s.search, result: { ...result, items: [...result.items, ...r.value.items] } } }));
    } finally {
      loadingMore = false;
    }
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
