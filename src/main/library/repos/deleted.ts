import type { Db } from '../db/open';
import { stmt } from '../db/statements';
import type { BriefingAggregate } from './briefing-aggregate';

/** How many delete batches are kept for Undo (the in-memory history keeps as many). */
export const KEPT_BATCHES = 50;

/** Keeps a deleted batch (its aggregates as JSON) so it can be undone from any process. */
export function saveDeleted(db: Db, label: string, aggregates: BriefingAggregate[], now: string): number {
  const id = Number(
    stmt(db, 'INSERT INTO deleted_batches (label, deleted_at, aggregates) VALUES (?, ?, ?)').run(
      label,
      now,
      JSON.stringify(aggregates),
    ).lastInsertRowid,
  );
  stmt(db, 'DELETE FROM deleted_batches WHERE id NOT IN (SELECT id FROM deleted_batches ORDER BY id DESC LIMIT ?)').run(
    KEPT_BATCHES,
  );
  return id;
}

/** The newest kept batch not in `exclude` (batches the in-memory history already undoes). */
export function latestDeleted(
  db: Db,
  exclude: ReadonlySet<number>,
): { id: number; label: string; aggregates: BriefingAggregate[] } | undefined {
  const rows = stmt(db, 'SELECT id, label, aggregates FROM deleted_batches ORDER BY id DESC').iterate() as Iterable<{
    id: number;
    label: string;
    aggregates: string;
  }>;
  for (const r of rows) {
    if (exclude.has(r.id)) continue;
    return { id: r.id, label: r.label, aggregates: JSON.parse(r.aggregates) as BriefingAggregate[] };
  }
  return undefined;
}

export function countDeleted(db: Db): number {
  return (stmt(db, 'SELECT count(*) AS n FROM deleted_batches').get() as { n: number }).n;
}

export function dropDeleted(db: Db, id: number): void {
  stmt(db, 'DELETE FROM deleted_batches WHERE id = ?').run(id);
}
