import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, migrations } from '../../../src/main/library/db/migrations';
import { openDatabase } from '../../../src/main/library/db/open';
import { getBriefing, insertBriefing } from '../../../src/main/library/repos/briefings';
import { backupLibrary, inspectBackup, restoreLibrary } from '../../../src/main/library/services/backup-service';
import { make } from '../../helpers/briefings';
import { recordFigures } from '../../helpers/figures';
import { REPO_ROOT, tempDir } from '../../helpers/temp';

/** A library at schema `version`, with a briefing, a tag, an import run and a file in it. */
function libraryAt(version: number, file: string): void {
  const db = new Database(file);
  for (let v = 0; v < version; v++) db.exec(migrations[v] as string);
  db.pragma(`user_version = ${version}`);
  db.prepare(
    `INSERT INTO briefings (title, imported_at, format, content_hash, text, html, read_state, starred)
     VALUES ('Old briefing', '2024-05-01T00:00:00Z', 'txt', 'h1', 'Old text body.', '<p>Old text body.</p>', 'read', 1)`,
  ).run();
  db.prepare("INSERT INTO tags (name, created_at) VALUES ('policy/eu', '2024-05-01T00:00:00Z')").run();
  db.prepare('INSERT INTO briefing_tags (briefing_id, tag_id) VALUES (1, 1)').run();
  db.prepare("INSERT INTO import_runs (started_at, source) VALUES ('2024-05-01T00:00:00Z', 'cli')").run();
  db.prepare(
    "INSERT INTO import_files (run_id, path, outcome, briefing_id) VALUES (1, '/old/a.txt', 'imported', 1)",
  ).run();
  db.close();
}

const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'briefings.cjs'), ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('library safety', () => {
  const versions = Array.from({ length: SCHEMA_VERSION - 1 }, (_, i) => i + 1);

  it.each(versions)('migrates a version-%i library with data, after an automatic backup', (version) => {
    const dir = tempDir();
    const file = path.join(dir, 'library.db');
    libraryAt(version, file);
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(getBriefing(db, 1 as never)).toMatchObject({
      title: 'Old briefing',
      readState: 'read',
      starred: true,
      tags: ['policy/eu'],
    });
    // Migration 2 filled the new source_path column from the old path.
    if (version === 1)
      expect(db.prepare('SELECT source_path FROM import_files').get()).toEqual({ source_path: '/old/a.txt' });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    const backups = fs.readdirSync(dir).filter((f) => f.includes(`.before-v${SCHEMA_VERSION}-`));
    expect(backups).toHaveLength(1);
    const old = new Database(path.join(dir, backups[0] as string), { readonly: true });
    expect(old.pragma('user_version', { simple: true })).toBe(version);
    expect(old.prepare('SELECT title FROM briefings').get()).toEqual({ title: 'Old briefing' });
    old.close();
    // Opening an up-to-date library makes no further backup.
    openDatabase(file).close();
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.bak'))).toHaveLength(1);
  });

  it('backs up a library while it is being written, and restores it, keeping the previous one', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'library.db');
    const db = openDatabase(file);
    for (let i = 0; i < 200; i++) insertBriefing(db, make({ title: `B${i}`, contentHash: `h${i}` }));
    const writer = openDatabase(file);
    let n = 200;
    const timer = setInterval(() => insertBriefing(writer, make({ title: `W${n}`, contentHash: `w${n++}` })), 1);
    const backup = await backupLibrary(db, path.join(dir, 'backup.db'));
    clearInterval(timer);
    const inBackup = inspectBackup(backup.path).briefings;
    expect(inBackup).toBeGreaterThanOrEqual(200);
    writer.close();
    db.close();

    // The search index snapshot of the library being replaced must not survive it.
    fs.writeFileSync(`${file}.search-index`, 'snapshot of the old library');
    const r = await restoreLibrary(file, backup.path);
    expect(fs.existsSync(`${file}.search-index`)).toBe(false);
    expect(r.briefings).toBe(inBackup);
    expect(r.keptPrevious && fs.existsSync(r.keptPrevious)).toBe(true);
    const restored = openDatabase(file);
    expect((restored.prepare('SELECT count(*) AS n FROM briefings').get() as { n: number }).n).toBe(inBackup);
    expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
    restored.close();
  });

  it('refuses to restore what is not an intact Briefings library, leaving the library untouched', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'library.db');
    const db = openDatabase(file);
    insertBriefing(db, make({ title: 'Keep me' }));
    db.close();
    const before = fs.readFileSync(file);
    const notDb = path.join(dir, 'notes.db');
    fs.writeFileSync(notDb, 'just text');
    const foreign = path.join(dir, 'foreign.db');
    new Database(foreign).exec('CREATE TABLE x (a)');
    const newer = path.join(dir, 'newer.db');
    const nd = new Database(newer);
    nd.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    nd.close();
    await expect(restoreLibrary(file, notDb)).rejects.toThrow(/not a Briefings backup/);
    await expect(restoreLibrary(file, foreign)).rejects.toThrow(/not a Briefings backup/);
    await expect(restoreLibrary(file, newer)).rejects.toThrow(/newer version/);
    await expect(restoreLibrary(file, path.join(dir, 'missing.db'))).rejects.toThrow(/no such file/);
    await expect(restoreLibrary(file, file)).rejects.toThrow(/the library itself/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('lets the CLI read the library while the app holds a write transaction (WAL), and back it up', () => {
    const dir = tempDir();
    const file = path.join(dir, 'library.db');
    const app = openDatabase(file);
    insertBriefing(app, make({ title: 'Visible to the CLI' }));
    app.exec('BEGIN IMMEDIATE');
    insertBriefing(app, make({ title: 'Not yet committed' }));
    const list = cli(['list', '--db', file, '--json']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.out) as { title: string }[]).map((b) => b.title)).toEqual(['Visible to the CLI']);
    const backup = cli(['backup', path.join(dir, 'b.db'), '--db', file]);
    expect(backup.code).toBe(0);
    app.exec('COMMIT');
    app.close();
    const restore = cli(['restore', path.join(dir, 'b.db'), '--db', file]);
    expect(restore).toMatchObject({ code: 0 });
    expect(restore.out).toMatch(/^Restored 1 briefings from .*; the previous library is kept as /);
    expect(cli(['restore', path.join(dir, 'nope.db'), '--db', file])).toMatchObject({ code: 1 });
    recordFigures('library', {
      title: 'Library safety',
      source: 'tests/main/library/library-safety.test.ts',
      rows: [
        ['earlier schema versions migrated with data in them', versions.length],
        ['automatic backup before each migration', 'yes (checked for every version)'],
        ['backup during concurrent writes: integrity_check', 'ok'],
        ['restore refusals tested (not a database, foreign, newer, missing, itself)', 5],
        ['CLI reads while the app holds a write transaction', 'yes'],
      ],
    });
  }, 60_000);
});
