import Database from 'better-sqlite3';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, migrations } from '../../../src/main/library/db/migrations';
import { holdLibrary, lockLibraryExclusively } from '../../../src/main/library/db/library-lock';
import { openDatabase } from '../../../src/main/library/db/open';
import { getBriefing, insertBriefing } from '../../../src/main/library/repos/briefings';
import { backupLibrary, inspectBackup, restoreLibrary } from '../../../src/main/library/services/backup-service';
import { make } from '../../helpers/briefings';
import { recordFigures } from '../../helpers/figures';
import { runBriefings } from '../../helpers/cli';
import { REPO_ROOT, tempDb, tempDir } from '../../helpers/temp';

// Counted as the assertions pass, so a figure is only as large as what was actually checked.
const restoreRefusals = { inUse: 0, afterKill: 0, bad: 0 };
const concurrentOpens = { total: 0, failed: 0 };
const migrations_ = { migrated: 0, backups: 0 };
const backupUnderLoad = { integrity: 'not run', writes: 0 };
const cliReads = { whileWriting: 0 };

afterAll(() => {
  recordFigures('library', {
    title: 'Library safety',
    source: 'tests/main/library/library-safety.test.ts',
    rows: [
      ['earlier schema versions migrated with data in them', `${migrations_.migrated} of ${SCHEMA_VERSION - 1}`],
      ['of them with an automatic backup before the migration, holding the old version', migrations_.backups],
      [
        `backup taken while another connection committed ${backupUnderLoad.writes} briefings: integrity_check`,
        backupUnderLoad.integrity,
      ],
      [
        'restores of a bad file refused, library unchanged (not a database, foreign, newer, missing, itself)',
        restoreRefusals.bad,
      ],
      [
        'restores refused while the library was in use (a Briefings process and a plain SQLite program writing every 50 ms, a connection in the same process), every committed row kept',
        restoreRefusals.inUse,
      ],
      ['restores that worked once the writer was killed', restoreRefusals.afterKill],
      ['CLI reads while the app held a write transaction, seeing only committed rows', cliReads.whileWriting],
      [
        'processes opening one new library at the same moment, failures',
        `${concurrentOpens.total}, ${concurrentOpens.failed}`,
      ],
    ],
  });
});

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

const cli = runBriefings;

const cliAsync = (args: string[]): Promise<{ code: number | null; out: string; err: string }> =>
  new Promise((resolve) => {
    execFile(process.execPath, [path.join(REPO_ROOT, 'bin', 'briefings.cjs'), ...args], (error, out, err) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, out, err }),
    );
  });

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
    migrations_.migrated++;
    migrations_.backups++;
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
    const copy = new Database(backup.path, { readonly: true });
    backupUnderLoad.integrity = String(copy.pragma('integrity_check', { simple: true }));
    copy.close();
    expect(backupUnderLoad.integrity).toBe('ok');
    backupUnderLoad.writes = n - 200;
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
    const refused = async (from: string, reason: RegExp): Promise<void> => {
      await expect(restoreLibrary(file, from)).rejects.toThrow(reason);
      expect(fs.readFileSync(file).equals(before)).toBe(true);
      restoreRefusals.bad++;
    };
    await refused(notDb, /not a Briefings backup/);
    await refused(foreign, /not a Briefings backup/);
    await refused(newer, /newer version/);
    await refused(path.join(dir, 'missing.db'), /no such file/);
    await refused(file, /the library itself/);
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
    cliReads.whileWriting++;
    const backup = cli(['backup', path.join(dir, 'b.db'), '--db', file]);
    expect(backup.code).toBe(0);
    app.exec('COMMIT');
    app.close();
    const restore = cli(['restore', path.join(dir, 'b.db'), '--db', file]);
    expect(restore).toMatchObject({ code: 0 });
    expect(restore.out).toMatch(/^Restored 1 briefings from .*; the previous library is kept as /);
    expect(cli(['restore', path.join(dir, 'nope.db'), '--db', file])).toMatchObject({ code: 1 });
  }, 60_000);
});

