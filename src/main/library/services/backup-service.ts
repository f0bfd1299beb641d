import { checkWritableTarget } from './target-file';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { snapshotPathFor } from '../search/search-service';
import path from 'node:path';
import { AppFailure } from '../../../shared/result';
import { SCHEMA_VERSION } from '../db/migrations';
import { inUse, isBusy, lockLibraryExclusively } from '../db/library-lock';
import { migrate, openDatabase, type Db } from '../db/open';

/**
 * Writes a consistent copy of the open library with SQLite's online backup (a plain file copy
 * can miss commits still in the -wal file), to a temporary name renamed into place, so a crash
 * never leaves half a backup under the chosen name. The library stays usable meanwhile.
 */
export async function backupLibrary(db: Db, target: string): Promise<{ path: string; bytes: number }> {
  const file = checkWritableTarget(target);
  if (path.resolve(db.name) === file)
    throw new AppFailure('VALIDATION', 'a backup cannot overwrite the library itself');
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await db.backup(tmp);
    fs.renameSync(tmp, file);
  } catch (cause) {
    fs.rmSync(tmp, { force: true });
    throw new AppFailure(
      'VALIDATION',
      `could not write the backup ${file}: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
  return { path: file, bytes: fs.statSync(file).size };
}

/** Checks that a file is a Briefings library this version can open, intact, and returns its briefing count. */
export function inspectBackup(file: string): { briefings: number; version: number } {
  if (!fs.existsSync(file)) throw new AppFailure('NOT_FOUND', `no such file: ${file}`);
  let db: Db;
  try {
    db = openDatabase(file, { readonly: true });
  } catch (cause) {
    throw new AppFailure(
      'VALIDATION',
      `${file} is not a Briefings backup: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0) throw new AppFailure('VALIDATION', `${file} is not a Briefings backup (it is empty)`);
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new AppFailure('VALIDATION', `${file} is damaged (${String(check)})`);
    const briefings = (db.prepare('SELECT count(*) AS n FROM briefings').get() as { n: number }).n;
    return { briefings, version };
  } finally {
    db.close();
  }
}

/**
 * Replaces the library at `libraryFile` with a backup. The backup is checked first; the current
 * library is kept beside it as `<library>.before-restore-<time>.bak`; the new file is written
 * under a temporary name and renamed into place.
 *
 * Refused while anything has the library open: every Briefings connection holds the library
 * lock (library-lock.ts), which restore takes exclusively for its whole run, so no Briefings
 * process can open it meanwhile; and any other program with the file open in WAL mode keeps a
 * shared lock on the file itself, so restore also takes the file exclusively before copying it.
 * Either way a writer can never commit rows that end up in neither the restored library nor the
 * kept copy.
 */
export async function restoreLibrary(
  libraryFile: string,
  backupFile: string,
): Promise<{ briefings: number; keptPrevious: string | null }> {
  const target = path.resolve(libraryFile);
  const source = path.resolve(backupFile);
  if (target === source) throw new AppFailure('VALIDATION', 'the backup is the library itself');
  const { briefings, version } = inspectBackup(source);
  if (version > SCHEMA_VERSION)
    throw new AppFailure('CONFLICT', 'the backup was written by a newer version of Briefings');
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const lock = lockLibraryExclusively(target);
  try {
    let keptPrevious: string | null = null;
    let current: Db | null = null;
    if (fs.existsSync(target)) {
      keptPrevious = `${target}.before-restore-${stamp}.bak`;
      current = takeExclusively(target);
    }
    const tmp = `${target}.${process.pid}.restoring`;
    try {
      if (current && keptPrevious) current.prepare('VACUUM INTO ?').run(keptPrevious);
      const src = new Database(source, { readonly: true, fileMustExist: true });
      try {
        await src.backup(tmp);
      } finally {
        src.close();
      }
      // Out of WAL mode while still exclusive: SQLite folds the -wal into the file and deletes
      // it, so nothing of the old library is left beside the new one.
      current?.pragma('journal_mode = DELETE');
      for (const suffix of ['-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
      fs.renameSync(tmp, target);
    } catch (cause) {
      fs.rmSync(tmp, { force: true });
      throw cause;
    } finally {
      current?.close();
    }
    // The search index snapshot described the library just replaced (the next start rebuilds it).
    fs.rmSync(snapshotPathFor(target), { force: true });
    // Opening it migrates an older backup to this version (after its own automatic backup). The
    // exclusive lock is ours, so open without the holder lock.
    const fresh = new Database(target);
    try {
      migrate(fresh);
    } finally {
      fresh.close();
    }
    return { briefings, keptPrevious };
  } finally {
    lock.release();
  }
}

/**
 * Opens the library and takes its file exclusively, at once or not at all. A program outside
 * Briefings that has it open (in WAL mode every open connection keeps a shared lock on the file)
 * makes this fail, and the restore with it.
 */
function takeExclusively(file: string): Db {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    // Exclusive locking mode keeps the lock after the transaction ends, until close.
    db.exec('COMMIT');
    return db;
  } catch (cause) {
    db.close();
    if (isBusy(cause)) throw inUse();
    throw new AppFailure(
      'VALIDATION',
      `cannot open the library ${file}: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}
