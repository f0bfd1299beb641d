import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src/main/library/db/open';
import type { Db } from '../../../../src/main/library/db/open';
import { deleteBriefing, insertBriefing, updateReading } from '../../../../src/main/library/repos/briefings';
import { setTagsForBriefing } from '../../../../src/main/library/repos/tags';
import { createSearchService } from '../../../../src/main/library/search/search-service';
import { createImportService } from '../../../../src/main/library/services/import-service';
import { briefing, rng, toTxt } from '../../../fixtures/generate';
import { corpusDir, SAMPLE, tempDb } from '../../../helpers/temp';

const REFERENCE = 'US Rejects Global AI Governance at UN General Assembly';

async function library(): Promise<{ db: Db; search: ReturnType<typeof createSearchService> }> {
  // Shared by a whole describe block, so not the per-test temp database.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-search-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const db = openDatabase(path.join(root, 'library.db'));
  afterAll(() => db.close());
  const dir = path.join(root, 'files');
  fs.mkdirSync(dir);
  fs.copyFileSync(SAMPLE, path.join(dir, 'reference.txt'));
  for (let i = 0; i < 60; i++) fs.writeFileSync(path.join(dir, `gen-${i}.txt`), toTxt(briefing(i)));
  await createImportService({ db, poolSize: 2 }).importPaths([dir, path.join(corpusDir(), 'web-pages')], {
    source: 'test',
  });
  return { db, search: createSearchService({ db }) };
}

const titles = async (s: ReturnType<typeof createSearchService>, query: string) =>
  (await s.search({ query, limit: 10 })).items.map((h) => h.briefing.title);

