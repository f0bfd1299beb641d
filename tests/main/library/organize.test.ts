import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/main/library/db/open';
import { createEntityClient, type EntityClient } from '../../../src/main/library/organize/entity-client';
import { getBriefing, listBriefings } from '../../../src/main/library/repos/briefings';
import { createSearchService } from '../../../src/main/library/search/search-service';
import { createImportService } from '../../../src/main/library/services/import-service';
import { createOrganizeService, UNDO_DEPTH } from '../../../src/main/library/services/organize-service';
import { exportLibrary } from '../../../src/main/library/services/export-service';
import { toBriefingId, type BriefingId } from '../../../src/shared/model';
import { make, seed } from '../../helpers/briefings';
import { SAMPLE, tempDb, tempDir } from '../../helpers/temp';
import { insertBriefing } from '../../../src/main/library/repos/briefings';

const clients: EntityClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

function setup(db: Db) {
  const search = createSearchService({ db });
  const entities = createEntityClient();
  clients.push(entities);
  return { search, organize: createOrganizeService({ db, search, entities }) };
}

const tagsOf = (db: Db, id: BriefingId): string[] => getBriefing(db, id)?.tags ?? [];
const counts = (o: ReturnType<typeof setup>['organize']): Record<string, number> =>
  Object.fromEntries(o.tags().map((t) => [t.name, t.count]));

describe('bulk tagging and reading states', () => {
  it('tags many briefings in one step, keeps the first spelling, and undoes exactly', async () => {
    const { db } = tempDb();
    const ids = seed(db, 5);
    const { organize } = setup(db);
    insertBriefing(db, make({ tags: ['AI'] }));
    const r = await organize.bulk({ ids: ids.slice(0, 3) }, { addTags: ['ai', 'policy/eu'] });
    expect(r).toMatchObject({ affected: 3, undoable: true });
    expect(r.label).toBe("Tagged 3 briefings 'ai', 'policy/eu'");
    expect(tagsOf(db, ids[0] as BriefingId)).toEqual(['AI', 'policy/eu']);
    expect(counts(organize)).toEqual({ AI: 4, policy: 3, 'policy/eu': 3 });
    expect(organize.undo()).toEqual({ undone: r.label, remaining: 0 });
    expect(tagsOf(db, ids[0] as BriefingId)).toEqual([]);
    // The tag created by the action is gone; the one that existed before stays with its link.
    expect(counts(organize)).toEqual({ AI: 1 });
  });

  it('removes tags and sets read, star and archive on a whole view, undoably', async () => {
    const { db } = tempDb();
    const ids = seed(db, 4, (i) => ({ tags: i < 3 ? ['x'] : [], source: i < 2 ? 'Reuters' : 'AP' }));
    const { organize } = setup(db);
    await organize.bulk({ view: { source: 'reuters' } }, { removeTags: ['X'], readState: 'read', starred: true });
    expect(listBriefings(db, { tag: 'x' }).total).toBe(1);
    expect(listBriefings(db, { readState: 'read' }).total).toBe(2);
    await organize.bulk({ ids: [ids[3] as BriefingId] }, { archived: true });
    expect(counts(organize).x).toBe(1);
    organize.undo();
    organize.undo();
    expect(listBriefings(db, { tag: 'x' }).total).toBe(3);
    expect(listBriefings(db, { readState: 'read' }).total).toBe(0);
    expect(listBriefings(db, { starred: true }).total).toBe(0);
  });

  it('applies to every result of a search ("select all N results")', async () => {
    const { db } = tempDb();
    seed(db, 6, (i) => ({ text: i % 2 ? 'tariffs on steel' : 'weather report' }));
    const { organize } = setup(db);
    const r = await organize.bulk({ search: { query: 'tariffs' } }, { addTags: ['trade'] });
    expect(r.affected).toBe(3);
    await expect(organize.bulk({ search: { query: '"unclosed' } }, { addTags: ['t'] })).rejects.toThrow(/quote/i);
    await expect(organize.bulk({ ids: [toBriefingId(999)] }, { addTags: ['t'] })).rejects.toThrow(
      /no briefings are selected/,
    );
    await expect(organize.bulk({ ids: [toBriefingId(1)] }, {})).rejects.toThrow(/choose what to change/);
  });

  it('makes tag changes visible to search at once', async () => {
    const { db } = tempDb();
    const ids = seed(db, 3);
    const { organize, search } = setup(db);
    expect((await search.search({ query: 'tag:policy' })).total).toBe(0);
    await organize.bulk({ ids: ids.slice(0, 2) }, { addTags: ['policy/eu'] });
    expect((await search.search({ query: 'tag:policy' })).total).toBe(2);
    organize.renameTag('policy', 'europe');
    expect((await search.search({ query: 'tag:policy' })).total).toBe(0);
    expect((await search.search({ query: 'tag:europe/eu' })).total).toBe(2);
    organize.deleteTag('europe');
    expect((await search.search({ query: 'tag:europe' })).total).toBe(0);
    organize.undo();
    expect((await search.search({ query: 'tag:europe' })).total).toBe(2);
  });
});

