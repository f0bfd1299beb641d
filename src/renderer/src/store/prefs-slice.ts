import type { StateCreator } from 'zustand';
import { DEFAULT_READER_PREFS, type ReaderPrefs } from '../../../shared/model';
import { api, call } from '../bridge';
import { applyReaderPrefs } from '../features/reader/prefs';
import type { Store } from './index';

export type PrefsSlice = {
  prefs: ReaderPrefs;
  loadPrefs(): Promise<void>;
  /** Applies at once (optimistically), then stores it in the library's settings. */
  setPrefs(change: Partial<ReaderPrefs>): Promise<void>;
};

export const createPrefsSlice: StateCreator<Store, [], [], PrefsSlice> = (set, get) => ({
  prefs: DEFAULT_READER_PREFS,
  async loadPrefs() {
    const r = await call(api().getReaderPrefs({}));
    if ('value' in r) {
      set({ prefs: r.value });
      applyReaderPrefs(r.value);
    }
  },
  async setPrefs(change) {
    const next = { ...get().prefs, ...change };
    set({ prefs: next });
    applyReaderPrefs(next);
    const r = await call(api().setReaderPrefs(change));
    if ('value' in r) set({ prefs: r.value });
  },
});
