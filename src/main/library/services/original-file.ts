import fs from 'node:fs';
import path from 'node:path';
import { AppFailure } from '../../../shared/result';
import { importerFor } from '../import/registry';

export type OriginalFile = {
  /** The file on disk: the briefing's own file, or the archive (zip, mbox) it came out of. */
  file: string;
  /** True when the briefing was one entry of that archive. */
  inArchive: boolean;
};

/**
 * Where a briefing's original file is on disk now, from the path stored when it was imported
 * (never from anything the renderer sends). An entry of an archive is stored as
 * "/folder/mail.zip/inner/message.eml": the nearest part of that path that is a file on disk is
 * the archive to open or show.
 */
export function resolveOriginal(stored: string | null): OriginalFile {
  if (!stored) {
    throw new AppFailure('NOT_FOUND', 'this briefing was not imported from a file, so there is no original to open');
  }
  for (let at = path.resolve(stored); ; at = path.dirname(at)) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(at);
    } catch {
      stat = undefined;
    }
    if (stat?.isFile()) return { file: at, inArchive: at !== path.resolve(stored) };
    // A folder (or anything else) where the file or archive was: it was moved or deleted.
    if (stat || path.dirname(at) === at) break;
  }
  throw new AppFailure(
    'NOT_FOUND',
    `the original file is no longer at ${stored} (it was moved, renamed or deleted since the import)`,
  );
}

/**
 * The original, checked before the system opens it with its default application. Only a kind of
 * file Briefings itself imports is opened: a stored path can come from someone else's JSON
 * export, and "open the original" must never launch a program it names.
 */
export function originalToOpen(stored: string | null): OriginalFile {
  const found = resolveOriginal(stored);
  if (!importerFor(found.file)) {
    throw new AppFailure(
      'FORBIDDEN',
      `${path.basename(found.file)} is not a kind of file Briefings imports, so it is not opened (use Show in folder)`,
    );
  }
  return found;
}
