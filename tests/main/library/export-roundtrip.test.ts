import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/library/db/open';
import { setTagsForBriefing } from '../../../src/main/library/repos/tags';
import { exportLibrary } from '../../../src/main/library/services/export-service';
import { createImportService } from '../../../src/main/library/services/import-service';
import { createLibraryService } from '../../../src/main/library/services/library-service';
import { createSettingsService } from '../../../src/main/library/services/settings-service';
import { briefing, toEml, toMd, toTxt } from '../../fixtures/generate';
import { SAMPLE, tempDb, tempDir } from '../../helpers/temp';

describe('JSON export and import', () => {
  it('round-trips briefings, tags and reading state into an empty library', async () => {
    const { db } = tempDb();
    const dir = tempDir();
    fs.copyFileSync(SAMPLE, path.join(dir, 'sample.txt'));
    fs.writeFileSync(path.join(dir, 'a.md'), toMd(briefing(1)));
    fs.writeFileSync(path.join(dir, 'b.eml'), toEml(briefing(2)));
    fs.writeFileSync(path.join(dir, 'c.txt'), toTxt(briefing(3)));
    await createImportService({ db, poolSize: 1 }).importPaths([dir], { source: 'test' });
    const lib = createLibraryService({ db });
    const ids = lib.list({ sort: 'title' }).items.map((b) => b.id);
    lib.updateReading({ id: ids[0] as never, readState: 'read', starred: true, scrollProgress: 1 });
    lib.updateReading({ id: ids[1] as never, readState: 'in_progress', scrollProgress: 0.37, archived: true });
    setTagsForBriefing(db, ids[2] as never, ['policy/eu', 'Urgent'], new Date().toISOString());

    const file = path.join(tempDir(), 'export.json');
    expect(exportLibrary(db, file)).toEqual({ path: file, count: 4 });

    const target = openDatabase(path.join(tempDir(), 'fresh.db'));
    const report = await createImportService({ db: target, poolSize: 1 }).importPaths([file], { source: 'test' });
    expect(report).toMatchObject({ imported: 4, failed: 0, duplicates: 0 });

    const strip = (d: typeof db) =>
      createLibraryService({ db: d })
        .list({ sort: 'title' })
        .items.map((s) => {
          const full = createLibraryService({ db: d }).get(s.id);
          const { id: _id, ...rest } = full;
          return rest;
        });
    expect(strip(target)).toEqual(strip(db));
    // Importing the export again is a no-op.
    const again = await createImportService({ db: target, poolSize: 1 }).importPaths([file], { source: 'test' });
    expect(again).toMatchObject({ imported: 0, duplicates: 4 });
    target.close();
  });

  it('a damaged entry is reported on its own; the rest of the export imports', async () => {
    const { db } = tempDb();
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.txt'), toTxt(briefing(5)));
    await createImportService({ db, poolSize: 1 }).importPaths([dir], { source: 'test' });
    const file = path.join(tempDir(), 'export.json');
    exportLibrary(db, file);
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { briefings: Record<string, unknown>[] };
    data.briefings.push({ ...data.briefings[0], title: '', readState: 'skimmed' });
    fs.writeFileSync(file, JSON.stringify(data));
    const target = tempDb().db;
    const report = await createImportService({ db: target, poolSize: 1 }).importPaths([file], { source: 'test' });
    expect(report).toMatchObject({ imported: 1, failed: 1 });
    expect(report.files[1]?.reason).toMatch(/^entry 2 of the export is damaged/);
  });

  it('an export never leaves a half-written file under the chosen name', () => {
    const { db } = tempDb();
    const dir = tempDir();
    expect(() => exportLibrary(db, path.join(dir, 'missing-folder', 'x.json'))).toThrow();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses entries whose dates are not real ISO dates, and adds a rule listed twice once', async () => {
    const { db } = tempDb();
    const dir = tempDir();
    fs.copyFileSync(SAMPLE, path.join(dir, 'sample.txt'));
    await createImportService({ db, poolSize: 1 }).importPaths([dir], { source: 'test' });
    const file = path.join(tempDir(), 'export.json');
    exportLibrary(db, file);
    const good = (JSON.parse(fs.readFileSync(file, 'utf8')) as { briefings: Record<string, unknown>[] }).briefings[0];
    const rule = { field: 'source', pattern: 'reuters', tag: 'wire' };
    const edited = {
      kind: 'briefings-export',
      version: 1,
      exportedAt: '2026-12-01T09:00:00.000Z',
      tags: [],
      rules: [rule, rule, { ...rule, tag: 'WIRE' }],
      briefings: [
        { ...good, title: 'Yesterday', importedAt: 'yesterday' },
        { ...good, title: 'Bad month', publishedAt: '2024-13-45' },
        { ...good, title: 'Feb 30', publishedAt: '2024-02-30' },
        { ...good, title: 'Kept', text: `${String(good?.text)} kept`, publishedAt: '2024-02-29' },
      ],
    };
    const target = openDatabase(path.join(tempDir(), 'fresh.db'));
    const hand = path.join(tempDir(), 'edited.json');
    fs.writeFileSync(hand, JSON.stringify(edited));
    const report = await createImportService({ db: target, poolSize: 1 }).importPaths([hand], { source: 'test' });
    expect(report).toMatchObject({ imported: 1, failed: 3 });
    const reasons = report.files.filter((f) => f.outcome === 'failed').map((f) => f.reason);
    expect(reasons).toEqual([
      expect.stringMatching(/importedAt: not an ISO 8601 date/),
      expect.stringMatching(/publishedAt: not an ISO 8601 date|publishedAt: not a real date/),
      expect.stringMatching(/publishedAt: not a real date/),
    ]);
    expect(target.prepare('SELECT field, pattern, tag FROM tag_rules').all()).toEqual([rule]);
    // The export's own date is checked too.
    fs.writeFileSync(hand, JSON.stringify({ ...edited, exportedAt: 'soon' }));
    const whole = await createImportService({ db: target, poolSize: 1 }).importPaths([hand], { source: 'test' });
    expect(whole.files[0]?.outcome).toBe('failed');
    target.close();
  });
});

