import { useStore } from '../../store';

/** Live progress while an import runs, then a short report with every problem file and why. */
export function ImportStatus() {
  const running = useStore((s) => s.imports.running);
  const progress = useStore((s) => s.imports.progress);
  const report = useStore((s) => s.imports.lastReport);
  const error = useStore((s) => s.imports.error);
  const dismiss = useStore((s) => s.dismissImportReport);

  if (running) {
    const total = progress?.total ?? 0;
    const done = progress?.done ?? 0;
    return (
      <div className="import-status" role="status">
        <span>Importing… {total > 0 ? `${done} of ${total}` : ''}</span>
        <progress max={Math.max(total, 1)} value={done} aria-label="Import progress" />
      </div>
    );
  }
  if (error) {
    return (
      <div className="import-status failed" role="alert">
        <span>Import failed: {error.message}</span>
        <button type="button" onClick={dismiss}>
          Dismiss
        </button>
      </div>
    );
  }
  if (!report) return null;
  const problems = report.files.filter((f) => f.outcome !== 'imported');
  return (
    <div className="import-status done" role="status">
      <span>
        Imported {report.imported}
        {report.duplicates > 0 && `, ${report.duplicates} already in the library`}
        {report.skipped > 0 && `, ${report.skipped} skipped`}
        {report.failed > 0 && `, ${report.failed} failed`}.
      </span>
      {problems.length > 0 && (
        <details>
          <summary>Details</summary>
          <ul className="import-problems">
            {problems.slice(0, 200).map((f) => (
              <li key={f.path}>
                <span className="path">{f.path}</span> — {f.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      <button type="button" onClick={dismiss} aria-label="Dismiss import report">
        ✕
      </button>
    </div>
  );
}
