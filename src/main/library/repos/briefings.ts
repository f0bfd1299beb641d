import type { ExportedHighlight } from '../import/export-format';
import type {
  Briefing,
  BriefingFormat,
  BriefingId,
  BriefingSummary,
  LibraryStats,
  ListQuery,
  Page,
  ReadState,
  ReadingUpdate,
  RelatedItem,
} from '../../../shared/model';
import { toBriefingId } from '../../../shared/model';
import type { Db } from '../db/open';
import { escapeLike, stmt } from '../db/statements';
import { setTagsForBriefing, taggedWith } from './tags';

export type NewBriefing = {
  title: string;
  headline: string | null;
  source: string | null;
  byline: string | null;
  dateline: string | null;
  publishedAt: string | null;
  importedAt: string;
  format: BriefingFormat;
  originalPath: string | null;
  contentHash: string;
  text: string;
  html: string;
  headings: string[];
  excerpt: string;
  wordCount: number;
  related: RelatedItem[];
  tags: string[];
  /** Highlights and notes carried by the app's own export. */
  highlights?: readonly ExportedHighlight[];
  /** The note on the whole briefing, carried by the app's own export. */
  note?: string | null;
  readState?: ReadState;
  scrollProgress?: number;
  starred?: boolean;
  archived?: boolean;
  importRunId?: number | null;
  url?: string | null;
  language?: string | null;
};

type SummaryRow = {
  id: number;
  title: string;
  source: string | null;
  byline: string | null;
  published_at: string | null;
  imported_at: string;
  format: BriefingFormat;
  word_count: number;
  read_state: ReadState;
  scroll_progress: number;
  starred: number;
  archived: number;
  excerpt: string;
};

type FullRow = SummaryRow & {
  headline: string | null;
  dateline: string | null;
  original_path: string | null;
  content_hash: string;
  text: string;
  html: string;
  headings: string;
  note: string | null;
};

const SUMMARY_COLUMNS = `b.id, b.title, b.source, b.byline, b.published_at, b.imported_at, b.format,
  b.word_count, b.read_state, b.scroll_progress, b.starred, b.archived, b.excerpt`;

/** Inserts a briefing with its related items, tags and highlights in one transaction (all or nothing). */
export function insertBriefing(db: Db, b: NewBriefing): BriefingId {
  return db.transaction(() => {
    const info = stmt(
      db,
      `INSERT INTO briefings (title, headline, source, byline, dateline, published_at, imported_at,
          format, original_path, content_hash, text, html, headings, excerpt, word_count, read_state,
          scroll_progress, starred, archived, import_run_id, url, language, note)
         VALUES (@title, @headline, @source, @byline, @dateline, @publishedAt, @importedAt, @format,
          @originalPath, @contentHash, @text, @html, @headings, @excerpt, @wordCount, @readState,
          @scrollProgress, @starred, @archived, @importRunId, @url, @language, @note)`,
    ).run({
      ...b,
      headings: JSON.stringify(b.headings),
      readState: b.readState ?? 'unread',
      scrollProgress: b.scrollProgress ?? 0,
      starred: b.starred ? 1 : 0,
      archived: b.archived ? 1 : 0,
      importRunId: b.importRunId ?? null,
      url: b.url ?? null,
      language: b.language ?? null,
      note: b.note ?? null,
    });
    const id = toBriefingId(Number(info.lastInsertRowid));
    const rel = stmt(db, 'INSERT INTO related_items (briefing_id, position, title, teaser) VALUES (?, ?, ?, ?)');
    b.related.forEach((r, i) => rel.run(id, i, r.title, r.teaser));
    if (b.tags.length > 0) setTagsForBriefing(db, id, b.tags, b.importedAt);
    const hl = stmt(
      db,
      `INSERT INTO highlights (briefing_id, quote, prefix, suffix, start, color, note, created_at, updated_at)
       VALUES (@id, @quote, @prefix, @suffix, @start, @color, @note, @createdAt, @updatedAt)`,
    );
    for (const h of b.highlights ?? []) hl.run({ ...h, id });
    return id;
  })();
}

export function findByContentHash(db: Db, hash: string): { id: BriefingId; title: string } | undefined {
  const row = stmt(db, 'SELECT id, title FROM briefings WHERE content_hash = ?').get(hash) as
    { id: number; title: string } | undefined;
  return row ? { id: toBriefingId(row.id), title: row.title } : undefined;
}

