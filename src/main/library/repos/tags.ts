import type { BriefingId, SourceCount, TagInfo } from '../../../shared/model';
import type { Db } from '../db/open';
import { escapeLike, stmt } from '../db/statements';

type TagRow = { id: number; name: string; color: string | null; created_at: string };

/**
 * Adds the named tags to a briefing, creating missing tags. Names are unique case-insensitively
 * and the first spelling wins, so "AI" and "ai" stay one tag.
 */
export function setTagsForBriefing(db: Db, id: BriefingId, names: string[], now: string): void {
  const link = stmt(db, 'INSERT OR IGNORE INTO briefing_tags (briefing_id, tag_id) VALUES (?, ?)');
  for (const raw of names) {
    const tag = ensureTag(db, raw, now);
    if (tag) link.run(id, tag.id);
  }
}

/** The tag with this name (any case), created with this spelling when it does not exist yet. */
export function ensureTag(db: Db, raw: string, now: string): TagRow | undefined {
  const name = normalizeTagName(raw);
  if (name === '') return undefined;
  stmt(db, 'INSERT INTO tags (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(name, now);
  return findTag(db, name);
}

export function setTagColor(db: Db, tagId: number, color: string | null): void {
  stmt(db, 'UPDATE tags SET color = ? WHERE id = ?').run(color, tagId);
}

/**
 * ensureTag for a tag that comes with a colour (an export, an undo): the colour fills a tag that
 * has none; a colour the user has chosen here wins.
 */
export function ensureTagKeepingColor(db: Db, raw: string, color: string | null, now: string): TagRow | undefined {
  const tag = ensureTag(db, raw, now);
  if (tag && tag.color === null && color !== null) {
    setTagColor(db, tag.id, color);
    tag.color = color;
  }
  return tag;
}

export function findTag(db: Db, name: string): TagRow | undefined {
  return stmt(db, 'SELECT id, name, color, created_at FROM tags WHERE name = ?').get(normalizeTagName(name)) as
    TagRow | undefined;
}

/** A tag and every tag below it ("policy" -> "policy", "policy/eu", "policy/eu/ai-act"). */
export function subtree(db: Db, name: string): TagRow[] {
  const n = normalizeTagName(name);
  return stmt(
    db,
    `SELECT id, name, color, created_at FROM tags WHERE name = @n OR name LIKE @sub ESCAPE '\\' ORDER BY length(name)`,
  ).all({ n, sub: `${escapeLike(n)}/%` }) as TagRow[];
}

/** Trims each level of a hierarchical name ("policy / eu" -> "policy/eu") and drops empty levels. */
export function normalizeTagName(raw: string): string {
  return raw
    .split('/')
    .map((part) => part.trim().replace(/\s+/g, ' '))
    .filter((part) => part !== '')
    .join('/')
    .slice(0, 200);
}

/**
 * SQL for "the briefings tagged `name`" with named parameters under `key`. Hierarchical:
 * "policy" includes "policy/eu". Shared by the list filters and search so both mean the same.
 */
/**
 * Briefings whose tags match a typed `tag:` term as words do: the tag itself and its subtree, or
 * any tag with a word starting with the term ("tag:middle" finds "Middle East", "tag:eu" finds
 * "policy/eu"; "tag:ast" finds neither). Words are split at spaces, slashes, hyphens and
 * underscores; ASCII case is ignored. The sidebar's own tag view stays exact (taggedWith).
 */
export function taggedLike(term: string, key: string): { sql: string; params: Record<string, string> } {
  return {
    sql: `SELECT bt.briefing_id FROM briefing_tags bt JOIN tags t ON t.id = bt.tag_id
      WHERE t.name = @${key} OR t.name LIKE @${key}_sub ESCAPE '\\'
        OR (' ' || replace(replace(replace(t.name, '/', ' '), '-', ' '), '_', ' ')) LIKE @${key}_word ESCAPE '\\'`,
    params: { [key]: term, [`${key}_sub`]: `${escapeLike(term)}/%`, [`${key}_word`]: `% ${escapeLike(term)}%` },
  };
}

export function taggedWith(name: string, key: string): { sql: string; params: Record<string, string> } {
  return {
    sql: `SELECT bt.briefing_id FROM briefing_tags bt JOIN tags t ON t.id = bt.tag_id
      WHERE t.name = @${key} OR t.name LIKE @${key}_sub ESCAPE '\\'`,
    params: { [key]: name, [`${key}_sub`]: `${escapeLike(name)}/%` },
  };
}

/**
 * The tag tree, flattened and sorted by path, with implied parents filled in. A parent's count is
 * the number of distinct briefings in its subtree (a briefing tagged both "policy/eu" and
 * "policy/us" counts once for "policy"); archived briefings are not counted, as the view that
 * selecting the tag opens does not show them.
 */
export function listTags(db: Db): TagInfo[] {
  // Counting links through the (tag_id, briefing_id) index and subtracting the few archived
  // ones avoids a lookup into the large briefings rows per link: 1.1 s -> tens of ms at 50,000.
  const rows = stmt(
    db,
    `SELECT t.id, t.name, t.color, (SELECT count(*) FROM briefing_tags bt WHERE bt.tag_id = t.id) AS uses FROM tags t`,
  ).all() as { id: number; name: string; color: string | null; uses: number }[];
  const archived = new Map(
    (
      stmt(
        db,
        `SELECT bt.tag_id AS id, count(*) AS n FROM briefings b JOIN briefing_tags bt ON bt.briefing_id = b.id
          WHERE b.archived = 1 GROUP BY bt.tag_id`,
      ).all() as { id: number; n: number }[]
    ).map((r) => [r.id, r.n]),
  );
  const activeById = new Map(rows.map((r) => [r.id, r.uses - (archived.get(r.id) ?? 0)]));
  type Node = { name: string; color: string | null; uses: number; exists: boolean; ids: number[] };
  const nodes = new Map<string, Node>();
  for (const r of rows) {
    const parts = r.name.split('/');
    for (let depth = 1; depth <= parts.length; depth++) {
      const path = parts.slice(0, depth).join('/');
      const key = path.toLowerCase();
      let node = nodes.get(key);
      if (!node) {
        node = { name: path, color: null, uses: 0, exists: false, ids: [] };
        nodes.set(key, node);
      }
      node.ids.push(r.id);
      if (depth === parts.length) Object.assign(node, { name: r.name, color: r.color, uses: r.uses, exists: true });
    }
  }
  const distinct = stmt(
    db,
    `SELECT count(DISTINCT briefing_id) AS n FROM briefing_tags WHERE tag_id IN (SELECT value FROM json_each(?))`,
  );
  const distinctArchived = stmt(
    db,
    `SELECT count(DISTINCT bt.briefing_id) AS n FROM briefings b JOIN briefing_tags bt ON bt.briefing_id = b.id
      WHERE b.archived = 1 AND bt.tag_id IN (SELECT value FROM json_each(?))`,
  );
  const subtreeCount = (ids: number[]): number => {
    const list = JSON.stringify(ids);
    return (distinct.get(list) as { n: number }).n - (distinctArchived.get(list) as { n: number }).n;
  };
  return [...nodes.values()]
    .map((n) => ({
      name: n.name,
      color: n.color,
      uses: n.uses,
      exists: n.exists,
      // A leaf's own links are already distinct; only parents need the distinct count.
      count: n.ids.length === 1 ? (activeById.get(n.ids[0] as number) ?? 0) : subtreeCount(n.ids),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}

/** Publishers, sites and senders with their (not archived) briefing counts, most used first. */
export function listSources(db: Db, limit = 500): SourceCount[] {
  return stmt(
    db,
    `SELECT min(source) AS name, count(*) AS count FROM briefings
      WHERE archived = 0 AND source IS NOT NULL AND source <> ''
      GROUP BY source COLLATE NOCASE ORDER BY count DESC, name COLLATE NOCASE LIMIT ?`,
  ).all(limit) as SourceCount[];
}

/**
 * The state of some tags (rows and links), taken before an action so that undo can put it back.
 * Restoring writes only the differences, so undoing a small change to a tag on 40,000 briefings
 * re-indexes the few briefings that changed, not all of them.
 */
export type TagSnapshot = { tags: TagRow[]; links: [briefingId: number, tagId: number][] };

export function snapshotTags(db: Db, tagIds: number[]): TagSnapshot {
  const ids = JSON.stringify([...new Set(tagIds)]);
  return {
    tags: stmt(db, 'SELECT id, name, color, created_at FROM tags WHERE id IN (SELECT value FROM json_each(?))').all(
      ids,
    ) as TagRow[],
    links: (
      stmt(
        db,
        'SELECT briefing_id AS b, tag_id AS t FROM briefing_tags WHERE tag_id IN (SELECT value FROM json_each(?))',
      ).all(ids) as { b: number; t: number }[]
    ).map((r) => [r.b, r.t]),
  };
}

/**
 * Puts tags back as they were in `snap`. `touched` names every tag the action may have changed or
 * created; those not in the snapshot were created by it and are removed. Links to briefings that
 * no longer exist are skipped (the briefing was deleted since).
 */
export function restoreTags(db: Db, snap: TagSnapshot, touched: number[]): void {
  const before = new Map(snap.tags.map((t) => [t.id, t]));
  const all = [...new Set([...touched, ...before.keys()])];
  const del = stmt(db, 'DELETE FROM tags WHERE id = ?');
  for (const id of all) if (!before.has(id)) del.run(id);
  // Names may swap places (undoing "a" -> "b" while "b" was merged), so free them first.
  const current = new Map(snapshotTags(db, [...before.keys()]).tags.map((t) => [t.id, t]));
  const rename = stmt(db, 'UPDATE tags SET name = ? WHERE id = ?');
  for (const t of before.values()) {
    const now = current.get(t.id);
    if (now && now.name !== t.name) rename.run(`\u0000undo-${t.id}`, t.id);
  }
  const clash = stmt(db, 'SELECT id FROM tags WHERE name = ?');
  const folded: [from: number, into: number][] = [];
  for (const t of before.values()) {
    const other = clash.get(t.name) as { id: number } | undefined;
    if (other && other.id !== t.id) {
      // A tag of the same name was created since (by an import, say): it is folded into the
      // restored one, keeping its links.
      rename.run(`\u0000clash-${other.id}`, other.id);
      folded.push([other.id, t.id]);
    }
    if (current.has(t.id)) stmt(db, 'UPDATE tags SET name = ?, color = ? WHERE id = ?').run(t.name, t.color, t.id);
    else
      stmt(db, 'INSERT INTO tags (id, name, color, created_at) VALUES (?, ?, ?, ?)').run(
        t.id,
        t.name,
        t.color,
        t.created_at,
      );
  }
  const kept: [number, number][] = [];
  for (const [from, into] of folded) {
    for (const [b] of snapshotTags(db, [from]).links) kept.push([b, into]);
    del.run(from);
  }
  const want = new Set([...snap.links, ...kept].map(([b, t]) => `${b}:${t}`));
  const have = snapshotTags(db, [...before.keys()]).links;
  const unlink = stmt(db, 'DELETE FROM briefing_tags WHERE briefing_id = ? AND tag_id = ?');
  for (const [b, t] of have) if (!want.delete(`${b}:${t}`)) unlink.run(b, t);
  const link = stmt(
    db,
    'INSERT OR IGNORE INTO briefing_tags (briefing_id, tag_id) SELECT id, ? FROM briefings WHERE id = ?',
  );
  for (const key of want) {
    const [b, t] = key.split(':').map(Number) as [number, number];
    link.run(t, b);
  }
}
