import chardet from 'chardet';
import iconv from 'iconv-lite';

/**
 * Bytes -> string for text formats. Order matters: BOMs first (they are certain), then strict
 * UTF-8 (valid UTF-8 is almost never anything else), then statistical detection for legacy
 * charsets. Legacy charsets go through iconv-lite's tables, never TextDecoder: Node 20's
 * TextDecoder('windows-1252') maps 0x80-0x9F to C1 controls (nodejs/node#60888), which turns
 * curly quotes into U+0093/U+0094.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: normalizeNewlines(buf.subarray(3).toString('utf8')), encoding: 'UTF-8' };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { text: normalizeNewlines(iconv.decode(buf.subarray(2), 'utf-16le')), encoding: 'UTF-16LE' };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    return { text: normalizeNewlines(iconv.decode(buf.subarray(2), 'utf-16be')), encoding: 'UTF-16BE' };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return { text: normalizeNewlines(text), encoding: 'UTF-8' };
  } catch {
    // Not valid UTF-8: fall through to detection.
  }
  const detected = chardet.detect(buf);
  // chardet reports ISO-8859-1 for most Western text; windows-1252 is its superset that real
  // files use (curly quotes, euro sign), so decode with that.
  let encoding = detected && iconv.encodingExists(detected) ? detected : 'windows-1252';
  if (/^iso-8859-1$/i.test(encoding)) encoding = 'windows-1252';
  return { text: normalizeNewlines(iconv.decode(buf, encoding)), encoding };
}

export function normalizeNewlines(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

/**
 * HTML declares its charset in a meta tag; honour it when the bytes are not valid UTF-8 (a page
 * saved as windows-1251 or Shift_JIS). BOMs and valid UTF-8 still win, as browsers do.
 */
export function decodeHtml(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hasBom = buf.length >= 2 && ((buf[0] === 0xef && buf[1] === 0xbb) || buf[0] === 0xff || buf[0] === 0xfe);
  if (!hasBom) {
    try {
      return normalizeNewlines(new TextDecoder('utf-8', { fatal: true }).decode(buf));
    } catch {
      const head = buf.subarray(0, 4096).toString('latin1');
      const declared = /<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head)?.[1];
      if (declared && iconv.encodingExists(declared) && !/^utf-?8$/i.test(declared)) {
        const enc = /^(iso-8859-1|latin1|us-ascii|ascii)$/i.test(declared) ? 'windows-1252' : declared;
        return normalizeNewlines(iconv.decode(buf, enc));
      }
    }
  }
  return decodeText(bytes).text;
}

export const NOT_TEXT = 'the file is not text (its bytes look like binary data, not characters)';

/**
 * Random or binary bytes with a text extension (a 5 KB "garbage.md") decode to mojibake under any
 * legacy charset. Real text, in any charset, has almost no control characters; binary has ~12%
 * (27 of 256 byte values; at least 10.2% in 200 random files of 0.5-8 KB, whatever charset
 * chardet guessed). Above 3% of the first 64 KB it is not text. Terminal colour sequences
 * (a saved CI log has one every ~20 characters) are not counted.
 */
export function notText(text: string): boolean {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  if (sample.length === 0) return false;
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    // An ESC that opens a terminal sequence ("ESC[32m") is how logs carry colour, not binary.
    if (c === 27 && (sample[i + 1] === '[' || sample[i + 1] === ']')) continue;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 0xfffd || (c >= 0x7f && c < 0xa0)) controls++;
  }
  return controls > 0 && controls > sample.length * 0.03;
}
