import type { StateCreator } from 'zustand';
import type { ImportFileResult, ImportProgress, ImportReport, ImportRunSummary } from '../../../shared/model';
import type { AppError, Result } from '../../../shared/result';
import { api, call } from '../bridge';
import type { Store } from './index';

export type ReportView = { run: ImportRunSummary; files: ImportFileResult[] } | null;

export type ImportSlice = {
  imports: {
    running: boolean;
    progress: ImportProgress | null;
    lastReport: ImportReport | null;
    error: AppError | null;
    runs: ImportRunSummary[];
    report: ReportView;
    watched: string[];
    notice: string | null;
  };
  importSample(): Promise<void>;
  importWithDialog(kind: 'files' | 'folder'): Promise<void>;
  importDropped(files: File[]): Promise<void>;
  retryFailed(runId: number): Promise<void>;
  cancelImport(): Promise<void>;
  setImportProgress(p: ImportProgress): void;
  dismissImportReport(): void;
  loadRuns(): Promise<void>;
  openReport(runId: number): Promise<void>;
  closeReport(): void;
  loadWatched(): Promise<void>;
  addWatched(): Promise<void>;
  removeWatched(path: string): Promise<void>;
  exportLibrary(): Promise<void>;
};

export const createImportSlice: StateCreator<Store, [], [], ImportSlice> = (set, get) => {
  const patch = (p: Partial<ImportSlice['imports']>): void => set((s) => ({ imports: { ...s.imports, ...p } }));

  let shownImported = 0;
  let lastListRefresh = 0;
  const run = async (start: () => Promise<Result<ImportReport | null>>): Promise<void> => {
    shownImported = 0;
    lastListRefresh = Date.now();
    patch({ running: true, error: null, progress: null, lastReport: null });
    const r = await call(start());
    patch({
      running: false,
      lastReport: 'value' in r ? r.value : null,
      error: 'error' in r ? r.error : null,
    });
    await Promise.all([get().loadLibrary(), get().loadRuns()]);
    if ('value' in r && r.value) {
      const first = r.value.files.find((f) => f.outcome === 'imported' && f.id !== undefined);
      if (first?.id !== undefined && get().reader.selectedId === null) void get().openBriefing(first.id);
    }
  };

  return {
    imports: {
      running: false,
      progress: null,
      lastReport: null,
      error: null,
      runs: [],
      report: null,
      watched: [],
      notice: null,
    },
    importSample: () => run(() => api().importSample({})),
    importWithDialog: (kind) => run(() => api().importWithDialog({ kind })),
    importDropped: (files) => run(() => api().importDroppedFiles(files)),
    retryFailed: async (runId) => {
      patch({ report: null });
      await run(() => api().retryImport({ runId }));
    },
    cancelImport: async () => {
      const runId = get().imports.progress?.runId;
      if (runId !== undefined) await call(api().cancelImport({ runId }));
    },
    setImportProgress: (p) => {
      patch({ progress: p });
      // New briefings show in the list as they land (at most every 2 s), not only at the end:
      // the list said "1 briefing" while 125 were already stored.
      const t = Date.now();
      if (p.phase === 'importing' && p.imported > shownImported && t - lastListRefresh >= 2000) {
        shownImported = p.imported;
        lastListRefresh = t;
        void get().loadLibrary();
      }
    },
    dismissImportReport: () => patch({ lastReport: null, error: null, notice: null }),
    loadRuns: async () => {
      const r = await call(api().listImportRuns({}));
      if ('value' in r) patch({ runs: r.value });
    },
    openReport: async (runId) => {
      const r = await call(api().getImportRun({ runId }));
      if ('value' in r) patch({ report: r.value });
      else patch({ error: r.error });
    },
    closeReport: () => patch({ report: null }),
    loadWatched: async () => {
      const r = await call(api().listWatchedFolders({}));
      if ('value' in r) patch({ watched: r.value });
    },
    addWatched: async () => {
      const r = await call(api().addWatchedFolder({}));
      if ('value' in r) patch({ watched: r.value });
      else patch({ error: r.error });
    },
    removeWatched: async (path) => {
      const r = await call(api().removeWatchedFolder({ path }));
      if ('value' in r) patch({ watched: r.value });
      else patch({ error: r.error });
    },
    exportLibrary: async () => {
      const r = await call(api().exportLibrary({}));
      if ('error' in r) patch({ error: r.error });
      else if (r.value) patch({ notice: `Exported ${r.value.count.toLocaleString()} briefings to ${r.value.path}` });
    },
  };
};
