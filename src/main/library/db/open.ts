import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppFailure } from '../../../shared/result';
import { holdLibrary, isBusy } from './library-lock';
import { SCHEMA_VERSION, migrations } from './migrations';

export type Db = Database.Database;

export type OpenOptions = {
  /** Path to a better_sqlite3.node built for the current runtime (Electron needs its own build). */
  nativeBinding?: string;
  readonly?: boolean;
};

/** Why a library was opened read-only although the caller asked to write (a read-only disk). */
const readOnlyReasons = new WeakMap<Db, string>();

/** Set when the library could only be opened for reading; callers say so to the user. */
export function readOnlyReason(db: Db): string | null {
  return readOnlyReasons.get(db) ?? null;
}

/**
 * Opens (creating if needed) a library database: WAL so the CLI can read while the app writes,
 * foreign keys on, and migrations applied. A file that is not a Briefings library, or one from a
 * newer version of the app, is refused with a clear error instead of being modified. A library
 * on a read-only disk is opened for reading (see readOnlyReason). Every connection holds the
 * library's lock (library-lock.ts) until it is closed, so a restore cannot replace the file
 * under it.
 */
/**
 * mkdir -p, one level at a time from the nearest folder that exists. Node 20's recursive
 * mkdirSync spins forever at 100% CPU under /proc ("--db /proc/nope/library.db"), where mkdir
 * answers ENOENT for a parent that stat says is there.
 */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  while (!fs.existsSync(at)) {
    missing.unshift(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const d of missing) fs.mkdirSync(d);
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file === ':memory:') return configure(connect(file, options), file, options);
  const resolved = path.resolve(file);
  const exists = fs.existsSync(resolved);
  if (!exists) {
    const dir = path.dirname(resolved);
    try {
      makeFolders(dir);
    } catch (cause) {
      throw new AppFailure('VALIDATION', `cannot create the library folder ${dir}: ${describe(cause)}`);
    }
  }
  // Readers asked for read-only (checking a backup) lose nothing if the file is replaced.
  const lock = options.readonly ? null : holdLibrary(resolved);
  let db: Db;
  try {
    let opts = options;
    if (!opts.readonly && exists && !writable(resolved)) {
      opts = { ...opts, readonly: true };
    }
    if (opts.readonly && !options.readonly) {
      db = openReadOnly(resolved, opts);
      readOnlyReasons.set(db, `${resolved} is on a read-only disk or folder; it was opened for reading only`);
    } else {
      db = configure(connect(file, opts), file, opts);
    }
  } catch (cause) {
    lock?.release();
    throw cause;
  }
  if (lock) {
    // The lock lives exactly as long as the connection.
    const close = db.close.bind(db);
    db.close = (): Db => {
      try {
        return close();
      } finally {
        lock.release();
      }
    };
  }
  return db;
}

/**
 * A library on a read-only disk. SQLite can read a WAL-mode file read-only only if its -shm file
 * exists or can be created next to it, which a read-only disk forbids once the library was
 * closed cleanly; then the file (and any -wal) is copied to a temporary folder and the copy is
 * read, and removed again when the connection closes.
 */
function openReadOnly(resolved: string, opts: OpenOptions): Db {
  try {
    return configure(connect(resolved, opts), resolved, opts);
  } catch (direct) {
    if (direct instanceof AppFailure && /not a Briefings library|newer version/.test(direct.message)) throw direct;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-readonly-'));
    const copy = path.join(dir, path.basename(resolved));
    try {
      fs.copyFileSync(resolved, copy);
      if (fs.existsSync(`${resolved}-wal`)) fs.copyFileSync(`${resolved}-wal`, `${copy}-wal`);
      // The copy is in a writable folder, so SQLite can create its -shm; nothing writes to it.
      const db = configure(connect(copy, opts), resolved, opts);
      const close = db.close.bind(db);
      db.close = (): Db => {
        try {
          return close();
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      };
      return db;
    } catch (cause) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw cause;
    }
  }
}

function connect(file: string, options: OpenOptions): Db {
  try {
    return new Database(file, {
      nativeBinding: options.nativeBinding,
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
  } catch (cause) {
    throw new AppFailure('VALIDATION', `cannot open the library ${file}: ${describe(cause)}`);
  }
}

function configure(db: Db, file: string, options: OpenOptions): Db {
  try {
    db.pragma('busy_timeout = 5000');
    // Identify the file before changing anything in it: a foreign database must stay untouched.
    // One read transaction, so the version and the table count come from the same moment even
    // while another process is creating the library.
    db.transaction(() => assertLibrary(db))();
    if (!options.readonly) whileBusy(() => db.pragma('journal_mode = WAL'));
    db.pragma('foreign_keys = ON');
    // NORMAL is durable in WAL mode except for the last commits on power loss; it is what
    // SQLite recommends for WAL and keeps bulk imports fast.
    if (!options.readonly) db.pragma('synchronous = NORMAL');
    if (!options.readonly) whileBusy(() => migrate(db));
    return db;
  } catch (cause) {
    db.close();
    if (cause instanceof AppFailure) throw cause;
    throw new AppFailure('VALIDATION', `${file} is not a usable Briefings library: ${describe(cause)}`);
  }
}

/**
 * Whether the library (and its folder, where SQLite creates the -wal and -shm files) can be
 * written. access(2) answers for the real user, so a read-only mount and a file without write
 * permission both read as false.
 */
function writable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    fs.accessSync(path.dirname(file), fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs a first-open step again while another process holds the lock it needs. SQLite returns
 * SQLITE_BUSY at once, without the busy handler, where waiting could deadlock (switching a new
 * file to WAL, or upgrading a read lock while another process does the same), so several
 * processes opening one new library at the same moment are retried here, for up to ~10 s.
 */
function whileBusy<T>(step: () => T): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return step();
    } catch (cause) {
      if (attempt >= 200 || !isBusy(cause)) throw cause;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20 + Math.floor(Math.random() * 30));
    }
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
  const before = db.pragma('user_version', { simple: true }) as number;
  if (before === SCHEMA_VERSION) return;
  // A library with data is copied before its schema changes: if a migration ever goes wrong in
  // the field, the user's previous library is one file away. VACUUM INTO writes a consistent copy
  // (WAL content included) synchronously; it cannot run inside a transaction, so it comes first
  // (two processes upgrading at once each write a copy, which is harmless).
  if (before > 0 && before < SCHEMA_VERSION && db.name !== ':memory:' && db.name !== '') {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
    db.prepare('VACUUM INTO ?').run(`${db.name}.before-v${SCHEMA_VERSION}-${stamp}.bak`);
  }
  // The version check and every step in one IMMEDIATE transaction: a second process opening the
  // same new library waits for the write lock and then finds it migrated, instead of creating
  // the tables again; a crash mid-migration leaves the previous version intact.
  db.exec('BEGIN IMMEDIATE');
  try {
    assertLibrary(db);
    const version = db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < SCHEMA_VERSION; v++) {
      db.exec(migrations[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    }
    db.exec('COMMIT');
  } catch (cause) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw cause;
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
