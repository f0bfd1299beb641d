import type { Db } from '../db/open';
import { stmt } from '../db/statements';
import { ensureTagKeepingColor } from './tags';

/**
 * A briefing with everything that belongs to it: its row, its related items, its tags (by name,
 * with their colours), its highlights and notes, and the import-history rows that point at it.
 * Undo of a delete and the library export both read briefings through this one place, so neither
 * can forget a table again; tests/main/library/aggregate.test.ts fails when a table that refers
 * to briefings is not listed in CHILD_TABLES.
 */
export type BriefingAggregate = {
  row: Record<string, unknown> & { id: number; title: string; content_hash: string };
  related: { position: number; title: string; teaser: string }[];
  tags: { name: string; color: string | null }[];
  highlights: HighlightRow[];
  /** import_files rows whose briefing_id pointed here (set to NULL by the delete). */
  importFiles: number[];
};

export type HighlightRow = {
  id: number;
  quote: string;
  prefix: string;
  suffix: string;
  start: number;
  color: string;
  note: string | null;
  created_at: string;
  updated_at: string;
};

/** Every table with a column referring to briefings(id); each has its part in the aggregate. */
export const CHILD_TABLES = ['related_items', 'briefing_tags', 'highlights', 'import_files'] as const;

const ids$ = 'SELECT value FROM json_each(?)';

/** The aggregates of `ids` (missing ids are skipped), in the order of `ids`. */
export function readAggregates(db: Db, ids: readonly number[]): BriefingAggregate[] {
  const list = JSON.stringify(ids);
  const rows = stmt(db, `SELECT * FROM briefings WHERE id IN (${ids$})`).all(list) as BriefingAggregate['row'][];
  const byId = new Map<number, BriefingAggregate>();
  for (const row of rows) byId.set(row.id, { row, related: [], tags: [], highlights: [], importFiles: [] });
  const each = <T extends { briefing_id: number }>(sql: string, put: (a: BriefingAggregate, r: T) => void): void => {
    for (const r of stmt(db, sql).all(list) as T[]) {
      const a = byId.get(r.briefing_id);
      if (a) put(a, r);
    }
  };
  each<{ briefing_id: number; position: number; title: string; teaser: string }>(
    `SELECT briefing_id, position, title, teaser FROM related_items WHERE briefing_id IN (${ids$}) ORDER BY briefing_id, position`,
    (a, { position, title, teaser }) => a.related.push({ position, title, teaser }),
  );
  each<{ briefing_id: number; name: string; color: string | null }>(
    `SELECT bt.briefing_id, t.name, t.color FROM briefing_tags bt JOIN tags t ON t.id = bt.tag_id
      WHERE bt.briefing_id IN (${ids$}) ORDER BY bt.briefing_id, t.name COLLATE NOCASE`,
    (a, { name, color }) => a.tags.push({ name, color }),
  );
  each<HighlightRow & { briefing_id: number }>(
    `SELECT * FROM highlights WHERE briefing_id IN (${ids$}) ORDER BY briefing_id, start, id`,
    (a, { briefing_id: _b, ...h }) => a.highlights.push(h),
  );
  each<{ briefing_id: number; id: number }>(
    `SELECT id, briefing_id FROM import_files WHERE briefing_id IN (${ids$})`,
    (a, { id }) => a.importFiles.push(id),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Puts a deleted briefing back exactly as it was: same id, same highlight ids, tags recreated by
 * name (keeping a colour chosen since), import history relinked. Call inside a transaction.
 */
export function restoreAggregate(db: Db, a: BriefingAggregate, now: string): void {
  const cols = Object.keys(a.row);
  db.prepare(`INSERT INTO briefings (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(a.row);
  const id = a.row.id;
  const rel = stmt(db, 'INSERT INTO related_items (briefing_id, position, title, teaser) VALUES (?, ?, ?, ?)');
  for (const r of a.related) rel.run(id, r.position, r.title, r.teaser);
  const link = stmt(db, 'INSERT OR IGNORE INTO briefing_tags (briefing_id, tag_id) VALUES (?, ?)');
  for (const t of a.tags) {
    const tag = ensureTagKeepingColor(db, t.name, t.color, now);
    if (tag) link.run(id, tag.id);
  }
  const hl = stmt(
    db,
    `INSERT INTO highlights (id, briefing_id, quote, prefix, suffix, start, color, note, created_at, updated_at)
     VALUES (@id, @briefing_id, @quote, @prefix, @suffix, @start, @color, @note, @created_at, @updated_at)`,
  );
  for (const h of a.highlights) hl.run({ ...h, briefing_id: id });
  const file = stmt(db, 'UPDATE import_files SET briefing_id = ? WHERE id = ?');
  for (const f of a.importFiles) file.run(id, f);
}
