import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, migrations } from '../../../src/main/library/db/migrations';
import { openDatabase } from '../../../src/main/library/db/open';
import { createLibraryService } from '../../../src/main/library/services/library-service';
import { tempDir } from '../../helpers/temp';

describe('migrations', () => {
  it('upgrades a version-1 library with data in it, keeping every row', () => {
    const file = path.join(tempDir(), 'v1.db');
    const old = new Database(file);
    old.exec(migrations[0] as string);
    old.pragma('user_version = 1');
    old
      .prepare(
        `INSERT INTO briefings (title, imported_at, format, content_hash, text, html, read_state, starred)
       VALUES ('Old briefing', '2024-05-01T00:00:00Z', 'txt', 'h1', 'Old text body.', '<p>Old text body.</p>', 'read', 1)`,
      )
      .run();
    old.prepare("INSERT INTO import_runs (started_at, source) VALUES ('2024-05-01T00:00:00Z', 'cli')").run();
    old
      .prepare("INSERT INTO import_files (run_id, path, outcome, briefing_id) VALUES (1, '/old/a.txt', 'imported', 1)")
      .run();
    old.close();

    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const b = createLibraryService({ db }).get(1 as never);
    expect(b).toMatchObject({ title: 'Old briefing', readState: 'read', starred: true, text: 'Old text body.' });
    expect(db.prepare('SELECT source_path FROM import_files').get()).toEqual({ source_path: '/old/a.txt' });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
