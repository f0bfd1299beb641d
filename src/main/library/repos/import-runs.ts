import type { ImportFileResult, ImportRunSummary } from '../../../shared/model';
import type { Db } from '../db/open';
import { stmt } from '../db/statements';

export function startImportRun(db: Db, source: string, paths: string[], now: string): number {
  return Number(
    stmt(db, 'INSERT INTO import_runs (started_at, source, paths, pid) VALUES (?, ?, ?, ?)').run(
      now,
      source,
      JSON.stringify(paths),
      process.pid,
    ).lastInsertRowid,
  );
}

export type RunCounts = { imported: number; duplicates: number; skipped: number; failed: number };

/** What a run actually stored: counted from its committed file records, never from memory. */
export function committedCounts(db: Db, runId: number): RunCounts {
  const counts: RunCounts = { imported: 0, duplicates: 0, skipped: 0, failed: 0 };
  const rows = stmt(db, 'SELECT outcome, count(*) AS n FROM import_files WHERE run_id = ? GROUP BY outcome').all(
    runId,
  ) as { outcome: ImportFileResult['outcome']; n: number }[];
  for (const r of rows) counts[r.outcome === 'duplicate' ? 'duplicates' : r.outcome] += r.n;
  return counts;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (cause) {
    // EPERM: the process exists but belongs to someone else.
    return (cause as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Closes runs left 'running' by a process that no longer exists (killed, crashed, power cut):
 * they are marked failed, with the counts of what they committed and a note. Runs of live
 * processes (another window, a CLI import next to the app) are left alone. Returns how many.
 */
export function closeStaleRuns(db: Db, now: string, isAlive: (pid: number) => boolean = alive): number {
  const stale = (
    stmt(db, "SELECT id, pid FROM import_runs WHERE status = 'running'").all() as {
      id: number;
      pid: number | null;
    }[]
  ).filter((r) => r.pid === null || (r.pid !== process.pid && !isAlive(r.pid)));
  const close = db.transaction(() => {
    for (const r of stale) {
      const counts = committedCounts(db, r.id);
      const total = (
        stmt(db, 'SELECT count(DISTINCT source_path) AS n FROM import_files WHERE run_id = ?').get(r.id) as {
          n: number;
        }
      ).n;
      finishImportRun(
        db,
        r.id,
        'failed',
        { ...counts, total },
        now,
        'interrupted: the app stopped before the import finished',
      );
    }
  });
  close();
  return stale.length;
}

export type FileFingerprint = { sourcePath: string; size: number; mtimeMs: number };

export function recordImportFile(db: Db, runId: number, f: ImportFileResult, fp?: FileFingerprint): void {
  stmt(
    db,
    `INSERT INTO import_files (run_id, path, outcome, reason, briefing_id, source_path, size, mtime_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    runId,
    f.path,
    f.outcome,
    f.reason ?? null,
    f.id ?? null,
    fp?.sourcePath ?? f.path,
    fp?.size ?? null,
    fp?.mtimeMs ?? null,
  );
}

/**
 * The briefing a file produced last time, if the file is byte-for-byte where it was (same size
 * and modification time) and that briefing still exists: re-importing it can be skipped.
 */
export function unchangedImport(db: Db, fp: FileFingerprint): { id: number; title: string } | undefined {
  return stmt(
    db,
    `SELECT b.id, b.title FROM import_files f JOIN briefings b ON b.id = f.briefing_id
       WHERE f.source_path = ? AND f.size = ? AND f.mtime_ms = ? AND f.path = f.source_path
         AND f.outcome IN ('imported', 'duplicate')
       ORDER BY f.id DESC LIMIT 1`,
  ).get(fp.sourcePath, fp.size, Math.trunc(fp.mtimeMs)) as { id: number; title: string } | undefined;
}

/** Said after a failure that was remembered rather than tried again. */
export const REMEMBERED = ' (unchanged since it failed: Retry tries it again)';

/**
 * The reason an unchanged file (same path, size and modification time) failed the last time it
 * was tried, so a re-import of a folder does not parse every broken file again (27.7 s of a
 * no-op re-import of 2,393 real files went to that).
 */
export function unchangedFailure(db: Db, fp: FileFingerprint): string | undefined {
  const row = stmt(
    db,
    `SELECT outcome, reason FROM import_files
       WHERE source_path = ? AND path = source_path ORDER BY id DESC LIMIT 1`,
  ).get(fp.sourcePath) as { outcome: string; reason: string | null } | undefined;
  if (!row || row.outcome !== 'failed') return undefined;
  const same = stmt(
    db,
    `SELECT 1 FROM import_files WHERE source_path = ? AND size = ? AND mtime_ms = ? AND outcome = 'failed' LIMIT 1`,
  ).get(fp.sourcePath, fp.size, Math.trunc(fp.mtimeMs));
  return same ? (row.reason ?? 'failed').replace(REMEMBERED, '') : undefined;
}

export function finishImportRun(
  db: Db,
  runId: number,
  status: 'done' | 'cancelled' | 'failed',
  counts: RunCounts & { total: number },
  now: string,
  note: string | null = null,
): void {
  stmt(
    db,
    `UPDATE import_runs SET finished_at = ?, status = ?, imported = ?, duplicates = ?, skipped = ?, failed = ?, total = ?,
       note = ? WHERE id = ?`,
  ).run(now, status, counts.imported, counts.duplicates, counts.skipped, counts.failed, counts.total, note, runId);
}

type RunRow = {
  id: number;
  started_at: string;
  finished_at: string | null;
  source: string;
  status: ImportRunSummary['status'];
  imported: number;
  duplicates: number;
  skipped: number;
  failed: number;
  total: number;
  paths: string;
  note: string | null;
};

const toRun = (r: RunRow): ImportRunSummary => ({
  id: r.id,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  source: r.source,
  status: r.status,
  imported: r.imported,
  duplicates: r.duplicates,
  skipped: r.skipped,
  failed: r.failed,
  total: r.total,
  paths: JSON.parse(r.paths) as string[],
  note: r.note,
});

export function listImportRuns(db: Db, limit = 50): ImportRunSummary[] {
  return (stmt(db, 'SELECT * FROM import_runs ORDER BY id DESC LIMIT ?').all(limit) as RunRow[]).map(toRun);
}

export function getImportRun(db: Db, runId: number): ImportRunSummary | undefined {
  const row = stmt(db, 'SELECT * FROM import_runs WHERE id = ?').get(runId) as RunRow | undefined;
  return row ? toRun(row) : undefined;
}

export function importRunFiles(db: Db, runId: number): ImportFileResult[] {
  const rows = stmt(
    db,
    `SELECT f.path, f.outcome, f.reason, f.briefing_id AS id, b.title FROM import_files f
       LEFT JOIN briefings b ON b.id = f.briefing_id WHERE f.run_id = ? ORDER BY f.id`,
  ).all(runId) as {
    path: string;
    outcome: ImportFileResult['outcome'];
    reason: string | null;
    id: number | null;
    title: string | null;
  }[];
  return rows.map((r) => ({
    path: r.path,
    outcome: r.outcome,
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.id !== null ? { id: r.id as ImportFileResult['id'] } : {}),
    ...(r.title ? { title: r.title } : {}),
  }));
}

/** The top-level files whose import failed in a run (archive entries map back to their archive). */
export function failedSourcePaths(db: Db, runId: number): string[] {
  return (
    db
      .prepare("SELECT DISTINCT source_path AS p FROM import_files WHERE run_id = ? AND outcome = 'failed' ORDER BY id")
      .all(runId) as {
      p: string;
    }[]
  ).map((r) => r.p);
}
