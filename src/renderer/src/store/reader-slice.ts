import type { StateCreator } from 'zustand';
import type { Briefing, BriefingId, ReadingUpdate } from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { api, call } from '../bridge';
import type { Store } from './index';

export type ReaderSlice = {
  reader: {
    selectedId: BriefingId | null;
    briefing: Briefing | null;
    status: 'idle' | 'loading' | 'ready' | 'error';
    error: AppError | null;
    /** Words to highlight (from a search) and the passage to scroll to. */
    highlight: string[];
    passage: string | null;
  };
  openBriefing(id: BriefingId, focus?: { highlight: string[]; passage: string | null }): Promise<void>;
  updateReading(update: Omit<ReadingUpdate, 'id'>): Promise<void>;
  closeBriefing(): void;
};

export const createReaderSlice: StateCreator<Store, [], [], ReaderSlice> = (set, get) => ({
  reader: { selectedId: null, briefing: null, status: 'idle', error: null, highlight: [], passage: null },

  async openBriefing(id, focus) {
    const highlight = focus?.highlight ?? [];
    const passage = focus?.passage ?? null;
    set({
      reader: { selectedId: id, briefing: get().reader.briefing, status: 'loading', error: null, highlight, passage },
    });
    const r = await call(api().getBriefing({ id }));
    if (get().reader.selectedId !== id) return;
    if ('error' in r)
      set({ reader: { selectedId: id, briefing: null, status: 'error', error: r.error, highlight, passage } });
    else set({ reader: { selectedId: id, briefing: r.value, status: 'ready', error: null, highlight, passage } });
  },

  async updateReading(update) {
    const current = get().reader.briefing;
    if (!current) return;
    const r = await call(api().updateReading({ id: current.id, ...update }));
    if ('error' in r) {
      set((s) => ({ reader: { ...s.reader, error: r.error } }));
      return;
    }
    get().patchSummary(r.value);
    set((s) =>
      s.reader.briefing && s.reader.briefing.id === r.value.id
        ? { reader: { ...s.reader, briefing: { ...s.reader.briefing, ...r.value } } }
        : s,
    );
  },

  closeBriefing() {
    set({ reader: { selectedId: null, briefing: null, status: 'idle', error: null, highlight: [], passage: null } });
  },
});
