import type { ImportFileResult } from '../../../shared/model';
import type { Db } from '../db/open';

export function startImportRun(db: Db, source: string, now: string): number {
  return Number(
    db.prepare('INSERT INTO import_runs (started_at, source) VALUES (?, ?)').run(now, source).lastInsertRowid,
  );
}

export function recordImportFile(db: Db, runId: number, f: ImportFileResult): void {
  db.prepare('INSERT INTO import_files (run_id, path, outcome, reason, briefing_id) VALUES (?, ?, ?, ?, ?)').run(
    runId,
    f.path,
    f.outcome,
    f.reason ?? null,
    f.id ?? null,
  );
}

export function finishImportRun(
  db: Db,
  runId: number,
  status: 'done' | 'cancelled' | 'failed',
  counts: { imported: number; duplicates: number; skipped: number; failed: number },
  now: string,
): void {
  db.prepare(
    `UPDATE import_runs SET finished_at = ?, status = ?, imported = ?, duplicates = ?, skipped = ?, failed = ?
     WHERE id = ?`,
  ).run(now, status, counts.imported, counts.duplicates, counts.skipped, counts.failed, runId);
}
