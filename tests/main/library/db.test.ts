import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../src/main/library/db/migrations';
import { openDatabase } from '../../../src/main/library/db/open';
import { AppFailure } from '../../../src/shared/result';
import { tempDb, tempDir } from '../../helpers/temp';

describe('openDatabase', () => {
  it('creates a migrated library in WAL mode with foreign keys on', () => {
    const { db } = tempDb();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
    ).map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'briefings',
        'related_items',
        'tags',
        'briefing_tags',
        'import_runs',
        'import_files',
        'briefing_changes',
      ]),
    );
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('is idempotent: reopening an up-to-date library changes nothing', () => {
    const { file, db } = tempDb();
    db.close();
    const again = openDatabase(file);
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    again.close();
  });

  it('refuses an SQLite file that is not a Briefings library, and leaves it untouched', () => {
    const file = path.join(tempDir(), 'other.db');
    const other = new Database(file);
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
    other.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrowError(/not a Briefings library/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file that is not a database at all', () => {
    const file = path.join(tempDir(), 'notes.db');
    fs.writeFileSync(file, 'these are my notes, not a database\n'.repeat(100));
    expect(() => openDatabase(file)).toThrowError(AppFailure);
  });

  it('refuses a library written by a newer version instead of downgrading it', () => {
    const { file, db } = tempDb();
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    try {
      openDatabase(file);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppFailure);
      expect((e as AppFailure).code).toBe('CONFLICT');
    }
  });

  it('reports a folder path as an unusable library with a clear message', () => {
    expect(() => openDatabase(tempDir())).toThrowError(/cannot open the library/);
  });
});
