import { describe, expect, it } from 'vitest';
import {
  deleteBriefing,
  findByContentHash,
  getBriefing,
  insertBriefing,
  libraryStats,
  listBriefings,
  updateReading,
} from '../../../src/main/library/repos/briefings';
import { make, seed } from '../../helpers/briefings';
import { tempDb } from '../../helpers/temp';

describe('briefings repository', () => {
  it('adds and gets a briefing with related items and tags', () => {
    const { db } = tempDb();
    const id = insertBriefing(db, make({ title: 'Alpha', tags: ['Policy/EU', 'policy/eu', 'AI'] }));
    const b = getBriefing(db, id as never);
    expect(b?.title).toBe('Alpha');
    expect(b?.headings).toEqual(['Intro']);
    expect(b?.related).toEqual([{ title: 'Related one', teaser: 'Teaser...' }]);
    // Case-insensitive uniqueness, first spelling kept.
    expect(b?.tags).toEqual(['AI', 'Policy/EU']);
    expect(getBriefing(db, 9999 as never)).toBeUndefined();
  });

  it('stores identical content once (unique content hash)', () => {
    const { db } = tempDb();
    insertBriefing(db, make({ contentHash: 'same' }));
    expect(() => insertBriefing(db, make({ contentHash: 'same' }))).toThrowError(/UNIQUE/);
    expect(findByContentHash(db, 'same')).toBeDefined();
    expect(libraryStats(db).total).toBe(1);
  });

  it('a failed insert leaves nothing behind (related items and tags roll back too)', () => {
    const { db } = tempDb();
    insertBriefing(db, make({ contentHash: 'dup' }));
    expect(() => insertBriefing(db, make({ contentHash: 'dup', tags: ['orphan'] }))).toThrow();
    expect((db.prepare('SELECT count(*) n FROM related_items').get() as { n: number }).n).toBe(1);
    expect((db.prepare("SELECT count(*) n FROM tags WHERE name = 'orphan'").get() as { n: number }).n).toBe(0);
  });

  it('sorts by published (newest first), imported and title', () => {
    const { db } = tempDb();
    insertBriefing(
      db,
      make({ title: 'banana', publishedAt: '2025-03-01T00:00:00Z', importedAt: '2025-01-01T00:00:00Z' }),
    );
    insertBriefing(
      db,
      make({ title: 'Apple', publishedAt: '2025-01-01T00:00:00Z', importedAt: '2025-03-01T00:00:00Z' }),
    );
    insertBriefing(db, make({ title: 'cherry', publishedAt: null, importedAt: '2025-02-01T00:00:00Z' }));
    const titles = (q: Parameters<typeof listBriefings>[1]) => listBriefings(db, q).items.map((b) => b.title);
    expect(titles({ sort: 'published' })).toEqual(['banana', 'cherry', 'Apple']);
    expect(titles({ sort: 'imported' })).toEqual(['Apple', 'cherry', 'banana']);
    expect(titles({ sort: 'title' })).toEqual(['Apple', 'banana', 'cherry']);
    expect(titles({ sort: 'title', direction: 'desc' })).toEqual(['cherry', 'banana', 'Apple']);
  });

  it('filters by read state, starred, archived, source and hierarchical tag', () => {
    const { db } = tempDb();
    const [a, b, c] = seed(db, 4, (i) => ({
      source: i === 0 ? 'The Economist' : 'Reuters',
      tags: i === 1 ? ['policy/eu'] : i === 2 ? ['policy'] : i === 3 ? ['policyx'] : [],
    }));
    updateReading(db, { id: a as never, readState: 'read', starred: true });
    updateReading(db, { id: b as never, archived: true });
    updateReading(db, { id: c as never, readState: 'in_progress' });
    expect(listBriefings(db, { readState: 'read' }).total).toBe(1);
    expect(listBriefings(db, { readState: 'unread' }).total).toBe(2);
    expect(listBriefings(db, { starred: true }).items[0]?.id).toBe(a);
    expect(listBriefings(db, { archived: true }).items[0]?.id).toBe(b);
    expect(listBriefings(db, { archived: false }).total).toBe(3);
    expect(listBriefings(db, { source: 'the economist' }).total).toBe(1);
    // "policy" includes "policy/eu" but not "policyx".
    expect(listBriefings(db, { tag: 'policy' }).total).toBe(2);
    expect(listBriefings(db, { tag: 'policy/eu' }).total).toBe(1);
  });

  it('paginates with a stable total', () => {
    const { db } = tempDb();
    seed(db, 25);
    const pages = [0, 10, 20].map((offset) => listBriefings(db, { offset, limit: 10, sort: 'title' }));
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 5]);
    expect(pages.every((p) => p.total === 25)).toBe(true);
    const ids = pages.flatMap((p) => p.items.map((b) => b.id));
    expect(new Set(ids).size).toBe(25);
  });

  it('substring text filter treats % and _ literally', () => {
    const { db } = tempDb();
    insertBriefing(db, make({ title: 'Rates up 50%', text: 'x' }));
    insertBriefing(db, make({ title: 'Rates up 500', text: 'y' }));
    expect(listBriefings(db, { text: '50%' }).items.map((b) => b.title)).toEqual(['Rates up 50%']);
    expect(listBriefings(db, { text: 'trade policy' }).total).toBe(0);
  });

  it('updates reading state and reports a missing briefing', () => {
    const { db } = tempDb();
    const [id] = seed(db, 1);
    const s = updateReading(db, { id: id as never, readState: 'in_progress', scrollProgress: 0.4 });
    expect(s?.readState).toBe('in_progress');
    expect(s?.scrollProgress).toBeCloseTo(0.4);
    expect(updateReading(db, { id: 4242 as never, starred: true })).toBeUndefined();
    expect(() => updateReading(db, { id: id as never, scrollProgress: 2 })).toThrow(/CHECK/);
  });

  it('deletes a briefing with its related items, tag links and a change-log entry', () => {
    const { db } = tempDb();
    const [id] = seed(db, 1, () => ({ tags: ['keep-me'] }));
    expect(deleteBriefing(db, id as never)).toBe(true);
    expect(deleteBriefing(db, id as never)).toBe(false);
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT count(*) n FROM related_items')).toBe(0);
    expect(count('SELECT count(*) n FROM briefing_tags')).toBe(0);
    expect(count("SELECT count(*) n FROM tags WHERE name = 'keep-me'")).toBe(1);
    expect(count(`SELECT count(*) n FROM briefing_changes WHERE briefing_id = ${id} AND kind = 'delete'`)).toBe(1);
  });

  it('records every searchable change in the change log', () => {
    const { db } = tempDb();
    const [id] = seed(db, 1, () => ({ tags: ['a'] }));
    updateReading(db, { id: id as never, starred: true });
    const kinds = db.prepare('SELECT kind FROM briefing_changes WHERE briefing_id = ? ORDER BY seq').all(id);
    // insert, tag link, star.
    expect(kinds).toEqual([{ kind: 'upsert' }, { kind: 'upsert' }, { kind: 'upsert' }]);
  });

  it('hot list queries use indexes, not table scans', () => {
    const { db } = tempDb();
    seed(db, 50);
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    const published = plan(
      'SELECT id FROM briefings b ORDER BY coalesce(b.published_at, b.imported_at) DESC, b.id DESC LIMIT 100',
    );
    expect(published).not.toMatch(/TEMP B-TREE/);
    expect(plan('SELECT id FROM briefings b ORDER BY b.imported_at DESC, b.id DESC LIMIT 100')).not.toMatch(
      /TEMP B-TREE/,
    );
    expect(plan("SELECT id FROM briefings WHERE content_hash = 'x'")).toMatch(/USING (COVERING )?INDEX/);
    expect(plan('SELECT title FROM related_items WHERE briefing_id = 1 ORDER BY position')).toMatch(
      /USING (COVERING )?INDEX/,
    );
  });
});
