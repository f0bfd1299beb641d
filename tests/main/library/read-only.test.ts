import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, readOnlyReason } from '../../../src/main/library/db/open';
import { createImportService } from '../../../src/main/library/services/import-service';
import { writeRealTextFiles } from '../../helpers/real-text';
import { readOnlyView } from '../../helpers/read-only';
import { runBriefings } from '../../helpers/cli';
import { REPO_ROOT } from '../../helpers/temp';

const cli = runBriefings;

// Not tempDir(): that one is cleared after each test, and a mount must be released first.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-readonly-test-'));
const lib = path.join(dir, 'lib');
fs.mkdirSync(lib);
const docs = writeRealTextFiles(path.join(dir, 'docs'), 30);
{
  const db = openDatabase(path.join(lib, 'library.db'));
  await createImportService({ db }).importPaths([path.join(dir, 'docs')], { source: 'test' });
  db.close();
}
const view = readOnlyView(lib);
afterAll(() => {
  view?.release();
  fs.rmSync(dir, { recursive: true, force: true });
  if (view) fs.rmSync(`${lib}-ro`, { recursive: true, force: true });
});

describe.runIf(view)('a library on a read-only disk', () => {
  const file = path.join(view?.path ?? lib, 'library.db');

  it('opens for reading, and says so', () => {
    const db = openDatabase(file);
    expect(readOnlyReason(db)).toMatch(/is on a read-only disk or folder; it was opened for reading only/);
    expect((db.prepare('SELECT count(*) AS n FROM briefings').get() as { n: number }).n).toBe(docs.length);
    db.close();
  });

  it('lists and searches through the CLI with a note, and refuses to change it with a clear message', () => {
    const list = cli(['list', '--db', file, '--limit', '100']);
    expect(list.code).toBe(0);
    expect(list.out.trim().split('\n')).toHaveLength(docs.length);
    expect(list.err).toMatch(/note: .*read-only disk or folder; it was opened for reading only/);
    const word = fs.readFileSync(docs[0] as string, 'utf8').match(/[A-Za-z]{6,}/)?.[0] as string;
    const search = cli(['search', word, '--db', file]);
    expect(search.code).toBe(0);
    expect(search.out).toMatch(/\d+ match/);
    expect(search.err).not.toMatch(/not saved|EROFS|EACCES/);
    const imp = cli(['import', path.join(REPO_ROOT, 'README.md'), '--db', file]);
    expect(imp.code).toBe(1);
    expect(imp.err).toMatch(/read-only disk or folder; it was opened for reading only, so "import" cannot change it/);
    expect(imp.err).not.toMatch(/not a usable|SqliteError|at .*\.ts/);
    // Nothing was left behind in the read-only folder (no copies, no temp files).
    expect(fs.readdirSync(view?.path as string).sort()).toEqual(
      ['library.db', 'library.db.lock', 'library.db.search-index'].filter((f) => fs.existsSync(path.join(lib, f))),
    );
  });
});
