import { useEffect } from 'react';
import { api } from './bridge';
import { Toast } from './components/Toast';
import { onShortcutKey, runCommand } from './features/shortcuts/commands';
import { ShortcutsDialog } from './features/shortcuts/ShortcutsDialog';
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
  const loadOrganize = useStore((s) => s.loadOrganize);
  const openBriefing = useStore((s) => s.openBriefing);
  const undo = useStore((s) => s.undo);

  useEffect(() => {
    void loadLibrary();
    void loadOrganize();
    void useStore.getState().loadPrefs();
    const offProgress = api().onImportProgress(setImportProgress);
    // A reading-state update is already patched into the row by the store; reloading the list
    // would drop the pages scrolled in so far, so only the counts are refreshed. Every other
    // change reloads the list, the tag tree, sources and counts, and the open briefing.
    const offChanged = api().onLibraryChanged((change) => {
      if (change.reason === 'update') {
        // Reading updates arrive every few hundred ms while scrolling; only the view counts can
        // change (archiving also changes tag and source counts: the reader reloads those itself).
        void refreshStats();
        return;
      }
      void loadLibrary();
      void loadOrganize();
      const s = useStore.getState();
      if (s.search.query.trim() !== '') void s.runSearch();
      const open = s.reader.selectedId;
      if (open !== null && change.reason === 'tags')
        void openBriefing(open, { highlight: s.reader.highlight, passage: null });
    });
    return () => {
      offProgress();
      offChanged();
    };
  }, [loadLibrary, refreshStats, setImportProgress, loadOrganize, openBriefing]);

  // Single-key shortcuts, and the application menu's commands (which arrive as events).
  useEffect(() => {
    window.addEventListener('keydown', onShortcutKey);
    const offMenu = api().onMenuCommand(({ command }) => runCommand(command));
    return () => {
      window.removeEventListener('keydown', onShortcutKey);
      offMenu();
    };
  }, []);

  // Ctrl/Cmd+Z undoes the last library action, except while editing text (the field's own undo).
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key.toLowerCase() !== 'z' || !(e.ctrlKey || e.metaKey) || e.shiftKey) return;
      if ((e.target as HTMLElement).closest('input, textarea, select, [contenteditable]')) return;
      e.preventDefault();
      void undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo]);

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
      {stats?.readOnly && (
        <div className="library-banner" role="status">
          {stats.readOnly}: you can read and search, but changes (imports, tags, highlights) cannot be saved.
        </div>
      )}
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
      <Toast />
      <ShortcutsDialog />
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
