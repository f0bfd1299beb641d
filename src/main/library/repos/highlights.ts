import type { BriefingId, Highlight, HighlightColor, NewHighlight } from '../../../shared/model';
import { toBriefingId } from '../../../shared/model';
import type { Db } from '../db/open';
import { stmt } from '../db/statements';

type Row = {
  id: number;
  briefing_id: number;
  title: string;
  quote: string;
  prefix: string;
  suffix: string;
  start: number;
  color: HighlightColor;
  note: string | null;
  created_at: string;
};

const COLUMNS = `h.id, h.briefing_id, b.title, h.quote, h.prefix, h.suffix, h.start, h.color, h.note, h.created_at`;

const toHighlight = (r: Row): Highlight => ({
  id: r.id,
  briefingId: toBriefingId(r.briefing_id),
  briefingTitle: r.title,
  quote: r.quote,
  prefix: r.prefix,
  suffix: r.suffix,
  start: r.start,
  color: r.color,
  note: r.note,
  createdAt: r.created_at,
});

/** One briefing's highlights in reading order, or the whole library's, newest first. */
export function listHighlights(db: Db, briefingId?: BriefingId, limit = 2000): Highlight[] {
  const rows =
    briefingId === undefined
      ? stmt(
          db,
          `SELECT ${COLUMNS} FROM highlights h JOIN briefings b ON b.id = h.briefing_id ORDER BY h.created_at DESC, h.id DESC LIMIT ?`,
        ).all(limit)
      : stmt(
          db,
          `SELECT ${COLUMNS} FROM highlights h JOIN briefings b ON b.id = h.briefing_id WHERE h.briefing_id = ? ORDER BY h.start, h.id`,
        ).all(briefingId);
  return (rows as Row[]).map(toHighlight);
}

export function getHighlight(db: Db, id: number): Highlight | undefined {
  const row = stmt(
    db,
    `SELECT ${COLUMNS} FROM highlights h JOIN briefings b ON b.id = h.briefing_id WHERE h.id = ?`,
  ).get(id) as Row | undefined;
  return row ? toHighlight(row) : undefined;
}

export function addHighlight(db: Db, h: NewHighlight, now: string): number {
  const info = stmt(
    db,
    `INSERT INTO highlights (briefing_id, quote, prefix, suffix, start, color, note, created_at, updated_at)
     VALUES (@briefingId, @quote, @prefix, @suffix, @start, @color, @note, @now, @now)`,
  ).run({ ...h, note: h.note ?? null, now });
  return Number(info.lastInsertRowid);
}

/**
 * Adds a highlight, or joins it with the ones it overlaps: the same words highlighted twice
 * (or a selection running into an earlier highlight) become one highlight over the union of
 * the two ranges, in the colour just chosen, keeping every note and the oldest id and date.
 * Offsets are the reader's (UTF-16 positions in the article's text), so overlap is computed
 * here in JavaScript, not with SQLite's character-counting length(). Returns the id kept.
 */
export function addOrMergeHighlight(db: Db, h: NewHighlight, now: string): { id: number; merged: number } {
  return db.transaction(() => {
    const end = h.start + h.quote.length;
    const overlapping = listHighlights(db, h.briefingId).filter(
      (m) => m.start < end && h.start < m.start + m.quote.length,
    );
    if (overlapping.length === 0) return { id: addHighlight(db, h, now), merged: 0 };
    const pieces = [...overlapping, { ...h, id: 0, createdAt: now, note: h.note ?? null }].sort(
      (a, b) => a.start - b.start,
    );
    const first = pieces[0] as (typeof pieces)[number];
    let quote = first.quote;
    let at = first.start + first.quote.length;
    let suffix = first.suffix;
    for (const p of pieces.slice(1)) {
      const pEnd = p.start + p.quote.length;
      if (pEnd > at) {
        quote += p.quote.slice(at - p.start);
        at = pEnd;
        suffix = p.suffix;
      }
    }
    const notes = [...new Set(pieces.map((p) => p.note?.trim() ?? '').filter((n) => n !== ''))];
    const keep = overlapping.reduce((a, b) => (a.id < b.id ? a : b));
    stmt(
      db,
      `UPDATE highlights SET quote = @quote, prefix = @prefix, suffix = @suffix, start = @start, color = @color,
         note = @note, created_at = @createdAt, updated_at = @now WHERE id = @id`,
    ).run({
      id: keep.id,
      quote,
      prefix: first.prefix,
      suffix,
      start: first.start,
      color: h.color,
      note: notes.length > 0 ? notes.join('\n\n') : null,
      createdAt: overlapping.map((o) => o.createdAt).sort()[0] ?? now,
      now,
    });
    const drop = stmt(db, 'DELETE FROM highlights WHERE id = ?');
    for (const o of overlapping) if (o.id !== keep.id) drop.run(o.id);
    return { id: keep.id, merged: overlapping.length };
  })();
}

export function updateHighlight(
  db: Db,
  id: number,
  change: { color?: HighlightColor; note?: string | null },
  now: string,
): boolean {
  const sets = ['updated_at = @now'];
  if (change.color !== undefined) sets.push('color = @color');
  if (change.note !== undefined) sets.push('note = @note');
  return (
    stmt(db, `UPDATE highlights SET ${sets.join(', ')} WHERE id = @id`).run({
      id,
      now,
      color: change.color ?? null,
      note: change.note === undefined ? null : change.note,
    }).changes > 0
  );
}

export function removeHighlight(db: Db, id: number): boolean {
  return stmt(db, 'DELETE FROM highlights WHERE id = ?').run(id).changes > 0;
}
