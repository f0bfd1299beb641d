import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppFailure } from '../../../shared/result';
import { SCHEMA_VERSION, migrations } from './migrations';

export type Db = Database.Database;

export type OpenOptions = {
  /** Path to a better_sqlite3.node built for the current runtime (Electron needs its own build). */
  nativeBinding?: string;
  readonly?: boolean;
};

/**
 * Opens (creating if needed) a library database: WAL so the CLI can read while the app writes,
 * foreign keys on, and migrations applied. A file that is not a Briefings library, or one from a
 * newer version of the app, is refused with a clear error instead of being modified.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') {
    const dir = path.dirname(path.resolve(file));
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (cause) {
      throw new AppFailure('VALIDATION', `cannot create the library folder ${dir}: ${describe(cause)}`);
    }
  }
  let db: Db;
  try {
    db = new Database(file, {
      nativeBinding: options.nativeBinding,
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
  } catch (cause) {
    throw new AppFailure('VALIDATION', `cannot open the library ${file}: ${describe(cause)}`);
  }
  try {
    db.pragma('busy_timeout = 5000');
    // Identify the file before changing anything in it: a foreign database must stay untouched.
    assertLibrary(db);
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // NORMAL is durable in WAL mode except for the last commits on power loss; it is what
    // SQLite recommends for WAL and keeps bulk imports fast.
    if (!options.readonly) db.pragma('synchronous = NORMAL');
    if (!options.readonly) migrate(db);
    return db;
  } catch (cause) {
    db.close();
    if (cause instanceof AppFailure) throw cause;
    throw new AppFailure('VALIDATION', `${file} is not a usable Briefings library: ${describe(cause)}`);
  }
}

function checkVersion(db: Db): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new AppFailure(
      'CONFLICT',
      `this library was written by a newer version of Briefings (schema ${version}, this app knows ${SCHEMA_VERSION})`,
    );
  }
  return version;
}

function assertLibrary(db: Db): void {
  const version = checkVersion(db);
  if (version === 0) {
    const foreign = db
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .get() as { n: number };
    if (foreign.n > 0) {
      throw new AppFailure('VALIDATION', 'the file is an SQLite database but not a Briefings library');
    }
  }
}

export function migrate(db: Db): void {
  assertLibrary(db);
  const version = db.pragma('user_version', { simple: true }) as number;
  // A library with data is copied before its schema changes: if a migration ever goes wrong in
  // the field, the user's previous library is one file away. VACUUM INTO writes a consistent copy
  // (WAL content included) synchronously.
  if (version > 0 && version < SCHEMA_VERSION && db.name !== ':memory:' && db.name !== '') {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
    db.prepare('VACUUM INTO ?').run(`${db.name}.before-v${SCHEMA_VERSION}-${stamp}.bak`);
  }
  for (let v = version; v < SCHEMA_VERSION; v++) {
    // One transaction per step: a crash mid-migration leaves the previous version intact.
    db.transaction(() => {
      db.exec(migrations[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
