import type { BriefingId } from '../../../shared/model';
import type { Db } from '../db/open';
import { escapeLike, stmt } from '../db/statements';

/**
 * Adds the named tags to a briefing, creating missing tags. Names are unique case-insensitively
 * and the first spelling wins, so "AI" and "ai" stay one tag.
 */
export function setTagsForBriefing(db: Db, id: BriefingId, names: string[], now: string): void {
  const insertTag = stmt(db, 'INSERT INTO tags (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING');
  const findTag = stmt(db, 'SELECT id FROM tags WHERE name = ?');
  const link = stmt(db, 'INSERT OR IGNORE INTO briefing_tags (briefing_id, tag_id) VALUES (?, ?)');
  for (const raw of names) {
    const name = normalizeTagName(raw);
    if (name === '') continue;
    insertTag.run(name, now);
    const tag = findTag.get(name) as { id: number };
    link.run(id, tag.id);
  }
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
export function taggedWith(name: string, key: string): { sql: string; params: Record<string, string> } {
  return {
    sql: `SELECT bt.briefing_id FROM briefing_tags bt JOIN tags t ON t.id = bt.tag_id
      WHERE t.name = @${key} OR t.name LIKE @${key}_sub ESCAPE '\\'`,
    params: { [key]: name, [`${key}_sub`]: `${escapeLike(name)}/%` },
  };
}
