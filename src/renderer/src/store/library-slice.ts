import type { StateCreator } from 'zustand';
import type { BriefingId, BriefingSummary, LibraryStats, ListQuery } from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { api, call } from '../bridge';
import type { Store } from './index';

const PAGE = 200;

export type LibraryFilter = 'all' | 'unread' | 'starred' | 'archived';

export type LibrarySlice = {
  library: {
    byId: Record<number, BriefingSummary>;
    order: BriefingId[];
    total: number;
    stats: LibraryStats | null;
    filter: LibraryFilter;
    status: 'idle' | 'loading' | 'ready' | 'error';
    error: AppError | null;
  };
  loadLibrary(): Promise<void>;
  loadMore(): Promise<void>;
  refreshStats(): Promise<void>;
  setFilter(filter: LibraryFilter): void;
  patchSummary(s: BriefingSummary): void;
};

function queryFor(filter: LibraryFilter): ListQuery {
  const q: ListQuery = { sort: 'published' };
  if (filter === 'unread') q.readState = 'unread';
  if (filter === 'starred') q.starred = true;
  if (filter === 'archived') q.archived = true;
  else q.archived = false;
  return q;
}

// Each reload gets a ticket; a slower, older response never overwrites a newer one.
let ticket = 0;

export const createLibrarySlice: StateCreator<Store, [], [], LibrarySlice> = (set, get) => ({
  library: { byId: {}, order: [], total: 0, stats: null, filter: 'all', status: 'idle', error: null },

  async loadLibrary() {
    const mine = ++ticket;
    const { filter } = get().library;
    set((s) => ({ library: { ...s.library, status: 'loading', error: null } }));
    const [page, stats] = await Promise.all([
      call(api().listBriefings({ ...queryFor(filter), offset: 0, limit: PAGE })),
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
    const { order, total, filter, status } = get().library;
    if (status === 'loading' || order.length >= total) return;
    const mine = ticket;
    set((s) => ({ library: { ...s.library, status: 'loading' } }));
    const page = await call(api().listBriefings({ ...queryFor(filter), offset: order.length, limit: PAGE }));
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