describe('deleting briefings', () => {
  it('restores deleted briefings whole, with the same ids, tags and related items', async () => {
    const { db } = tempDb();
    const ids = seed(db, 3, () => ({ tags: ['keep', 'policy/eu'] }));
    const { organize, search } = setup(db);
    const before = getBriefing(db, ids[1] as BriefingId);
    const r = await organize.remove({ ids: ids.slice(0, 2) });
    expect(r.label).toBe('Deleted 2 briefings');
    expect(listBriefings(db).total).toBe(1);
    expect((await search.search({ query: 'tag:keep' })).total).toBe(1);
    organize.undo();
    expect(getBriefing(db, ids[1] as BriefingId)).toEqual(before);
    expect((await search.search({ query: 'tag:keep' })).total).toBe(3);
  });

  it('refuses to undo a delete when the same content was imported again since', async () => {
    const { db } = tempDb();
    const [id] = seed(db, 1, () => ({ contentHash: 'h1', title: 'Alpha' }));
    const { organize } = setup(db);
    await organize.remove({ ids: [id as BriefingId] });
    insertBriefing(db, make({ contentHash: 'h1', title: 'Alpha again' }));
    expect(() => organize.undo()).toThrow(/cannot undo: 'Alpha' was imported again/);
    expect(listBriefings(db).total).toBe(1);
  });

  it('keeps at least the last 20 actions', async () => {
    const { db } = tempDb();
    const ids = seed(db, 1);
    const { organize } = setup(db);
    for (let i = 0; i < UNDO_DEPTH + 5; i++) await organize.bulk({ ids }, { addTags: [`t${i}`] });
    let undone = 0;
    while (organize.undo().undone !== null) undone++;
    expect(undone).toBe(UNDO_DEPTH);
    expect(UNDO_DEPTH).toBeGreaterThanOrEqual(20);
    expect(tagsOf(db, ids[0] as BriefingId)).toEqual(['t0', 't1', 't2', 't3', 't4']);
  });
});

