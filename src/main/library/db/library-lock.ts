import Database from 'better-sqlite3';
import { AppFailure } from '../../../shared/result';

/**
 * The lock every holder of a library takes (the app, its search worker, every CLI command), so
 * that replacing the file (restore) can tell whether anyone still has it open.
 *
 * It is a tiny SQLite file beside the library, `<library>.lock`, in rollback-journal mode: a
 * holder keeps a read transaction open on it for as long as it has the library open, which is a
 * SHARED lock in SQLite's terms; a restore takes it EXCLUSIVE, which SQLite grants only when no
 * one holds it SHARED. Using SQLite's own locking (rather than a pid file) means the operating
 * system drops the lock when a holder dies, even by SIGKILL, on every platform SQLite runs on,
 * and connections in one process (the app and its worker thread) are counted separately.
 * The library file itself cannot carry this lock: it is the file being replaced, so a waiter
 * would end up holding the old, unlinked copy.
 */
export type LibraryLock = { release(): void };

export function lockPathFor(libraryFile: string): string {
  return `${libraryFile}.lock`;
}

/**
 * Takes the shared holder lock, waiting up to `waitMs` while a restore holds it. Returns null
 * where the lock file cannot be created (a read-only folder): such a library can only be read,
 * and nothing can replace it either.
 */
export function holdLibrary(libraryFile: string, waitMs = 10_000): LibraryLock | null {
  let lock: Database.Database;
  try {
    lock = new Database(lockPathFor(libraryFile));
  } catch {
    return null;
  }
  try {
    lock.pragma(`busy_timeout = ${Math.max(0, Math.round(waitMs))}`);
    lock.exec('BEGIN');
    lock.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (cause) {
    lock.close();
    if (isBusy(cause))
      throw new AppFailure('CONFLICT', 'the library is being restored from a backup; try again in a moment');
    // An unwritable or damaged lock file must not keep the library from opening.
    return null;
  }
  return held(lock);
}

/**
 * Takes the lock exclusively, at once or not at all: it fails while any holder has the library
 * open. While it is held no new holder can open the library (they wait), so the file can be
 * replaced without a writer slipping in.
 */
export function lockLibraryExclusively(libraryFile: string): LibraryLock {
  const lock = new Database(lockPathFor(libraryFile));
  try {
    lock.pragma('busy_timeout = 0');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (cause) {
    lock.close();
    if (isBusy(cause)) throw inUse();
    throw cause;
  }
  return held(lock);
}

/** Ends the transaction that is the lock, and closes its connection (once). */
function held(lock: Database.Database): LibraryLock {
  return {
    release: () => {
      if (!lock.open) return;
      try {
        lock.exec('COMMIT');
      } finally {
        lock.close();
      }
    },
  };
}

export function inUse(): AppFailure {
  return new AppFailure(
    'CONFLICT',
    'the library is open in another program (the Briefings app or a briefings command); close it and try again',
  );
}

export function isBusy(cause: unknown): boolean {
  const code = (cause as { code?: unknown } | null)?.code;
  return (
    code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || (typeof code === 'string' && code.startsWith('SQLITE_BUSY'))
  );
}
