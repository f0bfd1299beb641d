import type { StateCreator } from 'zustand';
import type {
  Briefing,
  BriefingId,
  Highlight,
  HighlightColor,
  NewHighlight,
  ReadingUpdate,
} from '../../../shared/model';
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
    /** The open briefing's highlights and notes, in reading order. */
    marks: Highlight[];
    /** A highlight to scroll to once the briefing is shown (from the library-wide list). */
    focusMark: number | null;
  };
  openBriefing(id: BriefingId, focus?: { highlight: string[]; passage: string | null }): Promise<void>;
  updateReading(update: Omit<ReadingUpdate, 'id'>): Promise<void>;
  closeBriefing(): void;
  addHighlight(h: Omit<NewHighlight, 'briefingId'>): Promise<void>;
  updateHighlight(id: number, change: { color?: HighlightColor; note?: string | null }): Promise<void>;
  removeHighlight(id: number): Promise<void>;
  exportMarkdown(): Promise<void>;
  openHighlight(h: Highlight): Promise<void>;
  /** Opens the file the briefing was imported from (main resolves and checks the path). */
  openOriginal(): Promise<void>;
  /** Shows that file in the system's file manager. */
  showOriginal(): Promise<void>;
};

/** Nothing open: the start state, and what closing a briefing returns to. */
const EMPTY_READER: ReaderSlice['reader'] = {
  selectedId: null,
  briefing: null,
  status: 'idle',
  error: null,
  highlight: [],
  passage: null,
  marks: [],
  focusMark: null,
};

export const createReaderSlice: StateCreator<Store, [], [], ReaderSlice> = (set, get) => ({
  reader: EMPTY_READER,

  async openBriefing(id, focus) {
    const highlight = focus?.highlight ?? [];
    const passage = focus?.passage ?? null;
    const focusMark = get().reader.focusMark;
    set((s) => ({
      reader: { ...s.reader, selectedId: id, status: 'loading', error: null, highlight, passage },
    }));
    const [r, marks] = await Promise.all([
      call(api().getBriefing({ id })),
      call(api().listHighlights({ briefingId: id })),
    ]);
    if (get().reader.selectedId !== id) return;
    const base = { selectedId: id, highlight, passage, focusMark, marks: 'value' in marks ? marks.value : [] };
    if ('error' in r) set({ reader: { ...base, briefing: null, status: 'error', error: r.error } });
    else set({ reader: { ...base, briefing: r.value, status: 'ready', error: null } });
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
    // Tag and source counts leave archived briefings out.
    if (update.archived !== undefined) void get().loadOrganize();
    set((s) =>
      s.reader.briefing && s.reader.briefing.id === r.value.id
        ? { reader: { ...s.reader, briefing: { ...s.reader.briefing, ...r.value } } }
        : s,
    );
  },

  closeBriefing() {
    set({ reader: EMPTY_READER });
  },

  async addHighlight(h) {
    const b = get().reader.briefing;
    if (!b) return;
    const r = await call(api().addHighlight({ ...h, briefingId: b.id }));
    if ('error' in r) {
      get().showToast({ message: r.error.message, undoable: false, error: true });
      return;
    }
    // Main joins a highlight with the ones it overlaps: they are gone, the joined one stands.
    const added = r.value;
    const overlaps = (m: Highlight): boolean =>
      m.start < added.start + added.quote.length && added.start < m.start + m.quote.length;
    const joined = get().reader.marks.filter((m) => m.id === added.id || overlaps(m)).length;
    set((s) => ({
      reader: {
        ...s.reader,
        marks: [...s.reader.marks.filter((m) => m.id !== added.id && !overlaps(m)), added].sort(
          (a, c) => a.start - c.start,
        ),
      },
    }));
    if (joined > 0)
      get().showToast({
        message:
          joined === 1 ? 'Joined with the highlight it overlaps' : `Joined with ${joined} highlights it overlaps`,
        undoable: false,
      });
  },
  async updateHighlight(id, change) {
    const r = await call(api().updateHighlight({ id, ...change }));
    if ('value' in r)
      set((s) => ({ reader: { ...s.reader, marks: s.reader.marks.map((m) => (m.id === id ? r.value : m)) } }));
  },
  async removeHighlight(id) {
    const r = await call(api().removeHighlight({ id }));
    if ('value' in r) set((s) => ({ reader: { ...s.reader, marks: s.reader.marks.filter((m) => m.id !== id) } }));
  },
  async exportMarkdown() {
    const b = get().reader.briefing;
    if (!b) return;
    const r = await call(api().exportMarkdown({ id: b.id }));
    if ('error' in r) get().showToast({ message: r.error.message, undoable: false, error: true });
    else if (r.value) get().showToast({ message: `Saved ${r.value.path}`, undoable: false });
  },
  async openOriginal() {
    const b = get().reader.briefing;
    if (!b) return;
    const r = await call(api().openOriginal({ id: b.id }));
    if ('error' in r) get().showToast({ message: r.error.message, undoable: false, error: true });
    else
      get().showToast({
        message: r.value.inArchive ? `Opened the archive it came from: ${r.value.path}` : `Opened ${r.value.path}`,
        undoable: false,
      });
  },
  async showOriginal() {
    const b = get().reader.briefing;
    if (!b) return;
    const r = await call(api().showOriginal({ id: b.id }));
    if ('error' in r) get().showToast({ message: r.error.message, undoable: false, error: true });
    else
      get().showToast({
        message: r.value.inArchive ? `Shown the archive it came from: ${r.value.path}` : `Shown ${r.value.path}`,
        undoable: false,
      });
  },
  async openHighlight(h) {
    set((s) => ({ reader: { ...s.reader, focusMark: h.id } }));
    await get().openBriefing(h.briefingId);
  },
});
