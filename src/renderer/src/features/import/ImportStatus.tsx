import { useStore } from '../../store';
import { formatDuration } from '../../format';
import { secondsLeft } from '../../../../shared/eta';

const baseName = (p: string): string => p.split(/[\\/]/).pop() ?? p;

/** Live import progress (scan, then a bar with counts, rate and ETA, and Cancel), then a summary. */
export function ImportStatus() {
  const running = useStore((s) => s.imports.running);
  const progress = useStore((s) => s.imports.progress);
  const report = useStore((s) => s.imports.lastReport);
  const error = useStore((s) => s.imports.error);
  const notice = useStore((s) => s.imports.notice);
  const dismiss = useStore((s) => s.dismissImportReport);
  const cancel = useStore((s) => s.cancelImport);
  const openReport = useStore((s) => s.openReport);

  if (running) {
    if (!progress || progress.phase === 'scanning') {
      const found = progress ? Object.entries(progress.found).filter(([, n]) => n > 0) : [];
      const total = found.reduce((a, [, n]) => a + n, 0);
      return (
        <div className="import-status" role="status" aria-label="Import progress">
          <span>
            Scanning… {total.toLocaleString()} files found
            {found.length > 0 && ` (${found.map(([k, n]) => `${n.toLocaleString()} ${k}`).join(', ')})`}
            {progress && `, ${(progress.totalBytes / 1024 / 1024).toFixed(1)} MB`}
          </span>
          <button type="button" onClick={() => void cancel()}>
            Cancel
          </button>
        </div>
      );
    }
    const parsingMs = progress.elapsedMs - (progress.importingSinceMs ?? 0);
    const rate = parsingMs > 1000 ? (progress.done / parsingMs) * 1000 : 0;
    const eta = secondsLeft(progress);
    const slow = progress.slowFile;
    return (
      <div className="import-status" role="status" aria-label="Import progress">
        <progress max={Math.max(progress.total, 1)} value={progress.done} aria-label="Files imported" />
        <span className="import-counts">
          {progress.done.toLocaleString()} / {progress.total.toLocaleString()} · {progress.imported.toLocaleString()}{' '}
          new · {progress.duplicates.toLocaleString()} duplicates · {progress.skipped.toLocaleString()} skipped ·{' '}
          {progress.failed.toLocaleString()} failed
        </span>
        <span className="import-rate">
          {progress.waitingForLibrary && 'Waiting for the library (another program is writing to it)… '}
          {slow
            ? `Reading ${baseName(slow.path)} (${Math.round(slow.ms / 1000)} s so far; large files take longer)`
            : rate >= 1
              ? `${Math.round(rate).toLocaleString()} files/s`
              : ''}
          {!slow && eta !== null && eta >= 1 ? ` · about ${formatDuration(eta)} left` : ''}
        </span>
        <button type="button" onClick={() => void cancel()}>
          Cancel
        </button>
      </div>
    );
  }
  if (error) {
    return (
      <div className="import-status failed" role="alert">
        <span>{error.message}</span>
        <button type="button" onClick={dismiss}>
          Dismiss
        </button>
      </div>
    );
  }
  if (notice) {
    return (
      <div className="import-status done" role="status">
        <span>{notice}</span>
        <button type="button" onClick={dismiss} aria-label="Dismiss">
          ✕
        </button>
      </div>
    );
  }
  if (!report) return null;
  return (
    <div className="import-status done" role="status">
      <span>
        {report.status === 'cancelled' ? 'Import cancelled. ' : ''}Imported {report.imported.toLocaleString()}
        {report.duplicates > 0 && `, ${report.duplicates.toLocaleString()} already in the library`}
        {report.skipped > 0 && `, ${report.skipped.toLocaleString()} skipped`}
        {report.failed > 0 && `, ${report.failed.toLocaleString()} failed`}.
      </span>
      <button type="button" onClick={() => void openReport(report.runId)}>
        View report
      </button>
      <button type="button" onClick={dismiss} aria-label="Dismiss import summary">
        ✕
      </button>
    </div>
  );
}
