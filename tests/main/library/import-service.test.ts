import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createImportService } from '../../../src/main/library/services/import-service';
import { createLibraryService } from '../../../src/main/library/services/library-service';
import type { ImportProgress } from '../../../src/shared/model';
import { AppFailure } from '../../../src/shared/result';
import { SAMPLE, tempDb, tempDir } from '../../helpers/temp';

function setup() {
  const { db } = tempDb();
  return { db, importer: createImportService({ db, poolSize: 2 }), library: createLibraryService({ db }) };
}

const count = (db: ReturnType<typeof tempDb>['db'], sql: string): number => (db.prepare(sql).get() as { n: number }).n;

describe('import service', () => {
  it('imports the sample with its structure, reports progress and records the run', async () => {
    const { db, importer, library } = setup();
    const progress: ImportProgress[] = [];
    const report = await importer.importPaths([path.dirname(SAMPLE)], {
      source: 'test',
      onProgress: (p) => progress.push(p),
    });
    expect(report).toMatchObject({ status: 'done', imported: 1, duplicates: 0, skipped: 0, failed: 0 });
    const b = library.get(report.files[0]?.id as never);
    expect(b.title).toBe('US Rejects Global AI Governance at UN General Assembly');
    expect(b.headings).toHaveLength(6);
    expect(b.related).toHaveLength(9);
    expect(b.format).toBe('txt');
    expect(b.originalPath).toBe(SAMPLE);
    expect(b.wordCount).toBeGreaterThan(500);
    expect(b.html).toContain('<h2>Looking Ahead</h2>');
    expect(progress[0]).toMatchObject({ phase: 'scanning', found: { txt: 1 } });
    expect(progress.find((p) => p.phase === 'importing')).toMatchObject({ total: 1, found: { txt: 1 } });
    expect(progress.at(-1)).toMatchObject({ phase: 'done', done: 1, total: 1, imported: 1 });
    const run = db.prepare('SELECT status, imported, total FROM import_runs WHERE id = ?').get(report.runId);
    expect(run).toEqual({ status: 'done', imported: 1, total: 1 });
  });

  it('re-importing reports a duplicate of the existing title; an unchanged file is not even parsed again', async () => {
    const { db, importer, library } = setup();
    await importer.importPaths([SAMPLE], { source: 'test' });
    const filesBefore = count(db, 'SELECT count(*) n FROM import_files');
    const again = await importer.importPaths([SAMPLE], { source: 'test' });
    expect(again).toMatchObject({ imported: 0, duplicates: 1 });
    expect(again.files[0]?.reason).toBe(
      'duplicate of "US Rejects Global AI Governance at UN General Assembly" (unchanged since it was imported)',
    );
    expect(count(db, 'SELECT count(*) n FROM import_files')).toBe(filesBefore);
    expect(library.stats().total).toBe(1);
  });

  it('treats the same article with other line endings, spacing and file name as a duplicate', async () => {
    const { importer } = setup();
    const dir = tempDir();
    const text = fs.readFileSync(SAMPLE, 'utf8');
    fs.writeFileSync(path.join(dir, 'a.txt'), text);
    fs.writeFileSync(path.join(dir, 'b-copy.txt'), text.replace(/\n/g, '\r\n').replace(/ the /g, '  the '));
    const r = await importer.importPaths([dir], { source: 'test' });
    expect(r).toMatchObject({ imported: 1, duplicates: 1 });
    expect(r.files[1]?.reason).toBe('duplicate of "US Rejects Global AI Governance at UN General Assembly"');
  });

  it('walks folders recursively, skips unsupported and hidden files, reports failures', async () => {
    const { importer, library } = setup();
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'nested', 'deeper'), { recursive: true });
    fs.copyFileSync(SAMPLE, path.join(dir, 'nested', 'deeper', 'sample.txt'));
    fs.writeFileSync(path.join(dir, 'nested', 'other.txt'), 'Another Briefing\n\nIts body text is here.');
    fs.writeFileSync(path.join(dir, 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff]));
    fs.writeFileSync(path.join(dir, 'empty.txt'), '');
    fs.writeFileSync(path.join(dir, '.DS_Store'), 'x');
    const r = await importer.importPaths([dir], { source: 'test' });
    expect(r).toMatchObject({ imported: 2, skipped: 1, failed: 1, duplicates: 0 });
    expect(r.files.find((f) => f.path.endsWith('photo.jpg'))?.reason).toBe('not a supported format (.jpg)');
    expect(r.files.find((f) => f.path.endsWith('empty.txt'))?.reason).toBe('the file is empty');
    expect(library.stats().total).toBe(2);
  });

  it('refuses files over the size limit with a reason', async () => {
    const { importer } = setup();
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'big.txt'), `Big\n\n${'x'.repeat(2048)}`);
    const r = await importer.importPaths([dir], { source: 'test', limits: { maxFileBytes: 1024 } });
    expect(r.failed).toBe(1);
    expect(r.files[0]?.reason).toBe('file is larger than the 1 KB limit');
  });

  it('a missing path fails the whole job before anything is written', async () => {
    const { db, importer } = setup();
    const p = importer.importPaths([SAMPLE, '/definitely/not/here.txt'], { source: 'test' });
    await expect(p).rejects.toBeInstanceOf(AppFailure);
    await expect(p).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'no such file or folder: /definitely/not/here.txt',
    });
    expect(count(db, 'SELECT count(*) n FROM briefings')).toBe(0);
    expect(count(db, 'SELECT count(*) n FROM import_runs')).toBe(0);
  });

  it('follows symlinks inside the chosen folder only, and survives link loops', async () => {
    const { importer } = setup();
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'Secret Plans\n\nDo not import me from outside.');
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'inner'));
    fs.copyFileSync(SAMPLE, path.join(dir, 'inner', 'a.txt'));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'escape.txt'));
    fs.symlinkSync(outside, path.join(dir, 'escape-dir'));
    fs.symlinkSync(dir, path.join(dir, 'inner', 'loop'));
    fs.symlinkSync(path.join(dir, 'inner', 'a.txt'), path.join(dir, 'alias.txt'));
    fs.symlinkSync(path.join(dir, 'missing.txt'), path.join(dir, 'dangling.txt'));
    const r = await importer.importPaths([dir], { source: 'test' });
    const reason = (name: string) => r.files.find((f) => f.path.endsWith(name))?.reason;
    expect(reason('escape.txt')).toBe('a symbolic link that points outside the chosen folder (not followed)');
    expect(reason('escape-dir')).toBe('a symbolic link that points outside the chosen folder (not followed)');
    expect(reason('dangling.txt')).toBe('a broken or looping symbolic link');
    expect(r.files.some((f) => f.path.includes('secret'))).toBe(false);
    expect(r.imported).toBe(1);
    expect(r.duplicates).toBe(1);
  });

  it('cancel stops within a second, keeps what was committed and records the run as cancelled', async () => {
    const { db, importer } = setup();
    const dir = tempDir();
    for (let i = 0; i < 3000; i++)
      fs.writeFileSync(path.join(dir, `b${i}.txt`), `Briefing ${i}\n\nBody of briefing number ${i} about trade.`);
    let runId = 0;
    let cancelledAt = 0;
    const report = await importer.importPaths([dir], {
      source: 'test',
      onProgress: (p) => {
        runId = p.runId;
        if (p.done >= 200 && cancelledAt === 0) {
          cancelledAt = Date.now();
          importer.cancel(runId);
        }
      },
    });
    const stoppedAfter = Date.now() - cancelledAt;
    expect(report.status).toBe('cancelled');
    expect(stoppedAfter).toBeLessThan(1000);
    expect(report.imported).toBeGreaterThanOrEqual(200);
    expect(report.imported).toBeLessThan(3000);
    expect(count(db, 'SELECT count(*) n FROM briefings')).toBe(report.imported);
    expect(db.prepare('SELECT status FROM import_runs WHERE id = ?').get(runId)).toEqual({ status: 'cancelled' });
  });

  it('retry failed re-reads only the files that failed', async () => {
    const { importer } = setup();
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'good.txt'), 'Good One\n\nA fine body.');
    fs.writeFileSync(path.join(dir, 'later.txt'), '');
    const first = await importer.importPaths([dir], { source: 'test' });
    expect(first).toMatchObject({ imported: 1, failed: 1 });
    fs.writeFileSync(path.join(dir, 'later.txt'), 'Fixed Now\n\nThe body arrived.');
    const retry = await importer.retryFailed(first.runId, { source: 'retry' });
    expect(retry).toMatchObject({ imported: 1, failed: 0 });
    expect(retry.files.map((f) => path.basename(f.path))).toEqual(['later.txt']);
    await expect(importer.retryFailed(retry.runId, { source: 'retry' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('runs imports one at a time, in order', async () => {
    const { importer } = setup();
    const [a, b] = await Promise.all([
      importer.importPaths([SAMPLE], { source: 'a' }),
      importer.importPaths([SAMPLE], { source: 'b' }),
    ]);
    expect(a.imported).toBe(1);
    expect(b.duplicates).toBe(1);
  });

  it('pauses for the WAL checkpoint run elsewhere, and goes on when that checkpoint fails or hangs', async () => {
    const dir = tempDir();
    for (let i = 0; i < 40; i++)
      fs.writeFileSync(path.join(dir, `n${i}.txt`), `Note ${i}\n\n${'Checkpoint pacing text. '.repeat(400)} ${i}`);
    const few = tempDir();
    for (let i = 0; i < 4; i++) fs.copyFileSync(path.join(dir, `n${i}.txt`), path.join(few, `n${i}.txt`));
    const run = async (checkpoint: ((file: string) => Promise<unknown>) | null, folder = dir) => {
      const { db, file } = tempDb();
      db.pragma('wal_autocheckpoint = 0');
      const other = new Database(file);
      const calls: number[] = [];
      const importer = createImportService({
        db,
        poolSize: 1,
        walPauseBytes: 1,
        checkpoint: checkpoint ? () => (calls.push(Date.now()), checkpoint(file)) : undefined,
      });
      const report = await importer.importPaths([folder], { source: 'test' });
      const wal = fs.statSync(`${file}-wal`).size;
      other.close();
      return { report, calls, wal };
    };
    const none = await run(null);
    // A real checkpoint on another connection (as the search worker does): the WAL restarts.
    const real = await run(async (file) => {
      const c = new Database(file);
      c.pragma('wal_checkpoint(PASSIVE)');
      c.close();
    });
    expect(real.report.imported).toBe(40);
    expect(real.calls.length).toBeGreaterThan(0);
    expect(real.wal).toBeLessThan(none.wal);
    const failing = await run(() => Promise.reject(new Error('worker gone')));
    expect(failing.report).toMatchObject({ status: 'done', imported: 40, failed: 0 });
    const started = Date.now();
    const hanging = await run(() => new Promise(() => undefined), few);
    expect(hanging.report).toMatchObject({ status: 'done', imported: 4 });
    // Each pause is capped at a second.
    expect(Date.now() - started).toBeLessThan(1200 * (hanging.calls.length + 2));
  }, 60_000);
});