describe('the export keeps saved searches (issue 20, point 8)', () => {
  it('carries them into a new library once, however often the export is imported', async () => {
    const { db } = tempDb();
    const dir = tempDir();
    fs.copyFileSync(SAMPLE, path.join(dir, 'sample.txt'));
    fs.writeFileSync(path.join(dir, 'a.md'), toMd(briefing(7)));
    await createImportService({ db, poolSize: 1 }).importPaths([dir], { source: 'test' });
    const settings = createSettingsService({ db });
    settings.set('savedSearches', [
      { id: 'a', name: 'AI governance', query: 'kratsios "global dialogue"' },
      { id: 'b', name: 'EU policy', query: 'tag:policy/eu is:unread' },
    ]);
    const file = path.join(tempDir(), 'export.json');
    exportLibrary(db, file);
    expect((JSON.parse(fs.readFileSync(file, 'utf8')) as { savedSearches: unknown }).savedSearches).toEqual([
      { name: 'AI governance', query: 'kratsios "global dialogue"' },
      { name: 'EU policy', query: 'tag:policy/eu is:unread' },
    ]);
    const target = openDatabase(path.join(tempDir(), 'fresh.db'));
    const other = createSettingsService({ db: target });
    other.set('savedSearches', [{ id: 'x', name: 'Mine', query: 'budget' }]);
    const importer = createImportService({ db: target, poolSize: 1 });
    await importer.importPaths([file], { source: 'test' });
    await importer.importPaths([file], { source: 'test' });
    expect(other.get('savedSearches').map(({ name, query }) => ({ name, query }))).toEqual([
      { name: 'Mine', query: 'budget' },
      { name: 'AI governance', query: 'kratsios "global dialogue"' },
      { name: 'EU policy', query: 'tag:policy/eu is:unread' },
    ]);
    expect(new Set(other.get('savedSearches').map((s) => s.id)).size).toBe(3);
    target.close();
  });
});
