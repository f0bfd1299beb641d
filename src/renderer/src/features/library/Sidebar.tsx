import { useEffect, useMemo, useState } from 'react';
import type { LibraryStats } from '../../../../shared/model';
import { formatDateTime, sourceLabels } from '../../format';
import { useStore } from '../../store';
import { sameFilter, type LibraryFilter } from '../../store/library-slice';
import { AllHighlights } from '../reader/Highlights';
import { RulesDialog } from '../tags/RulesDialog';
import { TagTree } from '../tags/TagTree';

const ITEMS: { filter: Exclude<LibraryFilter, object>; label: string; count: (s: LibraryStats) => number }[] = [
  { filter: 'all', label: 'All', count: (s) => s.total - s.archived },
  { filter: 'unread', label: 'Unread', count: (s) => s.unread },
  { filter: 'in_progress', label: 'In progress', count: (s) => s.inProgress },
  { filter: 'starred', label: 'Starred', count: (s) => s.starred },
  { filter: 'archived', label: 'Archive', count: (s) => s.archived },
];

export function Sidebar() {
  const filter = useStore((s) => s.library.filter);
  const stats = useStore((s) => s.library.stats);
  const setFilter = useStore((s) => s.setFilter);
  return (
    <nav className="sidebar" aria-label="Library views">
      <ul>
        {ITEMS.map((item) => (
          <li key={item.filter}>
            <button
              type="button"
              className={item.filter === filter ? 'active' : ''}
              aria-current={item.filter === filter ? 'page' : undefined}
              onClick={() => setFilter(item.filter)}
            >
              <span>{item.label}</span>
              <span className="count">{stats ? item.count(stats).toLocaleString() : ''}</span>
            </button>
          </li>
        ))}
      </ul>
      <SavedSearches />
      <TagTree />
      <Sources />
      <RulesButton />
      <HighlightsButton />
      <ImportHistory />
      <WatchedFolders />
      <ExportButton />
    </nav>
  );
}

function ImportHistory() {
  const runs = useStore((s) => s.imports.runs);
  const loadRuns = useStore((s) => s.loadRuns);
  const openReport = useStore((s) => s.openReport);
  useEffect(() => {
    void loadRuns();
  }, [loadRuns]);
  if (runs.length === 0) return null;
  return (
    <section className="sidebar-section" aria-labelledby="history-title">
      <h3 id="history-title">Import history</h3>
      <ul>
        {runs.slice(0, 8).map((r) => (
          <li key={r.id}>
            <button
              type="button"
              className="history"
              onClick={() => void openReport(r.id)}
              aria-label={`Import of ${formatDateTime(r.startedAt)}: ${r.imported} imported, ${r.failed} failed`}
            >
              <span className="history-date">{formatDateTime(r.startedAt)}</span>
              <span className="history-counts">
                +{r.imported.toLocaleString()}
                {r.failed > 0 && <span className="bad"> · {r.failed.toLocaleString()} failed</span>}
                {r.status === 'cancelled' && ' · cancelled'}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function WatchedFolders() {
  const watched = useStore((s) => s.imports.watched);
  const load = useStore((s) => s.loadWatched);
  const add = useStore((s) => s.addWatched);
  const remove = useStore((s) => s.removeWatched);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section className="sidebar-section" aria-labelledby="watch-title">
      <h3 id="watch-title">Watched folders</h3>
      {watched.length === 0 && (
        <p className="sidebar-hint">New files in a watched folder are imported automatically.</p>
      )}
      <ul>
        {watched.map((f) => (
          <li key={f} className="watched">
            <span title={f}>{f.split(/[\\/]/).pop()}</span>
            <button type="button" className="icon" aria-label={`Stop watching ${f}`} onClick={() => void remove(f)}>
              ✕
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="small" onClick={() => void add()}>
        Watch a folder…
      </button>
    </section>
  );
}

function ExportButton() {
  const exportLibrary = useStore((s) => s.exportLibrary);
  return (
    <section className="sidebar-section">
      <button type="button" className="small" onClick={() => void exportLibrary()}>
        Export library…
      </button>
    </section>
  );
}

function SavedSearches() {
  const saved = useStore((s) => s.search.saved);
  const load = useStore((s) => s.loadSaved);
  const setQuery = useStore((s) => s.setQuery);
  const remove = useStore((s) => s.deleteSavedSearch);
  const current = useStore((s) => s.search.query);
  // Live counts: reloaded whenever the library's counts change.
  const stats = useStore((s) => s.library.stats);
  useEffect(() => {
    void load();
  }, [load, stats]);
  if (saved.length === 0) return null;
  return (
    <section className="sidebar-section" aria-labelledby="saved-title">
      <h3 id="saved-title">Saved searches</h3>
      <ul>
        {saved.map((s) => (
          <li key={s.id} className="saved">
            <button
              type="button"
              className={current === s.query ? 'active' : ''}
              title={s.query}
              onClick={() => setQuery(s.query)}
            >
              <span>{s.name}</span>
              <span className="count">{s.count.toLocaleString()}</span>
            </button>
            <button
              type="button"
              className="icon"
              aria-label={`Delete saved search ${s.name}`}
              onClick={() => void remove(s.id)}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Publishers, sites and senders, most frequent first; the first 12, then all on request. */
function Sources() {
  const sources = useStore((s) => s.organize.sources);
  const filter = useStore((s) => s.library.filter);
  const setFilter = useStore((s) => s.setFilter);
  const [all, setAll] = useState(false);
  const labels = useMemo(() => sourceLabels(sources.map((s) => s.name)), [sources]);
  if (sources.length === 0) return null;
  return (
    <section className="sidebar-section" aria-labelledby="sources-title">
      <h3 id="sources-title">Sources</h3>
      <ul>
        {(all ? sources : sources.slice(0, 12)).map((src) => {
          const active = sameFilter(filter, { source: src.name });
          return (
            <li key={src.name}>
              <button
                type="button"
                className={active ? 'active' : ''}
                aria-current={active ? 'page' : undefined}
                onClick={() => setFilter({ source: src.name })}
                // The full name as the tooltip; no aria-label, since a name that differs from
                // the visible (folded) label breaks voice control (WCAG 2.5.3).
                title={src.name}
              >
                <span className="ellipsis">{labels.get(src.name) ?? src.name}</span>{' '}
                <span className="count">{src.count.toLocaleString()}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {sources.length > 12 && (
        <button type="button" className="small" onClick={() => setAll(!all)}>
          {all ? 'Fewer' : `All ${sources.length} sources`}
        </button>
      )}
    </section>
  );
}

function RulesButton() {
  const [open, setOpen] = useState(false);
  const count = useStore((s) => s.organize.rules.length);
  return (
    <section className="sidebar-section">
      <button type="button" className="small" onClick={() => setOpen(true)}>
        Tagging rules{count > 0 ? ` (${count})` : ''}…
      </button>
      {open && <RulesDialog onClose={() => setOpen(false)} />}
    </section>
  );
}

function HighlightsButton() {
  const [open, setOpen] = useState(false);
  return (
    <section className="sidebar-section">
      <button type="button" className="small" onClick={() => setOpen(true)}>
        All highlights…
      </button>
      {open && <AllHighlights onClose={() => setOpen(false)} />}
    </section>
  );
}
