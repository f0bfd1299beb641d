import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openDatabase, type Db } from '../../src/main/library/db/open';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

/** A fresh folder under the OS temp dir, removed after the test. */
export function tempDir(prefix = 'briefings-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real library database file in a temp folder, closed after the test. */
export function tempDb(): { db: Db; file: string; dir: string } {
  const dir = tempDir();
  const file = path.join(dir, 'library.db');
  const db = openDatabase(file);
  cleanups.push(() => {
    if (db.open) db.close();
  });
  return { db, file, dir };
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SAMPLE = path.join(REPO_ROOT, 'resources', 'samples', 'us-rejects-global-ai-governance.txt');

/**
 * The shared test corpus (130 real web pages and the reference briefing). It lives beside the
 * repository (../shared/corpus), as on CI; BRIEFINGS_CORPUS points elsewhere.
 */
export function corpusDir(): string {
  const dir = process.env.BRIEFINGS_CORPUS ?? path.resolve(REPO_ROOT, '..', 'shared', 'corpus');
  if (!fs.existsSync(path.join(dir, 'web-pages'))) {
    throw new Error(`the test corpus is missing at ${dir}: put shared/ beside the repository or set BRIEFINGS_CORPUS`);
  }
  return dir;
}