describe('search relevance and matching', async () => {
  const { db, search } = await library();
  const refId = (db.prepare('SELECT id FROM briefings WHERE title = ?').get(REFERENCE) as { id: number }).id;

  it('finds the reference briefing first for a name, a phrase, and a tag plus a word', async () => {
    expect((await titles(search, 'Kratsios'))[0]).toBe(REFERENCE);
    expect((await titles(search, '"global dialogue"'))[0]).toBe(REFERENCE);
    setTagsForBriefing(db, refId as never, ['policy/un'], new Date().toISOString());
    expect(await titles(search, 'tag:policy governance')).toEqual([REFERENCE]);
    expect(await titles(search, '-tag:policy kratsios')).toEqual([]);
  });

  it('matches prefixes, stems, accents and case', async () => {
    expect(await titles(search, 'govern')).toContain(REFERENCE);
    expect(await titles(search, 'GOVERNANCES')).toContain(REFERENCE);
    expect(await titles(search, 'sanchez')).toEqual([REFERENCE]);
    expect(await titles(search, 'SÁNCHEZ')).toEqual([REFERENCE]);
    expect(await titles(search, 'kratsi')).toEqual([REFERENCE]);
  });

  it('verifies phrases against the text, not just co-occurrence', async () => {
    // Both words occur in the reference briefing, but never as this phrase.
    expect(await titles(search, 'dialogue global')).toContain(REFERENCE);
    expect(await titles(search, '"dialogue global"')).toEqual([]);
  });

  it('ranks title hits first', async () => {
    const hits = (await search.search({ query: 'governance', limit: 5 })).items;
    // Porter2 stems "government" and "governance" alike: any such title is a title hit.
    expect(hits[0]?.briefing.title).toMatch(/govern/i);
  });

  it('combines OR, NOT and parentheses', async () => {
    const either = await titles(search, 'kratsios OR "rtl test"');
    expect(either).toEqual(expect.arrayContaining([REFERENCE, 'RTL Test']));
    expect(await titles(search, '(kratsios OR guterres) -sanchez')).toEqual([]);
  });

  it('searches CJK text', async () => {
    expect((await titles(search, '宇航员'))[0]).toMatch(/^宇航员在太空中喝酒会怎么样/);
    expect((await titles(search, '人工智能'))[0]).toMatch(/DeepMind新电脑/);
  });

  it('falls back to close spellings when nothing matches exactly', async () => {
    const r = await search.search({ query: 'kratsoos' });
    expect(r.fuzzy).toBe(true);
    expect(r.items[0]?.briefing.title).toBe(REFERENCE);
  });

  it('returns snippets around the best passage with every matched word marked', async () => {
    const r = await search.search({ query: 'Guterres cornerstones' });
    const snippet = r.items[0]?.snippet ?? [];
    expect(snippet.filter((p) => p.hit).map((p) => p.text)).toEqual(['Guterres', 'cornerstones']);
    expect(snippet.map((p) => p.text).join('')).toMatch(
      /Guterres proclaimed that this initiative aims to lay the cornerstones/,
    );
    expect([...r.highlight].sort()).toEqual(['cornerston', 'cornerstones', 'guterr', 'guterres']);
  });

  it('applies state, format and date filters, and the sidebar view', async () => {
    updateReading(db, { id: refId as never, starred: true });
    expect(await titles(search, 'is:starred')).toEqual([REFERENCE]);
    expect(
      (await search.search({ query: 'format:html governance' })).items.every((h) => h.briefing.format === 'html'),
    ).toBe(true);
    expect(await titles(search, 'kratsios before:2000-01-01')).toEqual([]);
    expect((await search.search({ query: 'kratsios', within: { starred: true } })).total).toBe(1);
    expect((await search.search({ query: 'kratsios', within: { archived: true } })).total).toBe(0);
  });

  it('sorts by date on request, newest first', async () => {
    const r = await search.search({ query: 'the', sort: 'date', limit: 20 });
    const dates = r.items.map((h) => h.briefing.publishedAt ?? h.briefing.importedAt);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('answers a malformed query with a message, not an exception', async () => {
    expect(await search.search({ query: '(unclosed' })).toMatchObject({
      problem: '"(" is not closed: add ")"',
      total: 0,
      items: [],
    });
  });
});

describe('index and database agree', () => {
  it('after random inserts, edits, deletes and tag changes (including writes from another connection)', async () => {
    const { db, file } = tempDb();
    const search = createSearchService({ db });
    await search.ready();
    const r = rng(99);
    const live = new Map<number, string>();
    const other = (await import('../../../../src/main/library/db/open')).openDatabase(file);
    for (let step = 0; step < 400; step++) {
      const roll = r();
      const conn = r() < 0.3 ? other : db;
      if (roll < 0.5 || live.size === 0) {
        const token = `tok${step}q${Math.floor(r() * 1e6)}`;
        const b = briefing(step);
        const id = insertBriefing(conn, {
          title: b.title,
          headline: null,
          source: b.source,
          byline: null,
          dateline: null,
          publishedAt: null,
          importedAt: new Date().toISOString(),
          format: 'txt',
          originalPath: null,
          contentHash: `h${step}`,
          text: `${b.sections[0]?.paragraphs[0] ?? ''} ${token}`,
          html: '<p>x</p>',
          headings: [],
          excerpt: '',
          wordCount: 10,
          related: [],
          tags: [],
        });
        live.set(id, token);
      } else if (roll < 0.7) {
        const id = [...live.keys()][Math.floor(r() * live.size)] as number;
        deleteBriefing(conn, id as never);
        live.delete(id);
      } else if (roll < 0.85) {
        const id = [...live.keys()][Math.floor(r() * live.size)] as number;
        setTagsForBriefing(conn, id as never, [`label${step}`], new Date().toISOString());
        live.set(id, `label${step}`);
      } else {
        const id = [...live.keys()][Math.floor(r() * live.size)] as number;
        const token = `edit${step}z${Math.floor(r() * 1e6)}`;
        conn.prepare('UPDATE briefings SET text = ? WHERE id = ?').run(`Rewritten ${token}`, id);
        live.set(id, token);
      }
      if (step % 40 === 39) {
        for (const [id, token] of live) {
          const hit = await search.search({ query: token, limit: 5 });
          expect(hit.items.map((h) => h.briefing.id)).toContain(id);
        }
      }
    }
    expect(await search.verify()).toEqual({ missing: 0, extra: 0, changed: 0 });
    expect((await search.stats()).size).toBe(live.size);
    other.close();
  }, 60_000);

  it('verify() repairs an index that lost entries', async () => {
    const { db } = tempDb();
    await createImportService({ db, poolSize: 1 }).importPaths([SAMPLE], { source: 'test' });
    const search = createSearchService({ db });
    await search.ready();
    // Simulate a lost change: delete behind the index's back, with the log entry removed.
    db.prepare(
      "INSERT INTO briefings (title, imported_at, format, content_hash, text, html) VALUES ('Ghost', 'x', 'txt', 'g', 'ghostly text', '')",
    ).run();
    db.prepare('DELETE FROM briefing_changes').run();
    expect(await search.verify()).toEqual({ missing: 1, extra: 0, changed: 0 });
    expect((await search.search({ query: 'ghostly' })).total).toBe(1);
  });
});
