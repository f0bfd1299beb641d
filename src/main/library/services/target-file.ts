import fs from 'node:fs';
import path from 'node:path';
import { AppFailure } from '../../../shared/result';

/**
 * Refuses, with a sentence, an output file that cannot be written before anything is written:
 * `export /missing-dir/out.json` said "unexpected error: ENOENT… out.json.4734.tmp".
 */
export function checkWritableTarget(file: string): string {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  const stat = fs.statSync(dir, { throwIfNoEntry: false });
  if (!stat) throw new AppFailure('VALIDATION', `cannot write ${target}: the folder ${dir} does not exist`);
  if (!stat.isDirectory()) throw new AppFailure('VALIDATION', `cannot write ${target}: ${dir} is not a folder`);
  if (fs.statSync(target, { throwIfNoEntry: false })?.isDirectory())
    throw new AppFailure('VALIDATION', `cannot write ${target}: it is a folder`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new AppFailure('VALIDATION', `cannot write ${target}: the folder ${dir} is not writable`);
  }
  return target;
}
