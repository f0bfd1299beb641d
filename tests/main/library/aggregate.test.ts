import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/main/library/db/open';
import { createEntityClient, type EntityClient } from '../../../src/main/library/organize/entity-client';
import { CHILD_TABLES, readAggregates } from '../../../src/main/library/repos/briefing-aggregate';
import { addHighlight } from '../../../src/main/library/repos/highlights';
import { setTagsForBriefing } from '../../../src/main/library/repos/tags';
import { createSearchService } from '../../../src/main/library/search/search-service';
import { exportLibrary } from '../../../src/main/library/services/export-service';
import { createImportService } from '../../../src/main/library/services/import-service';
import { createOrganizeService } from '../../../src/main/library/services/organize-service';
import { toBriefingId } from '../../../src/shared/model';
import { corpusDir, SAMPLE, tempDb, tempDir } from '../../helpers/temp';

const clients: EntityClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

/** Every row of every table that belongs to a briefing, for before/after comparisons. */
function belongings(db: Db): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = { briefings: db.prepare('SELECT * FROM briefings ORDER BY id').all() };
  for (const t of CHILD_TABLES) out[t] = db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all();
  out.tags = db.prepare('SELECT name, color FROM tags ORDER BY name').all();
  return out;
}

/** The reference briefing and three real saved news pages, tagged and highlighted with notes. */
async function library() {
  const { db } = tempDb();
  const dir = tempDir();
  fs.copyFileSync(SAMPLE, path.join(dir, 'reference.txt'));
  for (const page of ['ars-1', 'aclu', 'aktualne']) {
    fs.copyFileSync(path.join(corpusDir(), 'web-pages', page, 'source.html'), path.join(dir, `${page}.html`));
  }
  await createImportService({ db, poolSize: 1 }).importPaths([dir], { source: 'test' });
  const ids = (db.prepare('SELECT id, text FROM briefings ORDER BY id').all() as { id: number; text: string }[]).map(
    (r) => ({ id: toBriefingId(r.id), text: r.text }),
  );
  const at = '2026-12-01T10:00:00.000Z';
  for (const [i, b] of ids.entries()) {
    setTagsForBriefing(db, b.id, ['policy/ai', `desk-${i}`], at);
    // Highlight a real sentence of each text, one with a note.
    const start = Math.floor(b.text.length / 3);
    const quote = b.text.slice(start, start + 60);
    addHighlight(
      db,
      {
        briefingId: b.id,
        quote,
        prefix: b.text.slice(start - 20, start),
        suffix: '',
        start,
        color: 'green',
        note: i % 2 === 0 ? `note on ${i}` : null,
      },
      at,
    );
    addHighlight(
      db,
      { briefingId: b.id, quote: b.text.slice(0, 30), prefix: '', suffix: '', start: 0, color: 'yellow' },
      at,
    );
  }
  db.prepare("UPDATE tags SET color = '#aa3300' WHERE name = 'policy/ai'").run();
  return { db, ids: ids.map((b) => b.id) };
}

describe('a briefing is carried whole (repos/briefing-aggregate.ts)', () => {
  it('lists every table that refers to briefings', () => {
    const { db } = tempDb();
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    const referring = tables
      .filter(({ name }) =>
        (db.prepare(`PRAGMA foreign_key_list(${name})`).all() as { table: string }[]).some(
          (f) => f.table === 'briefings',
        ),
      )
      .map((t) => t.name)
      .sort();
    expect(referring).toEqual([...CHILD_TABLES].sort());
  });

  it('undo of a delete puts back highlights and notes with everything else, same ids', async () => {
    const { db, ids } = await library();
    expect(ids.length).toBe(4);
    const before = belongings(db);
    expect((before.highlights ?? []).length).toBe(8);
    const search = createSearchService({ db });
    const entities = createEntityClient();
    clients.push(entities);
    const organize = createOrganizeService({ db, search, entities });
    await organize.remove({ ids: ids.slice(0, 3) });
    expect(db.prepare('SELECT count(*) AS n FROM highlights').get()).toEqual({ n: 2 });
    organize.undo();
    expect(belongings(db)).toEqual(before);
    await search.close();
  });

  it('the library export carries highlights and notes, and importing it gives them back', async () => {
    const { db } = await library();
    const file = path.join(tempDir(), 'export.json');
    exportLibrary(db, file);
    const target = openDatabase(path.join(tempDir(), 'fresh.db'));
    const report = await createImportService({ db: target, poolSize: 1 }).importPaths([file], { source: 'test' });
    expect(report).toMatchObject({ imported: 4, failed: 0 });
    const notes = (d: Db) =>
      d
        .prepare(
          `SELECT b.title, h.quote, h.prefix, h.start, h.color, h.note, h.created_at FROM highlights h
            JOIN briefings b ON b.id = h.briefing_id ORDER BY b.title, h.start`,
        )
        .all();
    expect(notes(target)).toEqual(notes(db));
    expect((notes(target) as { note: string | null }[]).filter((n) => n.note).length).toBe(2);
    const first = readAggregates(target, [1])[0];
    expect(first?.tags.find((t) => t.name === 'policy/ai')?.color).toBe('#aa3300');
    target.close();
  });
});
