import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/main/library/db/open';
import { createImportService } from '../../../src/main/library/services/import-service';
import { getImportRun, importRunFiles } from '../../../src/main/library/repos/import-runs';
import type { ImportProgress } from '../../../src/shared/model';
import { AppFailure } from '../../../src/shared/result';
import { writeRealTextFiles } from '../../helpers/real-text';
import { runBriefings } from '../../helpers/cli';
import { REPO_ROOT, tempDir } from '../../helpers/temp';

const stored = (db: Db | Database.Database, runId: number): number =>
  (db.prepare('SELECT count(*) AS n FROM briefings WHERE import_run_id = ?').get(runId) as { n: number }).n;

const waitFor = async (check: () => boolean, ms = 30_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Starts the holder process and resolves once it holds the library's write lock. */
function holdLibrary(file: string, ms: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [
    path.join(REPO_ROOT, 'tests', 'fixtures', 'procs', 'holder.cjs'),
    file,
    String(ms),
  ]);
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('locked')) resolve(child);
    });
    child.on('error', reject);
  });
}

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', () => r())));

describe('import history tells what was committed', () => {
  it('closes a run a SIGKILLed CLI left "running", with the counts it committed', async () => {
    const dir = tempDir();
    const files = writeRealTextFiles(path.join(dir, 'docs'), 1200);
    expect(files.length).toBeGreaterThan(600);
    const file = path.join(dir, 'library.db');
    openDatabase(file).close();
    const cli = spawn(process.execPath, [
      path.join(REPO_ROOT, 'bin', 'briefings.cjs'),
      'import',
      path.join(dir, 'docs'),
      '--db',
      file,
    ]);
    const probe = new Database(file, { readonly: true });
    // Killed once the first batches are committed, before the run can finish.
    await waitFor(() => (probe.prepare('SELECT count(*) AS n FROM briefings').get() as { n: number }).n >= 50);
    cli.kill('SIGKILL');
    await exited(cli);
    const left = probe.prepare('SELECT id, status FROM import_runs').get() as { id: number; status: string };
    probe.close();
    expect(left.status).toBe('running');

    const db = openDatabase(file);
    createImportService({ db });
    const run = getImportRun(db, left.id);
    expect(run?.status).toBe('failed');
    expect(run?.note).toMatch(/interrupted/);
    expect(run?.finishedAt).not.toBeNull();
    expect(run?.imported).toBe(stored(db, left.id));
    expect(run?.imported).toBeGreaterThanOrEqual(50);
    expect(run?.imported).toBeLessThan(files.length);
    db.close();
  }, 120_000);

  it('keeps the warning of a file that imported with undecodable text, and the CLI prints it', async () => {
    const dir = tempDir();
    const eml = path.join(dir, 'klingon.eml');
    fs.writeFileSync(
      eml,
      Buffer.concat([
        Buffer.from(
          'From: Desk <desk@example.org>\r\nSubject: Budget talks\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n' +
            'Content-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
        ),
        Buffer.from('The caf\x81 briefing on the budget talks.\r\n', 'latin1'),
      ]),
    );
    const file = path.join(dir, 'library.db');
    const db = openDatabase(file);
    const report = await createImportService({ db }).importPaths([eml], { source: 'test' });
    expect(report.imported).toBe(1);
    expect(importRunFiles(db, report.runId)[0]?.reason).toMatch(
      /not valid in its character set; 1 character was replaced/,
    );
    db.close();
    const r = runBriefings(['import', eml, '--db', path.join(dir, 'other.db')]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/klingon\.eml: imported, but the mail holds bytes that are not valid/);
  });

  it('leaves a run of a live process alone', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'library.db');
    const db = openDatabase(file);
    db.prepare("INSERT INTO import_runs (started_at, source, paths, pid) VALUES ('2026-01-01', 'cli', '[]', ?)").run(
      process.ppid,
    );
    createImportService({ db });
    expect(getImportRun(db, 1)?.status).toBe('running');
    db.close();
  });

  it('waits for a library another program holds for 6 s and finishes', async () => {
    const dir = tempDir();
    const files = writeRealTextFiles(path.join(dir, 'docs'), 400);
    const file = path.join(dir, 'library.db');
    const db = openDatabase(file);
    const importer = createImportService({ db, busyWaitMs: 20_000 });
    const holder = await holdLibrary(file, 6000);
    const progress: ImportProgress[] = [];
    const report = await importer.importPaths([path.join(dir, 'docs')], {
      source: 'test',
      onProgress: (p) => progress.push(p),
    });
    await exited(holder);
    expect(report.status).toBe('done');
    expect(report.imported + report.duplicates).toBe(files.length);
    expect(stored(db, report.runId)).toBe(report.imported);
    expect(getImportRun(db, report.runId)?.imported).toBe(report.imported);
    db.close();
  }, 120_000);

  it('gives up on a library held too long with a human message, and the history counts what was stored', async () => {
    const dir = tempDir();
    writeRealTextFiles(path.join(dir, 'docs'), 400);
    const file = path.join(dir, 'library.db');
    const db = openDatabase(file);
    const importer = createImportService({ db, busyWaitMs: 1500 });
    const progress: ImportProgress[] = [];
    // The lock is taken once the first batch has been committed, mid-import.
    let holder: Promise<ChildProcess> | null = null;
    const failure = await importer
      .importPaths([path.join(dir, 'docs')], {
        source: 'test',
        onProgress: (p) => {
          progress.push(p);
          if (!holder && p.imported > 0) holder = holdLibrary(file, 8000);
          if (holder && p.phase === 'importing') {
            // Give the holder time to take the lock before the next batch is written.
            const until = Date.now() + 150;
            while (Date.now() < until);
          }
        },
      })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppFailure);
    expect((failure as AppFailure).code).toBe('CONFLICT');
    expect((failure as AppFailure).message).toMatch(
      /the library stayed busy for over 2 s .*another program is writing to it/,
    );
    expect((failure as AppFailure).message).not.toMatch(/database is locked/);
    expect(progress.some((p) => p.waitingForLibrary)).toBe(true);
    // The run is closed as soon as the other program lets go.
    await exited(await (holder as unknown as Promise<ChildProcess>));
    await waitFor(() => getImportRun(db, 1)?.status !== 'running');
    const run = getImportRun(db, 1);
    expect(run?.status).toBe('failed');
    expect(run?.note).toMatch(/busy/);
    expect(run?.imported).toBe(stored(db, 1));
    expect(run?.imported).toBeGreaterThan(0);
    db.close();
  }, 120_000);

  it('on a full disk says so and records only what was stored', async () => {
    const dir = tempDir();
    const files = writeRealTextFiles(path.join(dir, 'docs'), 400);
    const file = path.join(dir, 'library.db');
    const db = openDatabase(file);
    const importer = createImportService({ db });
    // SQLite's page cap stands in for a full disk: it fails writes with SQLITE_FULL exactly as one.
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 400}`);
    const failure = await importer.importPaths([path.join(dir, 'docs')], { source: 'test' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppFailure);
    expect((failure as AppFailure).message).toMatch(
      /^the disk is full: \d+ briefings? (was|were) stored before space ran out/,
    );
    db.pragma('max_page_count = 1073741823');
    const run = getImportRun(db, 1);
    const n = stored(db, 1);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(files.length);
    expect(run?.imported).toBe(n);
    expect((failure as AppFailure).message).toContain(`${n} briefing${n === 1 ? ' was' : 's were'} stored`);
    expect(run?.note).toBe('the disk is full');
    // Nothing is reported failed for a file that was simply never reached.
    expect(run?.failed).toBe(0);
    db.close();
  }, 120_000);
});

describe('failures are remembered', () => {
  it('a re-import of an unchanged folder does not parse its broken files again; Retry and a changed file do', async () => {
    const dir = tempDir();
    const inbox = path.join(dir, 'inbox');
    writeRealTextFiles(inbox, 5);
    fs.writeFileSync(path.join(inbox, 'broken.pdf'), 'not a pdf at all');
    fs.writeFileSync(path.join(inbox, 'broken.docx'), 'not a word file');
    const db = openDatabase(path.join(dir, 'library.db'));
    const importer = createImportService({ db });
    const first = await importer.importPaths([inbox], { source: 'test' });
    expect(first).toMatchObject({ imported: 5, failed: 2 });
    const again = await importer.importPaths([inbox], { source: 'test' });
    expect(again).toMatchObject({ imported: 0, duplicates: 5, failed: 2 });
    const reasons = again.files.filter((f) => f.outcome === 'failed').map((f) => f.reason);
    expect(reasons).toEqual([
      expect.stringMatching(/^not a readable Word document .*\(unchanged since it failed: Retry tries it again\)$/),
      expect.stringMatching(/^not a valid PDF .*\(unchanged since it failed: Retry tries it again\)$/),
    ]);
    // A third run says the same once, not "(unchanged…) (unchanged…)".
    const third = await importer.importPaths([inbox], { source: 'test' });
    expect(
      third.files.filter((f) => f.outcome === 'failed').every((f) => f.reason?.split('unchanged').length === 2),
    ).toBe(true);
    // Retry parses them again (and they still fail, with their own reason).
    const retried = await importer.retryFailed(third.runId, { source: 'test' });
    expect(retried.files.map((f) => f.reason)).toEqual([
      expect.not.stringContaining('unchanged since'),
      expect.not.stringContaining('unchanged since'),
    ]);
    // A fixed file is a changed file: imported.
    fs.rmSync(path.join(inbox, 'broken.pdf'));
    fs.writeFileSync(path.join(inbox, 'broken.pdf.txt'), 'Fixed note\n\nThe PDF was replaced with its text.\n');
    const fourth = await importer.importPaths([inbox], { source: 'test' });
    expect(fourth).toMatchObject({ imported: 1, failed: 1 });
    // A file named on its own is tried again (a limit may have been raised for it).
    const named = await importer.importPaths([path.join(inbox, 'broken.docx')], { source: 'test' });
    expect(named.files[0]?.reason).not.toContain('unchanged since');
    db.close();
  }, 60_000);
});