describe('tag management', () => {
  it('counts a hierarchy with children included once, implied parents, and archived left out', async () => {
    const { db } = tempDb();
    insertBriefing(db, make({ tags: ['policy/eu', 'policy/us'] }));
    insertBriefing(db, make({ tags: ['policy/eu/ai-act'] }));
    insertBriefing(db, make({ tags: ['policy'] }));
    insertBriefing(db, make({ tags: ['policy/eu'], archived: true }));
    const { organize } = setup(db);
    const tags = organize.tags();
    expect(tags.map((t) => [t.name, t.count, t.exists])).toEqual([
      ['policy', 3, true],
      ['policy/eu', 2, true],
      ['policy/eu/ai-act', 1, true],
      ['policy/us', 1, true],
    ]);
    expect(tags.find((t) => t.name === 'policy/eu')?.uses).toBe(2);
    organize.deleteTag('policy');
    expect(organize.tags()).toEqual([]);
    insertBriefing(db, make({ tags: ['a/b/c'] }));
    expect(organize.tags().map((t) => [t.name, t.count, t.exists])).toEqual([
      ['a', 1, false],
      ['a/b', 1, false],
      ['a/b/c', 1, true],
    ]);
  });

  it('previews and performs a merge, keeping the target spelling, then undoes it', async () => {
    const { db } = tempDb();
    const aiUpper = seed(db, 2, () => ({ tags: ['AI'] }));
    insertBriefing(db, make({ tags: ['AI', 'ml'] }));
    seed(db, 4, () => ({ tags: ['ml'] }));
    const { organize } = setup(db);
    const preview = organize.previewRename('ai', 'ML');
    expect(preview).toMatchObject({ kind: 'merge', from: { name: 'AI', count: 3 }, to: { name: 'ml', count: 5 } });
    expect(preview.message).toBe("Merge 'AI' (3) into 'ml' (5)?");
    const r = organize.renameTag('ai', 'ML');
    expect(r.label).toBe("Merged 'AI' into 'ml'");
    expect(counts(organize)).toEqual({ ml: 7 });
    organize.undo();
    expect(counts(organize)).toEqual({ AI: 3, ml: 5 });
    expect(tagsOf(db, aiUpper[0] as BriefingId)).toEqual(['AI']);
  });

  it('renames with case changes, moves subtrees and merges colliding children', async () => {
    const { db } = tempDb();
    insertBriefing(db, make({ tags: ['policy/eu', 'policy/eu/ai-act'] }));
    insertBriefing(db, make({ tags: ['europe/ai-act'] }));
    const { organize } = setup(db);
    organize.renameTag('policy/eu', 'Europe');
    // "europe" existed only as a parent path, so it takes the new spelling; the children merge.
    expect(organize.tags().map((t) => [t.name, t.count])).toEqual([
      ['Europe', 2],
      ['europe/ai-act', 2],
    ]);
    organize.undo();
    expect(organize.tags().map((t) => [t.name, t.count])).toEqual([
      ['europe', 1],
      ['europe/ai-act', 1],
      ['policy', 1],
      ['policy/eu', 1],
      ['policy/eu/ai-act', 1],
    ]);
    organize.renameTag('policy/eu', 'POLICY/EU');
    expect(organize.tags().map((t) => t.name)).toContain('POLICY/EU');
    expect(() => organize.previewRename('policy', 'policy/inner')).toThrow(/cannot be moved inside itself/);
    expect(() => organize.renameTag('nope', 'x')).toThrow(/no tag named 'nope'/);
    expect(() => organize.renameTag('policy', ' / ')).toThrow(/cannot be empty/);
  });

  it('recolours any number of tags (no cap) and deletes a tag, keeping the briefings', async () => {
    const { db } = tempDb();
    const [id] = seed(db, 1, () => ({ tags: Array.from({ length: 40 }, (_, i) => `t${i}`).concat('x/y') }));
    const { organize } = setup(db);
    for (let i = 0; i < 40; i++) organize.recolorTag(`t${i}`, `#${(i * 4).toString(16).padStart(2, '0')}8040`);
    expect(new Set(organize.tags().map((t) => t.color)).size).toBe(42 - 1);
    organize.recolorTag('x', '#ff0000');
    expect(organize.tags().find((t) => t.name === 'x')).toMatchObject({ color: '#ff0000', exists: true });
    const r = organize.deleteTag('t3');
    expect(r.label).toBe("Deleted tag 't3' from 1 briefing");
    expect(getBriefing(db, id as BriefingId)?.title).toBeTruthy();
    expect(tagsOf(db, id as BriefingId)).not.toContain('t3');
    organize.undo();
    expect(organize.tags().find((t) => t.name === 't3')?.color).toBe('#0c8040');
  });

  it('lists sources with counts, case-insensitively, archived left out', () => {
    const { db } = tempDb();
    seed(db, 3, (i) => ({ source: i === 0 ? 'reuters' : 'Reuters' }));
    seed(db, 1, () => ({ source: 'AP' }));
    seed(db, 1, () => ({ source: 'AP', archived: true }));
    const { organize } = setup(db);
    expect(organize.sources()).toEqual([
      { name: 'Reuters', count: 3 },
      { name: 'AP', count: 1 },
    ]);
  });
});

describe('tagging rules', () => {
  it('previews and applies a rule to the library, undoably, accent- and case-insensitively', async () => {
    const { db } = tempDb();
    seed(db, 5, (i) => ({ source: i < 3 ? 'Le Monde Économie' : 'AP' }));
    const { organize } = setup(db);
    const rule = { field: 'source' as const, pattern: 'monde economie', tag: 'france' };
    expect(organize.previewRule(rule)).toEqual({ count: 3 });
    const r = await organize.applyRule(rule);
    expect(r.label).toBe("Rule tagged 3 briefings 'france'");
    expect(organize.previewRule(rule)).toEqual({ count: 0 });
    organize.undo();
    expect(organize.previewRule(rule)).toEqual({ count: 3 });
    expect(() => organize.addRule({ field: 'text', pattern: '  ', tag: 'x' })).toThrow(/some text to look for/);
    expect(() => organize.addRule({ field: 'text', pattern: 'x', tag: '/' })).toThrow(/a tag to add/);
  });

  it('applies rules on import, and exports and re-imports rules and tag colours', async () => {
    const { db } = tempDb();
    const { organize } = setup(db);
    organize.addRule({ field: 'any', pattern: 'Kratsios', tag: 'people/kratsios' });
    organize.addRule({ field: 'title', pattern: 'no such title', tag: 'never' });
    const importer = createImportService({ db, poolSize: 1 });
    const report = await importer.importPaths([SAMPLE], { source: 'test' });
    const id = report.files[0]?.id as BriefingId;
    expect(tagsOf(db, id)).toEqual(['people/kratsios']);
    organize.recolorTag('people/kratsios', '#123456');

    const file = path.join(tempDir(), 'export.json');
    exportLibrary(db, file);
    const other = tempDb().db;
    await createImportService({ db: other, poolSize: 1 }).importPaths([file], { source: 'test' });
    const o = setup(other).organize;
    expect(o.rules().map((r) => r.tag)).toEqual(['people/kratsios', 'never']);
    expect(o.tags().find((t) => t.name === 'people/kratsios')?.color).toBe('#123456');
    // Importing the same export again adds no duplicate rules.
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    await createImportService({ db: other, poolSize: 1 }).importPaths([file], { source: 'test' });
    expect(o.rules()).toHaveLength(2);
  });
});

