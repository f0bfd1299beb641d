import type { NewTagRule, RuleField, TagRule } from '../../../shared/model';
import type { Db } from '../db/open';
import { stmt } from '../db/statements';
import { fold } from '../search/tokenize';

/** The text a rule looks at, for a briefing about to be stored or already in the library. */
export type RuleSubject = {
  title: string;
  headline?: string | null;
  source: string | null;
  byline?: string | null;
  dateline: string | null;
  text: string;
};

const registered = new WeakSet<Db>();

/**
 * Case- and accent-insensitive "contains", the one definition used both when rules run on import
 * (in JS) and over the library (as an SQL function), so a preview count and an import agree.
 */
export function contains(haystack: string | null | undefined, needle: string): boolean {
  if (!haystack) return false;
  return fold(haystack).includes(fold(needle));
}

/** Registers briefings_contains(haystack, needle) on a connection (once). */
export function registerContains(db: Db): void {
  if (registered.has(db)) return;
  db.function('briefings_contains', { deterministic: true }, (h: unknown, n: unknown) =>
    contains(typeof h === 'string' ? h : null, String(n)) ? 1 : 0,
  );
  registered.add(db);
}

const COLUMNS: Record<RuleField, string[]> = {
  any: ['title', 'headline', 'source', 'byline', 'dateline', 'text'],
  source: ['source', 'byline'],
  title: ['title', 'headline'],
  text: ['text'],
  dateline: ['dateline'],
};

export function ruleMatches(rule: NewTagRule, b: RuleSubject): boolean {
  const fields: Record<string, string | null | undefined> = b;
  return COLUMNS[rule.field].some((c) => contains(fields[c], rule.pattern));
}

/** SQL condition (alias b) for briefings a rule matches, with @pattern as its parameter. */
export function ruleSql(db: Db, field: RuleField): string {
  registerContains(db);
  return `(${COLUMNS[field].map((c) => `briefings_contains(b.${c}, @pattern)`).join(' OR ')})`;
}

export function listRules(db: Db): TagRule[] {
  return stmt(db, 'SELECT id, field, pattern, tag FROM tag_rules ORDER BY id').all() as TagRule[];
}

export function addRule(db: Db, r: NewTagRule, now: string): TagRule {
  const info = stmt(db, 'INSERT INTO tag_rules (field, pattern, tag, created_at) VALUES (?, ?, ?, ?)').run(
    r.field,
    r.pattern,
    r.tag,
    now,
  );
  return { id: Number(info.lastInsertRowid), ...r };
}

export function removeRule(db: Db, id: number): boolean {
  return stmt(db, 'DELETE FROM tag_rules WHERE id = ?').run(id).changes > 0;
}
