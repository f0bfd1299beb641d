/**
 * Schema migrations keyed on PRAGMA user_version. Append only: a released migration is never
 * edited, because libraries in the field have already run it.
 */
export const migrations: readonly string[] = [
  // 1: the foundation schema.
  `
  CREATE TABLE briefings (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    headline TEXT,
    source TEXT,
    byline TEXT,
    dateline TEXT,
    published_at TEXT,
    imported_at TEXT NOT NULL,
    format TEXT NOT NULL,
    original_path TEXT,
    content_hash TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL,
    html TEXT NOT NULL,
    headings TEXT NOT NULL DEFAULT '[]',
    excerpt TEXT NOT NULL DEFAULT '',
    word_count INTEGER NOT NULL DEFAULT 0,
    read_state TEXT NOT NULL DEFAULT 'unread' CHECK (read_state IN ('unread','in_progress','read')),
    scroll_progress REAL NOT NULL DEFAULT 0 CHECK (scroll_progress BETWEEN 0 AND 1),
    starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0,1)),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0,1)),
    import_run_id INTEGER REFERENCES import_runs(id) ON DELETE SET NULL
  );
  CREATE INDEX briefings_published ON briefings (coalesce(published_at, imported_at) DESC, id DESC);
  CREATE INDEX briefings_imported ON briefings (imported_at DESC, id DESC);
  CREATE INDEX briefings_title ON briefings (title COLLATE NOCASE, id);
  CREATE INDEX briefings_source ON briefings (source COLLATE NOCASE);
  CREATE INDEX briefings_read_state ON briefings (read_state);

  CREATE TABLE related_items (
    id INTEGER PRIMARY KEY,
    briefing_id INTEGER NOT NULL REFERENCES briefings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    teaser TEXT NOT NULL DEFAULT '',
    UNIQUE (briefing_id, position)
  );

  CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    color TEXT,
    created_at TEXT NOT NULL
  );

  CREATE TABLE briefing_tags (
    briefing_id INTEGER NOT NULL REFERENCES briefings(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (briefing_id, tag_id)
  ) WITHOUT ROWID;
  CREATE INDEX briefing_tags_tag ON briefing_tags (tag_id, briefing_id);

  CREATE TABLE import_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    source TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running','done','cancelled','failed')),
    imported INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE import_files (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('imported','duplicate','skipped','failed')),
    reason TEXT,
    briefing_id INTEGER REFERENCES briefings(id) ON DELETE SET NULL
  );
  CREATE INDEX import_files_run ON import_files (run_id);

  -- The search index is derived from this log: triggers record every change to what is
  -- searchable, and the index keeps a persisted cursor, so a crash can never leave it silently
  -- disagreeing with the database.
  CREATE TABLE briefing_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    briefing_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('upsert','delete'))
  );
  CREATE TRIGGER briefings_ai AFTER INSERT ON briefings BEGIN
    INSERT INTO briefing_changes (briefing_id, kind) VALUES (new.id, 'upsert');
  END;
  CREATE TRIGGER briefings_au AFTER UPDATE OF title, headline, source, byline, dateline, text,
    published_at, read_state, starred, archived ON briefings BEGIN
    INSERT INTO briefing_changes (briefing_id, kind) VALUES (new.id, 'upsert');
  END;
  CREATE TRIGGER briefings_ad AFTER DELETE ON briefings BEGIN
    INSERT INTO briefing_changes (briefing_id, kind) VALUES (old.id, 'delete');
  END;
  CREATE TRIGGER briefing_tags_ai AFTER INSERT ON briefing_tags BEGIN
    INSERT INTO briefing_changes (briefing_id, kind) VALUES (new.briefing_id, 'upsert');
  END;
  CREATE TRIGGER briefing_tags_ad AFTER DELETE ON briefing_tags
    WHEN EXISTS (SELECT 1 FROM briefings WHERE id = old.briefing_id) BEGIN
    INSERT INTO briefing_changes (briefing_id, kind) VALUES (old.briefing_id, 'upsert');
  END;

  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  `,
  // 2: bulk import. File fingerprints make re-importing an unchanged folder a fast no-op; the
  // top-level source path lets "retry failed" re-read the right file; settings hold limits and
  // watched folders.
  `
  ALTER TABLE briefings ADD COLUMN url TEXT;
  ALTER TABLE briefings ADD COLUMN language TEXT;
  ALTER TABLE import_files ADD COLUMN source_path TEXT;
  ALTER TABLE import_files ADD COLUMN size INTEGER;
  ALTER TABLE import_files ADD COLUMN mtime_ms INTEGER;
  UPDATE import_files SET source_path = path;
  CREATE INDEX import_files_fingerprint ON import_files (source_path, size, mtime_ms);
  ALTER TABLE import_runs ADD COLUMN total INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE import_runs ADD COLUMN paths TEXT NOT NULL DEFAULT '[]';
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  `,
  // 3: organisation. Tagging rules ("when the source contains X, add tag Y"), applied on import
  // and on request; and a renamed tag changes what `tag:` finds, so every briefing carrying it is
  // logged for the search index (links are untouched by a rename, so their triggers stay quiet).
  `
  CREATE TABLE tag_rules (
    id INTEGER PRIMARY KEY,
    field TEXT NOT NULL CHECK (field IN ('any','source','title','text','dateline')),
    pattern TEXT NOT NULL,
    tag TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TRIGGER tags_au AFTER UPDATE OF name ON tags BEGIN
    INSERT INTO briefing_changes (briefing_id, kind)
      SELECT briefing_id, 'upsert' FROM briefing_tags WHERE tag_id = new.id;
  END;
  CREATE INDEX briefings_archived ON briefings (archived, read_state);
  `,
  // 4: highlights and notes. Anchored by the quote with some context either side (and the
  // offset as a hint), so a highlight finds its place again even if the offsets drift.
  `
  CREATE TABLE highlights (
    id INTEGER PRIMARY KEY,
    briefing_id INTEGER NOT NULL REFERENCES briefings(id) ON DELETE CASCADE,
    quote TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    start INTEGER NOT NULL DEFAULT 0,
    color TEXT NOT NULL DEFAULT 'yellow' CHECK (color IN ('yellow','green','blue','pink','purple')),
    note TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX highlights_briefing ON highlights (briefing_id, start);
  CREATE INDEX highlights_created ON highlights (created_at DESC);
  `,
  // 5: honest import history. The process that runs an import is recorded, so a run left
  // 'running' by a killed process is recognised and closed at the next start; a note says why a
  // run ended early (interrupted, disk full, library busy).
  `
  ALTER TABLE import_runs ADD COLUMN pid INTEGER;
  ALTER TABLE import_runs ADD COLUMN note TEXT;
  `,
  // 6: deletes are kept until undone or pushed out (the last 50), each batch as the briefings'
  // aggregates in JSON, so a delete made by the CLI, or before the app restarted, can be undone.
  `
  CREATE TABLE deleted_batches (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    aggregates TEXT NOT NULL
  );
  `,
  // 7: a note on the whole briefing (not only on highlights), the reader's own words about it.
  `
  ALTER TABLE briefings ADD COLUMN note TEXT;
  `,
];

export const SCHEMA_VERSION = migrations.length;