export function getBriefing(db: Db, id: BriefingId): Briefing | undefined {
  const row = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS}, b.headline, b.dateline, b.original_path, b.content_hash, b.text,
        b.html, b.headings, b.note FROM briefings b WHERE b.id = ?`,
    )
    .get(id) as FullRow | undefined;
  if (!row) return undefined;
  const related = stmt(db, 'SELECT title, teaser FROM related_items WHERE briefing_id = ? ORDER BY position').all(
    id,
  ) as RelatedItem[];
  return {
    ...toSummary(row, tagsFor(db, [row.id]).get(row.id) ?? []),
    headline: row.headline,
    dateline: row.dateline,
    originalPath: row.original_path,
    contentHash: row.content_hash,
    text: row.text,
    html: row.html,
    headings: JSON.parse(row.headings) as string[],
    related,
    note: row.note,
  };
}

const ORDER: Record<NonNullable<ListQuery['sort']>, (dir: 'ASC' | 'DESC') => string> = {
  published: (d) => `coalesce(b.published_at, b.imported_at) ${d}, b.id ${d}`,
  imported: (d) => `b.imported_at ${d}, b.id ${d}`,
  title: (d) => `b.title COLLATE NOCASE ${d}, b.id ${d}`,
  // Briefings without a source go last either way; within a source, newest first.
  source: (d) =>
    `b.source IS NULL, b.source COLLATE NOCASE ${d}, coalesce(b.published_at, b.imported_at) DESC, b.id DESC`,
};

/** The WHERE clause of a list view, shared by the list, its count and bulk actions on "all N". */
function whereFor(q: ListQuery): { whereSql: string; params: Record<string, string | number> } {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (q.readState) {
    where.push('b.read_state = @readState');
    params.readState = q.readState;
  }
  if (q.starred !== undefined) {
    where.push('b.starred = @starred');
    params.starred = q.starred ? 1 : 0;
  }
  if (q.archived !== undefined) {
    where.push('b.archived = @archived');
    params.archived = q.archived ? 1 : 0;
  }
  if (q.source) {
    where.push('b.source = @source COLLATE NOCASE');
    params.source = q.source;
  }
  if (q.tag) {
    const tagged = taggedWith(q.tag, 'tag');
    where.push(`b.id IN (${tagged.sql})`);
    Object.assign(params, tagged.params);
  }
  if (q.text && q.text.trim() !== '') {
    where.push(`(b.title LIKE @text ESCAPE '\\' OR b.text LIKE @text ESCAPE '\\')`);
    params.text = `%${escapeLike(q.text.trim())}%`;
  }
  return { whereSql: where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** Every briefing id in a view, for bulk actions on "all N". */
export function listIds(db: Db, q: ListQuery): number[] {
  const { whereSql, params } = whereFor(q);
  return (db.prepare(`SELECT b.id FROM briefings b ${whereSql}`).all(params) as { id: number }[]).map((r) => r.id);
}

export function listBriefings(db: Db, q: ListQuery = {}): Page<BriefingSummary> {
  const { whereSql, params } = whereFor(q);
  const limit = q.limit ?? 100;
  const offset = q.offset ?? 0;
  const dir = (q.direction ?? (q.sort === 'title' || q.sort === 'source' ? 'asc' : 'desc')) === 'asc' ? 'ASC' : 'DESC';
  const total = (stmt(db, `SELECT count(*) AS n FROM briefings b ${whereSql}`).get(params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM briefings b ${whereSql}
       ORDER BY ${ORDER[q.sort ?? 'published'](dir)} LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit, offset }) as SummaryRow[];
  const tags = tagsFor(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => toSummary(r, tags.get(r.id) ?? [])), total, offset, limit };
}

/** The hand-editable details of a briefing, as stored. */
export type Details = {
  title: string;
  source: string | null;
  byline: string | null;
  publishedAt: string | null;
  note: string | null;
};

export function getDetails(db: Db, id: BriefingId): Details | undefined {
  return stmt(db, 'SELECT title, source, byline, published_at AS publishedAt, note FROM briefings WHERE id = ?').get(
    id,
  ) as Details | undefined;
}

/** Sets the given details (the search index follows through the update trigger). */
export function setDetails(db: Db, id: BriefingId, d: Partial<Details>): void {
  const cols = {
    title: 'title',
    source: 'source',
    byline: 'byline',
    publishedAt: 'published_at',
    note: 'note',
  } as const;
  const sets = (Object.keys(cols) as (keyof Details)[]).filter((k) => d[k] !== undefined);
  if (sets.length === 0) return;
  stmt(db, `UPDATE briefings SET ${sets.map((k) => `${cols[k]} = @${k}`).join(', ')} WHERE id = @id`).run({
    id,
    ...Object.fromEntries(sets.map((k) => [k, d[k] ?? null])),
  });
}

export function updateReading(db: Db, u: ReadingUpdate): BriefingSummary | undefined {
  const sets: string[] = [];
  const params: Record<string, string | number> = { id: u.id };
  if (u.readState !== undefined) {
    sets.push('read_state = @readState');
    params.readState = u.readState;
  }
  if (u.scrollProgress !== undefined) {
    sets.push('scroll_progress = @scrollProgress');
    params.scrollProgress = u.scrollProgress;
  }
  if (u.starred !== undefined) {
    sets.push('starred = @starred');
    params.starred = u.starred ? 1 : 0;
  }
  if (u.archived !== undefined) {
    sets.push('archived = @archived');
    params.archived = u.archived ? 1 : 0;
  }
  if (sets.length > 0) {
    const info = stmt(db, `UPDATE briefings SET ${sets.join(', ')} WHERE id = @id`).run(params);
    if (info.changes === 0) return undefined;
  }
  return getSummary(db, u.id);
}

export function getSummary(db: Db, id: BriefingId): BriefingSummary | undefined {
  return getSummaries(db, [id])[0];
}

/** Summaries of the given briefings, in the given order (missing ones left out), in two queries. */
export function getSummaries(db: Db, ids: number[]): BriefingSummary[] {
  if (ids.length === 0) return [];
  const rows = stmt(
    db,
    `SELECT ${SUMMARY_COLUMNS} FROM briefings b WHERE b.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(ids)) as SummaryRow[];
  const tags = tagsFor(db, ids);
  const byId = new Map(rows.map((r) => [r.id, toSummary(r, tags.get(r.id) ?? [])]));
  return ids.map((id) => byId.get(id)).filter((b): b is BriefingSummary => b !== undefined);
}

