import { create } from 'zustand';
import { createImportSlice, type ImportSlice } from './import-slice';
import { createLibrarySlice, type LibrarySlice } from './library-slice';
import { createOrganizeSlice, type OrganizeSlice } from './organize-slice';
import { createPrefsSlice, type PrefsSlice } from './prefs-slice';
import { createReaderSlice, type ReaderSlice } from './reader-slice';
import { createSearchSlice, type SearchSlice } from './search-slice';

export type Store = LibrarySlice & ReaderSlice & ImportSlice & SearchSlice & OrganizeSlice & PrefsSlice;

/** One store from typed slices. Library data is never persisted here: SQLite is the truth. */
export const useStore = create<Store>()((...a) => ({
  ...createLibrarySlice(...a),
  ...createReaderSlice(...a),
  ...createImportSlice(...a),
  ...createSearchSlice(...a),
  ...createOrganizeSlice(...a),
  ...createPrefsSlice(...a),
}));
