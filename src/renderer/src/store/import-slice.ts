import type { StateCreator } from 'zustand';
import type { ImportProgress, ImportReport } from '../../../shared/model';
import type { AppError, Result } from '../../../shared/result';
import { api, call } from '../bridge';
import type { Store } from './index';

export type ImportSlice = {
  imports: {
    running: boolean;
    progress: ImportProgress | null;
    lastReport: ImportReport | null;
    error: AppError | null;
  };
  importSample(): Promise<void>;
  importWithDialog(kind: 'files' | 'folder'): Promise<void>;
  setImportProgress(p: ImportProgress): void;
  dismissImportReport(): void;
};

export const createImportSlice: StateCreator<Store, [], [], ImportSlice> = (set, get) => {
  const run = async (start: () => Promise<Result<ImportReport | null>>): Promise<void> => {
    set((s) => ({ imports: { ...s.imports, running: true, error: null, progress: null } }));
    const r = await call(start());
    set((s) => ({
      imports: {
        ...s.imports,
        running: false,
        lastReport: 'value' in r ? (r.value ?? s.imports.lastReport) : s.imports.lastReport,
        error: 'error' in r ? r.error : null,
      },
    }));
    await get().loadLibrary();
    if ('value' in r && r.value) {
      const first = r.value.files.find((f) => f.id !== undefined);
      if (first?.id !== undefined && get().reader.selectedId === null) void get().openBriefing(first.id);
    }
  };
  return {
    imports: { running: false, progress: null, lastReport: null, error: null },
    importSample: () => run(() => api().importSample({})),
    importWithDialog: (kind) => run(() => api().importWithDialog({ kind })),
    setImportProgress: (p) => set((s) => ({ imports: { ...s.imports, progress: p } })),
    dismissImportReport: () => set((s) => ({ imports: { ...s.imports, lastReport: null, error: null } })),
  };
};
