import yauzl from 'yauzl';
import { FileRejected } from './types';

export type ZipLimits = { maxEntries: number; maxTotalBytes: number; maxRatio: number; maxEntryBytes: number };
export type ZipEntryData = { name: string; bytes: Buffer; encrypted: boolean };

const open = (source: string | Buffer): Promise<yauzl.ZipFile> =>
  new Promise((resolve, reject) => {
    const options = { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, autoClose: true };
    const cb = (err: Error | null, zip?: yauzl.ZipFile): void =>
      err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip);
    if (typeof source === 'string') yauzl.open(source, options, cb);
    else yauzl.fromBuffer(source, options, cb);
  });

/**
 * Reads every file entry of a zip into memory under hard caps, checked while streaming (worker
 * heap limits do not bound Buffers). yauzl is used because it rejects zip-slip names and catches
 * entries whose size headers lie; any cap tripping rejects the whole archive, so nothing from a
 * hostile archive is imported.
 */
export async function readZip(source: string | Buffer, limits: ZipLimits): Promise<ZipEntryData[]> {
  let zip: yauzl.ZipFile;
  try {
    zip = await open(source);
  } catch (cause) {
    throw new FileRejected(`not a readable zip archive (${describe(cause)})`);
  }
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new FileRejected(`the archive has ${zip.entryCount} entries, more than the limit of ${limits.maxEntries}`);
  }
  const entries: ZipEntryData[] = [];
  let total = 0;
  return new Promise((resolve, reject) => {
    const fail = (reason: string): void => {
      zip.close();
      reject(new FileRejected(reason));
    };
    zip.on('error', (cause: unknown) => fail(`the archive is damaged or unsafe (${describe(cause)})`));
    zip.on('end', () => resolve(entries));
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith('/')) {
        zip.readEntry();
        return;
      }
      if (entry.isEncrypted()) {
        entries.push({ name: entry.fileName, bytes: Buffer.alloc(0), encrypted: true });
        zip.readEntry();
        return;
      }
      const ratio = entry.compressedSize > 0 ? entry.uncompressedSize / entry.compressedSize : 0;
      if (ratio > limits.maxRatio && entry.uncompressedSize > 1024 * 1024) {
        fail(`"${entry.fileName}" expands ${Math.round(ratio)}-fold, past the ${limits.maxRatio}x limit (a zip bomb?)`);
        return;
      }
      if (entry.uncompressedSize > limits.maxEntryBytes) {
        fail(`"${entry.fileName}" is larger than the ${mb(limits.maxEntryBytes)} limit`);
        return;
      }
      if (total + entry.uncompressedSize > limits.maxTotalBytes) {
        fail(`the archive expands past the ${mb(limits.maxTotalBytes)} limit`);
        return;
      }
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) {
          fail(`cannot read "${entry.fileName}" (${describe(err)})`);
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          total += chunk.length;
          if (size > limits.maxEntryBytes || total > limits.maxTotalBytes) {
            stream.destroy();
            fail(`the archive expands past its size limits while reading "${entry.fileName}"`);
            return;
          }
          chunks.push(chunk);
        });
        stream.on('error', (e) => fail(`"${entry.fileName}" is damaged (${describe(e)})`));
        stream.on('end', () => {
          entries.push({ name: entry.fileName, bytes: Buffer.concat(chunks), encrypted: false });
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
}

const mb = (n: number): string => `${Math.round(n / 1024 / 1024)} MB`;
const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));
