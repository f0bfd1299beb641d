import type { StateCreator } from 'zustand';
import type { BriefingId, BriefingSummary, LibraryStats, ListOrder, ListQuery } from '../../../shared/model';
import { LIST_ORDERS } from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { api, call } from '../bridge';
import type { Store } from './index';

const PAGE = 200;

/** What the list shows: a fixed view, one tag (with the tags below it) or one source. */
export type LibraryFilter =
  'all' | 'unread' | 'in_progress' | 'starred' | 'archived' | { tag: string } | { source: string };

type Within = Pick<ListQuery, 'readState' | 'starred' | 'archived' | 'tag' | 'source'>;

/** The list query of a view; search runs within the same view, and bulk "all N" targets it. */
export function withinFor(filter: LibraryFilter): Within {
  if (typeof filter === 'object') return { ...filter, archived: false };
  if (filter === 'archived') return { archived: true };
  // Archived briefings are hidden everywhere but the Archive.
  const q: Within = { archived: false };
  if (filter === 'unread') q.readState = 'unread';
  if (filter === 'in_progress') q.readState = 'in_progress';
  if (filter === 'starred') q.starred = true;
  return q;
}

export const sameFilter = (a: LibraryFilter, b: LibraryFilter): boolean => JSON.stringify(a) === JSON.stringify(b);

export type LibrarySlice = {
  library: {
    byId: Record<number, BriefingSummary>;
    order: BriefingId[];
    total: number;
    stats: LibraryStats | null;
    filter: LibraryFilter;
    sort: SortChoice;
    status: 'idle' | 'loading' | 'ready' | 'error';
    error: AppError | null;
  };
  loadLibrary(): Promise<void>;
  loadMore(): Promise<void>;
  refreshStats(): Promise<void>;
  setFilter(filter: LibraryFilter): void;
  setListSort(sort: SortChoice): void;
  patchSummary(s: BriefingSummary): void;
};

export const SORTS = LIST_ORDERS;
export type SortChoice = ListOrder;

const SORT_KEY = 'briefings.sort';
/** The last order chosen, kept on this computer (a view preference, not library data). */
function savedSort(): SortChoice {
  try {
    const v = window.localStorage.getItem(SORT_KEY);
    return v && v in SORTS ? (v as SortChoice) : 'newest';
  } catch {
    return 'newest';
  }
}

function queryFor(filter: LibraryFilter, sort: SortChoice): ListQuery {
  const { sort: key, direction } = SORTS[sort];
  return { sort: key, direction, ...withinFor(filter) };
}

// Each reload gets a ticket; a slower, older response never overwrites a newer one.
let ticket = 0;

export const createLibrarySlice: StateCreator<Store, [], [], LibrarySlice> = (set, get) => ({
  library: {
    byId: {},
    order: [],
    total: 0,
    stats: null,
    filter: 'all',
    sort: savedSort(),
    status: 'idle',
    error: null,
  },

  async loadLibrary() {
    const mine = ++ticket;
    const { filter, sort } = get().library;
    set((s) => ({ library: { ...s.library, status: 'loading', error: null } }));
    const [page, stats] = await Promise.all([
      call(api().listBriefings({ ...queryFor(filter, sort), offset: 0, limit: PAGE })),
      call(api().getLibraryStats({})),
    ]);
    if (mine !== ticket) return;
    if ('error' in page) {
      set((s) => ({ library: { ...s.library, status: 'error', error: page.error } }));
      return;
    }
    const byId: Record<number, BriefingSummary> = {};
    for (const b of page.value.items) byId[b.id] = b;
    set((s) => ({
      library: {
        ...s.library,
        byId,
        order: page.value.items.map((b) => b.id),
        total: page.value.total,
        stats: 'value' in stats ? stats.value : s.library.stats,
        status: 'ready',
      },
    }));
  },

  async loadMore() {
    const { order, total, filter, sort, status } = get().library;
    if (status === 'loading' || order.length >= total) return;
    const mine = ticket;
    set((s) => ({ library: { ...s.library, status: 'loading' } }));
    const page = await call(api().listBriefings({ ...queryFor(filter, sort), offset: order.length, limit: PAGE }));
    if (mine !== ticket) return;
    if ('error' in page) {
      set((s) => ({ library: { ...s.library, status: 'error', error: page.error } }));
      return;
    }
    set((s) => {
      const byId = { ...s.library.byId };
      const fresh = page.value.items.filter((b) => byId[b.id] === undefined);
      for (const b of fresh) byId[b.id] = b;
      return {
        library: {
          ...s.library,
          byId,
          order: [...s.library.order, ...fresh.map((b) => b.id)],
          total: page.value.total,
          status: 'ready',
        },
      };
    });
  },

  async refreshStats() {
    const stats = await call(api().getLibraryStats({}));
    if ('value' in stats) set((s) => ({ library: { ...s.library, stats: stats.value } }));
  },

  setFilter(filter) {
    set((s) => ({ library: { ...s.library, filter } }));
    get().clearSelection();
    void get().loadLibrary();
    if (get().search.query.trim() !== '') void get().runSearch();
  },

  setListSort(sort) {
    try {
      window.localStorage.setItem(SORT_KEY, sort);
    } catch {
      // Storage unavailable: the order holds for this session.
    }
    set((s) => ({ library: { ...s.library, sort } }));
    void get().loadLibrary();
  },

  patchSummary(summary) {
    set((s) =>
      s.library.byId[summary.id]
        ? { library: { ...s.library, byId: { ...s.library.byId, [summary.id]: summary } } }
        : s,
    );
  },
});
