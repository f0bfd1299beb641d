import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/library/db/open';
import { createImportService } from '../../src/main/library/services/import-service';
import type { ImportFileResult } from '../../src/shared/model';
import { briefing, toTxt, toZip } from '../fixtures/generate';
import { recordFigures } from '../helpers/figures';
import { tempDir } from '../helpers/temp';

/** Every file under `dir`, recursively, as relative paths (symlinks not followed). */
function listAll(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      out.push(path.relative(dir, p));
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Rewrites an entry name inside zip bytes (same length), as yazl refuses unsafe names. */
const rename = (zip: Buffer, from: string, to: string): Buffer =>
  Buffer.from(zip.toString('latin1').split(from).join(to), 'latin1');

describe('hostile archives and folders', () => {
  it('turns each into a clear per-file error, writes nothing outside the library, and imports the rest', async () => {
    const root = tempDir();
    const inbox = path.join(root, 'inbox');
    const libraryDir = path.join(root, 'library');
    fs.mkdirSync(inbox);
    fs.mkdirSync(libraryDir);
    let seed = 70_000;
    const good = (): string => toTxt(briefing(seed++));
    const ok = async (name: string): Promise<Buffer> => toZip([{ name, data: good() }]);
    const cases: { name: string; expect: RegExp }[] = [];
    const add = (name: string, data: string | Buffer, expect: RegExp): void => {
      fs.writeFileSync(path.join(inbox, name), data);
      cases.push({ name, expect });
    };

    // Same-length renames, so the archive stays well-formed and only the name is hostile.
    add('slip.zip', rename(await ok('xxxxxxx.txt'), 'xxxxxxx.txt', '../evil.txt'), /zip-slip/);
    const deep = `${'a'.repeat(17)}.txt`;
    add('slip-deep.zip', rename(await ok(deep), deep, '../../../../tmp/x.txt'), /zip-slip/);
    const abs = `${'a'.repeat(9)}.txt`;
    add('absolute.zip', rename(await ok(abs), abs, '/etc/evil.txt'), /zip-slip/);
    add('backslash.zip', rename(await ok('aaaa.txt'), 'aaaa.txt', '..\\a.txt'), /damaged or unsafe|zip-slip/);
    add(
      'bomb-ratio.zip',
      await toZip([{ name: 'zeros.txt', data: new Uint8Array(30 * 1024 * 1024) }]),
      /expands more than \d+-fold/,
    );
    let nested = await ok('deep.txt');
    for (let i = 0; i < 5; i++) nested = await toZip([{ name: `level${i}.zip`, data: nested }]);
    add('nested.zip', nested, /nested deeper than 3 levels/);
    add(
      'many.zip',
      await toZip(Array.from({ length: 10_050 }, (_, i) => ({ name: `f${i}.txt`, data: `x${i}` }))),
      /more than the limit of 10000/,
    );
    add('truncated.zip', (await ok('t.txt')).subarray(0, 60), /not a readable zip archive/);
    // A zip with a good entry and a slip entry: the archive is refused whole.
    const mixed = await toZip([
      { name: 'good.txt', data: good() },
      { name: 'bbbbbbb.txt', data: good() },
    ]);
    add('mixed-slip.zip', rename(mixed, 'bbbbbbb.txt', '../evil.txt'), /zip-slip/);

    // Folder tricks.
    fs.mkdirSync(path.join(inbox, 'loop'));
    fs.symlinkSync(inbox, path.join(inbox, 'loop', 'back-to-inbox'));
    fs.symlinkSync(path.join(inbox, 'loop'), path.join(inbox, 'loop', 'self'));
    const outside = path.join(root, 'outside');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'secret.txt'), good());
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(inbox, 'escape.txt'));
    fs.mkdirSync(path.join(inbox, 'dir.txt'));
    fs.writeFileSync(
      path.join(
        inbox,
        Buffer.concat([Buffer.from('bad-name-'), Buffer.from([0xff, 0xfe]), Buffer.from('.txt')]).toString('latin1'),
      ),
      good(),
    );
    fs.writeFileSync(path.join(inbox, 'odd \n name ✓ é.txt'), good());
    fs.writeFileSync(path.join(inbox, `${'long'.repeat(60)}.txt`), good());
    const unreadable = path.join(inbox, 'unreadable.txt');
    fs.writeFileSync(unreadable, good());
    fs.chmodSync(unreadable, 0o000);
    const asRoot = process.getuid?.() === 0;
    // Files that vanish or change while the import runs.
    const vanishing = Array.from({ length: 40 }, (_, i) => path.join(inbox, `vanish-${i}.txt`));
    for (const f of vanishing) fs.writeFileSync(f, good());
    const changing = path.join(inbox, 'changing.txt');
    fs.writeFileSync(changing, good());
    for (let i = 0; i < 60; i++) fs.writeFileSync(path.join(inbox, `good-${i}.txt`), good());

    const before = { root: listAll(root).filter((p) => !p.startsWith('library')), tmp: fs.readdirSync('/tmp').length };
    const db = openDatabase(path.join(libraryDir, 'library.db'));
    let touched = false;
    const report = await createImportService({ db, poolSize: 2 }).importPaths([inbox], {
      source: 'test',
      onProgress: (p) => {
        if (p.phase === 'importing' && !touched) {
          touched = true;
          for (const f of vanishing) fs.rmSync(f, { force: true });
          fs.appendFileSync(changing, '\nAppended while importing.');
        }
      },
    });
    fs.chmodSync(unreadable, 0o644);

    const byName = new Map<string, ImportFileResult>();
    for (const f of report.files) byName.set(path.basename(f.path.split('!')[0] as string), f);
    let explained = 0;
    for (const c of cases) {
      const r = byName.get(c.name);
      expect(r, c.name).toBeDefined();
      expect(r?.outcome, `${c.name}: ${r?.reason}`).toBe('failed');
      expect(r?.reason ?? '', c.name).toMatch(c.expect);
      explained++;
    }
    // Nothing from a refused archive was stored, including its good entries.
    expect(report.files.filter((f) => f.path.includes('mixed-slip.zip!') && f.outcome === 'imported')).toEqual([]);
    expect(byName.get('dir.txt')).toBeUndefined();
    expect(byName.get('escape.txt')?.outcome ?? 'not imported').not.toBe('imported');
    if (!asRoot) expect(byName.get('unreadable.txt')).toMatchObject({ outcome: 'failed' });
    const vanished = report.files.filter((f) => path.basename(f.path).startsWith('vanish-'));
    for (const v of vanished) expect(['imported', 'failed']).toContain(v.outcome);
    expect(vanished.filter((v) => v.outcome === 'failed').every((v) => /disappeared/.test(v.reason ?? ''))).toBe(true);
    const disappeared = vanished.filter((v) => /disappeared/.test(v.reason ?? '')).length;
    expect(disappeared).toBeGreaterThan(0);
    for (let i = 0; i < 60; i++) expect(byName.get(`good-${i}.txt`)?.outcome, `good-${i}`).toBe('imported');
    expect(['imported', 'failed']).toContain(byName.get('changing.txt')?.outcome);
    for (const f of report.files) if (f.outcome === 'failed') expect(f.reason ?? '').not.toBe('');

    // Nothing was written anywhere but the library folder.
    const after = listAll(root).filter((p) => !p.startsWith('library'));
    const created = after.filter((p) => !before.root.includes(p));
    expect(created).toEqual([]);
    expect(fs.existsSync('/tmp/x.txt')).toBe(false);
    expect(fs.existsSync(path.join(root, 'a.txt'))).toBe(false);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    // Distinct situations: each archive, six folder tricks, the vanishing files as one (40 copies
    // of the same situation), the changing file, and the unreadable file where it can be tested.
    const folderTricks = 6;
    const tried = cases.length + folderTricks + 1 + 1 + (asRoot ? 0 : 1);
    const goodImported = [...Array(60).keys()].filter(
      (i) => byName.get(`good-${i}.txt`)?.outcome === 'imported',
    ).length;
    recordFigures('archives', {
      title: 'Hostile archives and folders',
      source: 'tests/main/hostile-input.test.ts',
      rows: [
        [
          'cases tried (zip-slip, absolute and backslash names, ratio bomb, 5-deep nesting, 10,050 entries, truncated, symlink loops and escape, a folder named .txt, odd and invalid names, vanishing and changing files' +
            (asRoot ? '' : ', unreadable file') +
            ')',
          tried,
        ],
        ['hostile archives refused with the expected reason', `${explained} of ${cases.length}`],
        ['of 40 files deleted mid-import, reported as "disappeared" (the rest were read first)', disappeared],
        ['good files imported alongside', goodImported],
        ['files written outside the library (escapes)', created.length],
      ],
    });
  }, 120_000);
});