describe('suggestions', () => {
  it('suggests names, key phrases and existing tags for the reference briefing, with reasons', async () => {
    const { db } = tempDb();
    const report = await createImportService({ db, poolSize: 1 }).importPaths([SAMPLE], { source: 'test' });
    const id = report.files[0]?.id as BriefingId;
    insertBriefing(db, make({ tags: ['security council'] }));
    const { organize } = setup(db);
    const s = await organize.suggest(id);
    expect(s.length).toBeGreaterThan(3);
    expect(s.length).toBeLessThanOrEqual(8);
    const names = s.map((x) => x.name.toLowerCase());
    expect(names).toContain('united nations');
    expect(names).toContain('michael kratsios');
    expect(names).toContain('ai governance');
    expect(s.find((x) => x.name === 'Michael Kratsios')?.reason).toMatch(/^person named in the text \(\d times\)$/);
    expect(s.find((x) => x.name.toLowerCase() === 'ai governance')?.reason).toMatch(/^key phrase, appears \d+ times/);
    for (const x of s) expect(x.reason).not.toBe('');
    // Accepting one removes it from the next round.
    await organize.bulk({ ids: [id] }, { addTags: ['Michael Kratsios'] });
    expect((await organize.suggest(id)).map((x) => x.name)).not.toContain('Michael Kratsios');
  }, 30_000);

  it('suggests tags that similar briefings carry, and existing tags found in the text', async () => {
    const { db } = tempDb();
    const text = (i: number): string =>
      `Semiconductor export controls tighten as lithography suppliers face new licensing rules ${i}. Filler text about weather ${i}.`;
    seed(db, 3, (i) => ({ text: text(i), tags: ['chips'] }));
    seed(db, 30, (i) => ({ text: `Unrelated gardening notes number ${i} on tomatoes.` }));
    const [id] = seed(db, 1, () => ({ text: `${text(9)} Lithography again. Gardening.`, tags: [] }));
    insertBriefing(db, make({ tags: ['gardening'] }));
    const { organize } = setup(db);
    const s = await organize.suggest(id as BriefingId);
    expect(s).toContainEqual({ name: 'chips', reason: "3 similar briefings are tagged 'chips'", existing: true });
    expect(s).toContainEqual({ name: 'gardening', reason: 'appears once', existing: true });
    await expect(organize.suggest(424242)).rejects.toThrow(/does not exist/);
  }, 30_000);

  it('still suggests when name extraction fails', async () => {
    const { db } = tempDb();
    const [id] = seed(db, 1, () => ({ text: 'Gardening notes.' }));
    insertBriefing(db, make({ tags: ['gardening'] }));
    const search = createSearchService({ db });
    const broken: EntityClient = { extract: () => Promise.reject(new Error('boom')), close: async () => undefined };
    const organize = createOrganizeService({ db, search, entities: broken });
    expect((await organize.suggest(id as BriefingId)).map((x) => x.name)).toEqual(['gardening']);
  });
});

describe('editing details by hand (issue 20, point 4)', () => {
  it('sets title, source, byline and date in one undoable step; the search index follows', async () => {
    const { db } = tempDb();
    const [id] = seed(db, 2) as [BriefingId];
    const { organize, search } = setup(db);
    const before = getBriefing(db, id);
    const r = organize.editDetails({
      id,
      title: '  Budget   talks resume  ',
      source: 'Policy Wire',
      byline: '',
      publishedAt: '2025-09-26',
    });
    expect(r).toEqual({
      label: "Edited the title, source, date of 'Budget talks resume'",
      affected: 1,
      undoable: true,
    });
    expect(getBriefing(db, id)).toMatchObject({
      title: 'Budget talks resume',
      source: 'Policy Wire',
      publishedAt: '2025-09-26T00:00:00.000Z',
    });
    expect((await search.search({ query: 'title:resume', limit: 5 })).items.map((h) => h.briefing.id)).toEqual([id]);
    expect(organize.editDetails({ id, title: 'Budget talks resume' })).toMatchObject({ undoable: false, affected: 0 });
    expect(organize.undo().undone).toBe("Edited the title, source, date of 'Budget talks resume'");
    expect(getBriefing(db, id)).toMatchObject({
      title: before?.title,
      source: before?.source,
      publishedAt: before?.publishedAt,
    });
    expect(() => organize.editDetails({ id, title: '   ' })).toThrow('a title cannot be empty');
    expect(() => organize.editDetails({ id: toBriefingId(9999), title: 'x' })).toThrow(/does not exist/);
  });
});