export function deleteBriefing(db: Db, id: BriefingId): boolean {
  return stmt(db, 'DELETE FROM briefings WHERE id = ?').run(id).changes > 0;
}

export function libraryStats(db: Db): LibraryStats {
  return stmt(
    db,
    `SELECT count(*) AS total,
        coalesce(sum(read_state = 'unread' AND archived = 0), 0) AS unread,
        coalesce(sum(read_state = 'in_progress' AND archived = 0), 0) AS inProgress,
        coalesce(sum(starred AND archived = 0), 0) AS starred,
        coalesce(sum(archived), 0) AS archived
       FROM briefings`,
  ).get() as LibraryStats;
}

function tagsFor(db: Db, ids: number[]): Map<number, string[]> {
  const map = new Map<number, string[]>();
  if (ids.length === 0) return map;
  const rows = stmt(
    db,
    `SELECT bt.briefing_id AS id, t.name FROM briefing_tags bt JOIN tags t ON t.id = bt.tag_id
       WHERE bt.briefing_id IN (SELECT value FROM json_each(?)) ORDER BY t.name COLLATE NOCASE`,
  ).all(JSON.stringify(ids)) as { id: number; name: string }[];
  for (const r of rows) {
    const list = map.get(r.id) ?? [];
    list.push(r.name);
    map.set(r.id, list);
  }
  return map;
}

function toSummary(r: SummaryRow, tags: string[]): BriefingSummary {
  return {
    id: toBriefingId(r.id),
    title: r.title,
    source: r.source,
    byline: r.byline,
    publishedAt: r.published_at,
    importedAt: r.imported_at,
    format: r.format,
    wordCount: r.word_count,
    readState: r.read_state,
    scrollProgress: r.scroll_progress,
    starred: r.starred === 1,
    archived: r.archived === 1,
    tags,
    excerpt: r.excerpt,
  };
}
