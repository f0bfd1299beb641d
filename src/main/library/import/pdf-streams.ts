import zlib from 'node:zlib';
import { InflateBudget, type InflateLimits } from './inflate-budget';

/**
 * A ceiling of inflated bytes for the streams pdf.js decodes to read text (page content, object
 * streams, fonts), whatever the file's size: pdf.js holds a decoded stream several times over,
 * so 400 MB of page content cost it 1.4 GB. Real reports stay far below it (a 300-page report
 * has a few megabytes of page content).
 */
export const PDF_MAX_INFLATED_BYTES = 128 * 1024 * 1024;

const STREAM = Buffer.from('stream');
const END = Buffer.from('endstream');

/** The dictionary text before `stream` at `at`, back to the object header (bounded look-back). */
function dictionaryBefore(bytes: Uint8Array, at: number): string {
  const from = Math.max(0, at - 4096);
  const head = Buffer.from(bytes.buffer, bytes.byteOffset + from, at - from).toString('latin1');
  const obj = head.lastIndexOf(' obj');
  return obj >= 0 ? head.slice(obj) : head;
}

/** Inflates one stream, counting and dropping the output; stops as soon as the budget trips. */
function countInflated(data: Uint8Array, budget: InflateBudget, outer?: InflateBudget): Promise<void> {
  return new Promise((resolve, reject) => {
    // Sync flush: a truncated or damaged stream yields what it has instead of an error.
    const inflate = zlib.createInflate({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    inflate.on('data', (chunk: Buffer) => {
      try {
        budget.charge(chunk.length);
        outer?.charge(chunk.length);
      } catch (cause) {
        inflate.destroy();
        reject(cause);
      }
    });
    // Not zlib at all (an encrypted file's streams): pdf.js will say what it makes of it.
    inflate.on('error', () => resolve());
    inflate.on('end', () => resolve());
    inflate.end(data);
  });
}

/**
 * Pre-scan of a PDF's Flate streams under the shared inflate budget, before pdf.js parses it:
 * the same ratio as for zips, plus the PDF ceiling above. Image streams are skipped (text
 * extraction never decodes them). A FileRejected says why the file was refused.
 */
export async function checkPdfStreams(bytes: Uint8Array, limits: InflateLimits, outer?: InflateBudget): Promise<void> {
  const budget = new InflateBudget(
    bytes.length,
    { maxRatio: limits.maxRatio, maxTotalBytes: Math.min(limits.maxTotalBytes, PDF_MAX_INFLATED_BYTES) },
    'the PDF',
  );
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = buf.indexOf(STREAM);
  while (at >= 0) {
    // `stream` followed by CRLF or LF starts data; `endstream` itself is skipped.
    const eol = buf[at + 6] === 0x0d && buf[at + 7] === 0x0a ? 2 : buf[at + 6] === 0x0a ? 1 : 0;
    const isEnd = at >= 3 && buf.toString('latin1', at - 3, at) === 'end';
    if (eol > 0 && !isEnd) {
      const start = at + 6 + eol;
      const end = buf.indexOf(END, start);
      const stop = end < 0 ? buf.length : end;
      const dict = dictionaryBefore(bytes, at);
      if (/\/(FlateDecode|Fl)\b/.test(dict) && !/\/Subtype\s*\/Image\b/.test(dict))
        await countInflated(buf.subarray(start, stop), budget, outer);
      at = buf.indexOf(STREAM, stop + END.length);
    } else {
      at = buf.indexOf(STREAM, at + STREAM.length);
    }
  }
}
