import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createImportService } from '../../../src/main/library/services/import-service';
import { createLibraryService } from '../../../src/main/library/services/library-service';
import type { ImportProgress } from '../../../src/shared/model';
import { AppFailure } from '../../../src/shared/result';
import { SAMPLE, tempDb, tempDir } from '../../helpers/temp';

function setup() {
  const { db } = tempDb();
  return { db, importer: createImportService({ db }), library: createLibraryService({ db }) };
}

describe('import service', () => {
  it('imports the sample with its structure and records the run', () => {
    const { db, importer, library } = setup();
    const progress: ImportProgress[] = [];
    const report = importer.importPaths([path.dirname(SAMPLE)], {
      source: 'test',
      onProgress: (p) => progress.push(p),
    });
    expect(report).toMatchObject({ imported: 1, duplicates: 0, skipped: 0, failed: 0 });
    const id = report.files[0]?.id;
    expect(id).toBeDefined();
    const b = library.get(id as never);
    expect(b.title).toBe('US Rejects Global AI Governance at UN General Assembly');
    expect(b.headings).toHaveLength(6);
    expect(b.related).toHaveLength(9);
    expect(b.format).toBe('txt');
    expect(b.originalPath).toBe(SAMPLE);
    expect(b.wordCount).toBeGreaterThan(500);
    expect(b.html).toContain('<h2>Looking Ahead</h2>');
    expect(progress.at(-1)).toMatchObject({ done: 1, total: 1, imported: 1 });
    const run = db.prepare('SELECT status, imported FROM import_runs WHERE id = ?').get(report.runId);
    expect(run).toEqual({ status: 'done', imported: 1 });
  });

  it('reports a re-import as a duplicate of the existing title and stores nothing new', () => {
    const { importer, library } = setup();
    importer.importPaths([SAMPLE], { source: 'test' });
    const again = importer.importPaths([SAMPLE], { source: 'test' });
    expect(again).toMatchObject({ imported: 0, duplicates: 1 });
    expect(again.files[0]?.reason).toBe('duplicate of "US Rejects Global AI Governance at UN General Assembly"');
    expect(library.stats().total).toBe(1);
  });

  it('treats the same article with other line endings, spacing and file name as a duplicate', () => {
    const { importer } = setup();
    const dir = tempDir();
    const text = fs.readFileSync(SAMPLE, 'utf8');
    fs.writeFileSync(path.join(dir, 'a.txt'), text);
    fs.writeFileSync(path.join(dir, 'b-copy.txt'), text.replace(/\n/g, '\r\n').replace(/ the /g, '  the '));
    const r = importer.importPaths([dir], { source: 'test' });
    expect(r).toMatchObject({ imported: 1, duplicates: 1 });
  });

  it('walks folders recursively, skips unsupported files and hidden files, reports failures', () => {
    const { importer, library } = setup();
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'nested', 'deeper'), { recursive: true });
    fs.copyFileSync(SAMPLE, path.join(dir, 'nested', 'deeper', 'sample.txt'));
    fs.writeFileSync(path.join(dir, 'nested', 'other.txt'), 'Another Briefing\n\nIts body text is here.');
    fs.writeFileSync(path.join(dir, 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff]));
    fs.writeFileSync(path.join(dir, 'empty.txt'), '');
    fs.writeFileSync(path.join(dir, '.DS_Store'), 'x');
    const r = importer.importPaths([dir], { source: 'test' });
    expect(r).toMatchObject({ imported: 2, skipped: 1, failed: 1, duplicates: 0 });
    expect(r.files.find((f) => f.path.endsWith('photo.jpg'))?.reason).toBe('not a supported format (.jpg)');
    expect(r.files.find((f) => f.path.endsWith('empty.txt'))?.reason).toBe('the file is empty');
    expect(library.stats().total).toBe(2);
  });

  it('refuses files over the size limit with a reason', () => {
    const { importer } = setup();
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'big.txt'), `Big\n\n${'x'.repeat(2048)}`);
    const r = importer.importPaths([dir], { source: 'test', maxFileBytes: 1024 });
    expect(r.failed).toBe(1);
    expect(r.files[0]?.reason).toMatch(/larger than the .* MB limit/);
  });

  it('a missing path fails the whole job before anything is written', () => {
    const { db, importer } = setup();
    try {
      importer.importPaths([SAMPLE, '/definitely/not/here.txt'], { source: 'test' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppFailure);
      expect((e as AppFailure).code).toBe('NOT_FOUND');
      expect((e as AppFailure).message).toBe('no such file or folder: /definitely/not/here.txt');
    }
    expect((db.prepare('SELECT count(*) n FROM briefings').get() as { n: number }).n).toBe(0);
    expect((db.prepare('SELECT count(*) n FROM import_runs').get() as { n: number }).n).toBe(0);
  });

  it('an unreadable file is a per-file failure with a human reason', () => {
    if (process.getuid?.() === 0) {
      // Root reads every file regardless of mode; simulate by a path that vanishes instead.
      const { importer } = setup();
      const dir = tempDir();
      const f = path.join(dir, 'gone.txt');
      fs.symlinkSync(path.join(dir, 'missing-target.txt'), f);
      const r = importer.importPaths([dir], { source: 'test' });
      // Symlinks are not followed, so the dangling link is simply not a file to import.
      expect(r.files).toHaveLength(0);
      return;
    }
    const { importer } = setup();
    const dir = tempDir();
    const f = path.join(dir, 'secret.txt');
    fs.writeFileSync(f, 'Secret\n\nBody.');
    fs.chmodSync(f, 0o000);
    const r = importer.importPaths([dir], { source: 'test' });
    expect(r.files[0]?.reason).toBe('permission denied: the file cannot be read');
  });
});
