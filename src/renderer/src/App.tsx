import { useEffect } from 'react';
import { api } from './bridge';
import { DropZone } from './features/import/DropZone';
import { ImportReportPanel } from './features/import/ImportReportPanel';
import { ImportStatus } from './features/import/ImportStatus';
import { EmptyLibrary } from './features/library/EmptyLibrary';
import { LibraryList } from './features/library/LibraryList';
import { Sidebar } from './features/library/Sidebar';
import { Reader } from './features/reader/Reader';
import { SearchBox } from './features/search/SearchBox';
import { SearchResults } from './features/search/SearchResults';
import { useStore } from './store';

export function App() {
  const status = useStore((s) => s.library.status);
  const stats = useStore((s) => s.library.stats);
  const loadLibrary = useStore((s) => s.loadLibrary);
  const refreshStats = useStore((s) => s.refreshStats);
  const setImportProgress = useStore((s) => s.setImportProgress);

  useEffect(() => {
    void loadLibrary();
    const offProgress = api().onImportProgress(setImportProgress);
    // A reading-state update is already patched into the row by the store; reloading the list
    // would drop the pages scrolled in so far, so only the counts are refreshed.
    const offChanged = api().onLibraryChanged(
      (change) => void (change.reason === 'update' ? refreshStats() : loadLibrary()),
    );
    return () => {
      offProgress();
      offChanged();
    };
  }, [loadLibrary, refreshStats, setImportProgress]);

  const empty = stats !== null && stats.total === 0;
  const searching = useStore((s) => s.search.query.trim() !== '');
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Briefings</span>
        {!empty && <SearchBox />}
        {!empty && <ImportMenu />}
      </header>
      <ImportStatus />
      {empty ? (
        <EmptyLibrary />
      ) : (
        <main className="panes" aria-busy={status === 'loading' && stats === null}>
          <Sidebar />
          {searching ? <SearchResults /> : <LibraryList />}
          <Reader />
        </main>
      )}
      <ImportReportPanel />
      <DropZone />
    </div>
  );
}

function ImportMenu() {
  const importWithDialog = useStore((s) => s.importWithDialog);
  const running = useStore((s) => s.imports.running);
  return (
    <div className="import-actions" role="group" aria-label="Import">
      <button type="button" onClick={() => void importWithDialog('files')} disabled={running}>
        Import files…
      </button>
      <button type="button" onClick={() => void importWithDialog('folder')} disabled={running}>
        Import folder…
      </button>
    </div>
  );
}