/** Starts writer.cjs on `file` and resolves once it has committed `commits` rows. */
async function startWriter(
  file: string,
  raw: boolean,
  commits = 3,
): Promise<{ child: ChildProcess; written: () => number }> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'tests', 'fixtures', 'procs', 'writer.cjs'), file], {
    env: { ...process.env, RAW: raw ? '1' : '0' },
    stdio: 'ignore',
  });
  // What the writer committed, read from the library itself.
  const written = (): number => {
    const db = new Database(file, { readonly: true });
    try {
      return (db.prepare("SELECT count(*) AS n FROM briefings WHERE title LIKE 'writer %'").get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  const deadline = Date.now() + 30_000;
  while (written() < commits) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('the writer did not start');
    await new Promise((r) => setTimeout(r, 25));
  }
  return { child, written };
}

const count = (file: string): number => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM briefings').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('restore while the library is in use', () => {
  it.each([
    ['a Briefings process (app or CLI) that holds the library lock', false],
    ['a program outside Briefings with a plain SQLite connection', true],
  ])(
    'refuses while %s writes to it every 50 ms, and loses nothing',
    async (_label, raw) => {
      const dir = tempDir();
      const file = path.join(dir, 'library.db');
      const db = openDatabase(file);
      insertBriefing(db, make({ title: 'In the backup' }));
      const backup = await backupLibrary(db, path.join(dir, 'backup.db'));
      db.close();
      const { child, written } = await startWriter(file, raw);
      try {
        await expect(restoreLibrary(file, backup.path)).rejects.toThrow(/open in another program/);
        // The CLI says the same, as a sentence, with exit code 1.
        const r = await cliAsync(['restore', backup.path, '--db', file]);
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/open in another program/);
        // It kept writing all along.
        expect(written()).toBeGreaterThan(3);
      } finally {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
      const committed = written();
      // Every row the writer committed is still in the library, and no copy was left behind.
      expect(count(file)).toBe(1 + committed);
      expect(fs.readdirSync(dir).filter((f) => f.includes('before-restore') || f.endsWith('.restoring'))).toEqual([]);
      restoreRefusals.inUse++;
      // The writer died by SIGKILL: the operating system released its lock, so restore now works.
      const done = await restoreLibrary(file, backup.path);
      expect(done.briefings).toBe(1);
      expect(count(done.keptPrevious as string)).toBe(1 + committed);
      restoreRefusals.afterKill++;
    },
    60_000,
  );

  it('refuses while a connection in the same process is open, and works once it is closed', async () => {
    const { db, file, dir } = tempDb();
    insertBriefing(db, make({ title: 'Kept' }));
    const backup = await backupLibrary(db, path.join(dir, 'backup.db'));
    await expect(restoreLibrary(file, backup.path)).rejects.toThrow(/open in another program/);
    db.close();
    await expect(restoreLibrary(file, backup.path)).resolves.toMatchObject({ briefings: 1 });
    restoreRefusals.inUse++;
  });

  it('makes openers wait while a restore holds the library, and tells them why if it takes too long', () => {
    const { db, file } = tempDb();
    db.close();
    const lock = lockLibraryExclusively(file);
    try {
      expect(() => holdLibrary(file, 0)).toThrow(/being restored/);
    } finally {
      lock.release();
    }
    const held = holdLibrary(file, 0);
    expect(held).not.toBeNull();
    expect(() => lockLibraryExclusively(file)).toThrow(/open in another program/);
    held?.release();
  });
});

describe('opening a new library from several processes at once', () => {
  it('creates it once: every process opens it, none sees half a schema', async () => {
    const root = tempDir();
    const ROUNDS = 8;
    const PROCESSES = 3;
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const file = path.join(root, `library-${round}.db`);
      const at = String(Date.now() + 1500);
      const runs = Array.from(
        { length: PROCESSES },
        () =>
          new Promise<string | null>((resolve) => {
            execFile(
              process.execPath,
              [path.join(REPO_ROOT, 'tests', 'fixtures', 'procs', 'open.cjs'), file, at],
              (error, _o, err) => resolve(error ? err.trim() || String(error) : null),
            );
          }),
      );
      for (const r of await Promise.all(runs)) if (r) failures.push(`round ${round}: ${r}`);
      const db = new Database(file, { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      db.close();
    }
    expect(failures).toEqual([]);
    concurrentOpens.total = ROUNDS * PROCESSES;
    concurrentOpens.failed = failures.length;
  }, 120_000);
});
