import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { ImportOutcome } from '../../../../shared/model';
import { formatDateTime } from '../../format';
import { useStore } from '../../store';

const FILTERS: { key: ImportOutcome | 'all'; label: string }[] = [
  { key: 'all', label: 'All' },
  { key: 'imported', label: 'Imported' },
  { key: 'duplicate', label: 'Duplicates' },
  { key: 'skipped', label: 'Skipped' },
  { key: 'failed', label: 'Failed' },
];

/** The per-file report of one import: every file with its outcome and the reason, filterable. */
export function ImportReportPanel() {
  const report = useStore((s) => s.imports.report);
  const close = useStore((s) => s.closeReport);
  const retry = useStore((s) => s.retryFailed);
  const running = useStore((s) => s.imports.running);
  const openBriefing = useStore((s) => s.openBriefing);
  const [filter, setFilter] = useState<ImportOutcome | 'all'>('all');
  const [query, setQuery] = useState('');
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (report?.files ?? []).filter(
      (f) =>
        (filter === 'all' || f.outcome === filter) &&
        (q === '' || f.path.toLowerCase().includes(q) || (f.reason ?? '').toLowerCase().includes(q)),
    );
  }, [report, filter, query]);
  // We do not use the React Compiler, so its warning about memoizing this hook does not apply.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 44,
    overscan: 10,
  });
  if (!report) return null;
  const { run } = report;
  // Paths read better relative to the folder that was imported.
  const root = run.paths.length === 1 ? (run.paths[0] ?? '') : '';
  const shown = (p: string): string => (root && p.startsWith(`${root}/`) ? p.slice(root.length + 1) : p);
  const counts: Record<string, number> = {
    all: report.files.length,
    imported: run.imported,
    duplicate: run.duplicates,
    skipped: run.skipped,
    failed: run.failed,
  };
  return (
    <div className="overlay" role="presentation" onClick={close}>
      <section
        className="report"
        role="dialog"
        aria-modal="true"
        aria-labelledby="report-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') close();
        }}
      >
        <header className="report-header">
          <h2 id="report-title">Import report</h2>
          <p>
            {formatDateTime(run.startedAt)} · {run.source} · {run.status === 'cancelled' ? 'cancelled' : run.status} ·{' '}
            {run.paths.join(', ')}
          </p>
          {run.note && <p className="report-note">Ended early: {run.note}</p>}
          {report.files.length !== run.total && run.total > 0 && (
            // Counts add up: a mailbox or an archive is one file but many entries below.
            <p className="report-note">
              {report.files.length.toLocaleString()} entries from {run.total.toLocaleString()}{' '}
              {run.total === 1 ? 'file' : 'files'}: a mailbox or an archive holds several documents, each listed on its
              own.
            </p>
          )}
          <button type="button" className="close" onClick={close} aria-label="Close report" autoFocus>
            ✕
          </button>
        </header>
        <div className="report-tools">
          <div role="tablist" aria-label="Filter by outcome">
            {FILTERS.map((f) => (
              <button
                key={f.key}
                type="button"
                role="tab"
                aria-selected={filter === f.key}
                onClick={() => setFilter(f.key)}
              >
                {f.label} <span className="count">{(counts[f.key] ?? 0).toLocaleString()}</span>
              </button>
            ))}
          </div>
          <input
            type="search"
            placeholder="Filter by path or reason"
            aria-label="Filter the report"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          {run.failed > 0 && (
            <button type="button" className="primary" disabled={running} onClick={() => void retry(run.id)}>
              Retry failed
            </button>
          )}
        </div>
        <div className="report-list" ref={scrollRef} role="list" aria-label="Files">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((v) => {
              const f = rows[v.index];
              if (!f) return null;
              return (
                <div
                  key={v.key}
                  role="listitem"
                  className={`report-row ${f.outcome}`}
                  style={{ transform: `translateY(${v.start}px)` }}
                >
                  <span className={`badge ${f.outcome}`}>{f.outcome}</span>
                  <span className="report-path" title={f.path}>
                    {f.id !== undefined && f.outcome !== 'failed' ? (
                      <button
                        type="button"
                        className="link"
                        onClick={() => {
                          close();
                          void openBriefing(f.id as NonNullable<typeof f.id>);
                        }}
                      >
                        {shown(f.path)}
                      </button>
                    ) : (
                      shown(f.path)
                    )}
                  </span>
                  {f.reason && <span className="report-reason">{f.reason}</span>}
                </div>
              );
            })}
          </div>
          {rows.length === 0 && <p className="list-empty">No files match.</p>}
        </div>
      </section>
    </div>
  );
}
