import yauzl from 'yauzl';
import { InflateBudget } from './inflate-budget';
import { mb } from './limits';
import { FileRejected } from './types';
import { debugDetail } from './debug-log';

export type ZipLimits = { maxEntries: number; maxTotalBytes: number; maxRatio: number; maxEntryBytes: number };
export type ZipEntryData = { name: string; bytes: Buffer; encrypted: boolean };
export type ZipWalk = {
  /** Only entries this accepts are inflated and visited (all files when absent). */
  only?: (name: string) => boolean;
  /** Called for each entry, one at a time; the next is inflated only after it settles. */
  visit?: (entry: ZipEntryData, outer: InflateBudget) => Promise<void> | void;
  /**
   * Entries whose bytes are kept; the others are inflated and counted, then dropped (a pre-scan
   * for parsers that inflate on their own). All are kept when absent.
   */
  keep?: (name: string) => boolean;
  /** What the messages call the file ("the archive", "the document"). */
  label?: string;
  /**
   * The budget of the outermost file, when this zip sits inside another (a zip in a zip, a docx
   * in a zip): nested archives all draw on it, so nesting cannot multiply the ratio.
   */
  outer?: InflateBudget;
};

const open = (source: string | Buffer): Promise<yauzl.ZipFile> =>
  new Promise((resolve, reject) => {
    // autoClose off: the central directory is read in full before the first entry is inflated.
    const options = { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, autoClose: false };
    const cb = (err: Error | null, zip?: yauzl.ZipFile): void =>
      err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip);
    if (typeof source === 'string') yauzl.open(source, options, cb);
    else yauzl.fromBuffer(source, options, cb);
  });

/** Pass 1: the central directory only. Names, counts and declared sizes are checked before any inflating. */
function listEntries(zip: yauzl.ZipFile, limits: ZipLimits, budget: InflateBudget): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('error', (cause: unknown) => reject(damaged('the archive is damaged or unsafe', cause)));
    zip.on('end', () => resolve(entries));
    zip.on('entry', (entry: yauzl.Entry) => {
      try {
        if (!entry.fileName.endsWith('/')) {
          if (entry.uncompressedSize > limits.maxEntryBytes)
            throw new FileRejected(`"${entry.fileName}" is larger than the ${mb(limits.maxEntryBytes)} limit`);
          if (!entry.isEncrypted()) budget.charge(entry.uncompressedSize, entry.fileName);
          entries.push(entry);
        }
        zip.readEntry();
      } catch (cause) {
        reject(cause);
      }
    });
    zip.readEntry();
  });
}

/** Pass 2: inflates one entry, charging the streaming budget chunk by chunk. */
function inflate(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  limits: ZipLimits,
  budgets: InflateBudget[],
  keep: boolean,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) {
        reject(damaged(`"${entry.fileName}" in the archive cannot be read`, err));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        try {
          if (size > limits.maxEntryBytes)
            throw new FileRejected(`"${entry.fileName}" is larger than the ${mb(limits.maxEntryBytes)} limit`);
          for (const budget of budgets) budget.charge(chunk.length, entry.fileName);
        } catch (cause) {
          stream.destroy();
          reject(cause);
          return;
        }
        if (keep) chunks.push(chunk);
      });
      stream.on('error', (e) => reject(damaged(`"${entry.fileName}" in the archive is damaged`, e)));
      stream.on('end', () => resolve(keep ? Buffer.concat(chunks) : Buffer.alloc(0)));
    });
  });
}

/**
 * Walks a zip under one inflate budget (zip, docx and any later zip-based format share it): the
 * central directory is checked first (entry count, names, declared sizes against the budget),
 * then entries are inflated one at a time, each chunk charged to a second, streaming budget, so
 * an archive whose headers lie is stopped too. Entries are handed to `visit` one by one and never
 * all held at once. yauzl rejects zip-slip names and entries whose sizes disagree with their
 * headers. Any cap tripping rejects the whole archive: callers commit nothing from it.
 */
export async function walkZip(source: string | Buffer, limits: ZipLimits, walk: ZipWalk = {}): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await open(source);
  } catch (cause) {
    throw damaged('not a readable zip archive (the file is damaged or not a zip)', cause);
  }
  try {
    if (zip.entryCount > limits.maxEntries)
      throw new FileRejected(
        `${walk.label ?? 'the archive'} has ${zip.entryCount} entries, more than the limit of ${limits.maxEntries}`,
      );
    const size = zip.fileSize;
    const declared = new InflateBudget(size, limits, walk.label ?? 'the archive');
    const entries = await listEntries(zip, limits, declared);
    const streamed = new InflateBudget(size, limits, walk.label ?? 'the archive');
    for (const entry of entries) {
      if (walk.only && !walk.only(entry.fileName)) continue;
      if (entry.isEncrypted()) {
        await walk.visit?.({ name: entry.fileName, bytes: Buffer.alloc(0), encrypted: true }, walk.outer ?? streamed);
        continue;
      }
      const bytes = await inflate(
        zip,
        entry,
        limits,
        walk.outer ? [streamed, walk.outer] : [streamed],
        walk.keep?.(entry.fileName) ?? true,
      );
      await walk.visit?.({ name: entry.fileName, bytes, encrypted: false }, walk.outer ?? streamed);
    }
  } finally {
    zip.close();
  }
}

/** Every entry (or those `only` accepts) in memory: for small archives such as a docx's metadata. */
export async function readZip(
  source: string | Buffer,
  limits: ZipLimits,
  only?: (name: string) => boolean,
): Promise<ZipEntryData[]> {
  const entries: ZipEntryData[] = [];
  await walkZip(source, limits, { only, visit: (e) => void entries.push(e) });
  return entries;
}

/** A reason for people; yauzl's own message goes to the debug log. */
const damaged = (reason: string, cause: unknown): FileRejected => {
  debugDetail(reason, cause);
  // yauzl refuses names that would escape the folder ("../../etc/passwd", "/etc/passwd"): that
  // is the one library refusal a person should hear about as such.
  const message = cause instanceof Error ? cause.message : '';
  if (/invalid relative path|absolute path/i.test(message))
    return new FileRejected("the archive is unsafe: an entry's name points outside the archive (zip-slip)");
  return new FileRejected(reason);
};
