import chardet from 'chardet';
import iconv from 'iconv-lite';

/**
 * Real mail often lies about its character set: 8-bit bytes in a message declared us-ascii (or
 * declaring nothing), headers written in raw EUC-KR, `charset=3Dgb2312` (a quoted-printable
 * artefact), `chinesebig5`, `default_charset`. mailparser then decodes as UTF-8 and the text
 * fills with U+FFFD (37 of 2,306 real briefings). This repairs the raw message so a second parse
 * reads it right; it only runs when the first parse lost characters, so correct mail pays nothing.
 */

/** Charset names real mail uses that iconv-lite and libmime do not know, and what they mean. */
const ALIASES: Record<string, string> = {
  chinesebig5: 'big5',
  'x-big5': 'big5',
  'big5-hkscs': 'big5hkscs',
  'x-gbk': 'gbk',
  'x-euc-kr': 'euc-kr',
  'x-sjis': 'shift_jis',
  'x-mac-roman': 'macintosh',
  'iso-8859-8-i': 'iso-8859-8',
  'x-user-defined': 'windows-1252',
};

/** Names that say "no idea": the bytes themselves decide. */
const UNKNOWN = /^(default(_charset)?|unknown(-8bit)?|x-unknown|us-ascii|ascii|ansi_x3\.4-1968|none|)$/i;

/** Japanese charsets libmime decodes itself (through encoding-japanese), though iconv-lite cannot. */
const LIBMIME_ONLY = /^(iso-?2022-?jp|csiso2022jp|jis)$/i;

/** A declared name as the decoder knows it: QP artefact removed, alias resolved. */
export function fixName(name: string): string {
  const n = name.toLowerCase().replace(/^3d/, '');
  return ALIASES[n] ?? n;
}

export function charsetKnown(name: string): boolean {
  return iconv.encodingExists(name) || LIBMIME_ONLY.test(name);
}

/** The charset of a message's 8-bit bytes, judged from the lines that hold them. */
function detect8bit(source: string): string {
  const lines = source.split('\n').filter((l) => /[\x80-\xff]/.test(l));
  const sample = Buffer.from(lines.join('\n').slice(0, 64 * 1024), 'latin1');
  const found = chardet.detect(sample);
  // A few stray bytes (a curly apostrophe, an ellipsis) are too few for statistics: in mail of
  // this kind they are almost always windows-1252, as they are when chardet says ISO-8859-1.
  if (!found || sample.length < 40 || /^(iso-8859-1|utf-8|ascii)$/i.test(found)) {
    return /^utf-8$/i.test(found ?? '') && isUtf8(sample) ? 'utf-8' : 'windows-1252';
  }
  return iconv.encodingExists(found) ? found : 'windows-1252';
}

function isUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

/**
 * The message rewritten so every text is UTF-8 or a charset the decoder knows: 8-bit bytes are
 * transcoded from the charset they are really in, and each declaration is corrected to match.
 * Returns null when there is nothing to repair.
 */
export function repairMailCharsets(raw: Buffer): Buffer | null {
  let source = raw.toString('latin1');
  let changed = false;
  const has8bit = /[\x80-\xff]/.test(source);
  const detected = has8bit ? detect8bit(source) : 'windows-1252';
  // Declarations: QP artefacts and aliases become real names; unknown ones take the detected charset.
  /** Is the declaration at `at` in a header block of a base64 or quoted-printable part? */
  const encodedPart = (at: string, offset: number): boolean => {
    const before = at.lastIndexOf('\n\n', offset);
    const crlfBefore = at.lastIndexOf('\r\n\r\n', offset);
    const start = Math.max(before, crlfBefore, 0);
    const after = at.slice(offset).search(/\r?\n\r?\n/);
    const block = at.slice(start, after < 0 ? at.length : offset + after);
    return /content-transfer-encoding:\s*(base64|quoted-printable)/i.test(block);
  };
  const fix = (name: string, forText: boolean, offset: number): string => {
    let fixed = fixName(name);
    // 8-bit bytes are transcoded to UTF-8 below, so whatever declared them now reads UTF-8;
    // base64 and quoted-printable parts keep their bytes, so they keep their (corrected) name.
    if (has8bit && forText && !encodedPart(source, offset)) fixed = 'utf-8';
    else if (UNKNOWN.test(fixed) || !charsetKnown(fixed)) fixed = detected;
    if (fixed !== name) changed = true;
    return fixed;
  };
  source = source
    .replace(
      /(charset\s*=\s*)("?)([^\s";]*)/gi,
      (_all: string, pre: string, quote: string, name: string, offset: number) =>
        `${pre}${quote}${fix(name, true, offset)}`,
    )
    // Encoded words (=?chinesebig5?B?...?=) carry their own charset, decoded from base64 or QP.
    .replace(
      /=\?([^?*\s]+)((?:\*[^?]*)?\?[bq]\?)/gi,
      (_all: string, name: string, rest: string, offset: number) => `=?${fix(name, false, offset)}${rest}`,
    );
  // An HTML part that declares no charset in its header may declare one in its own meta tag
  // (in a quoted-printable body: charset=3Dgb2312): the header is given that charset.
  const meta = /<meta[^>]+charset\s*=\s*(?:3d)?["']?([\w-]+)/i.exec(source)?.[1];
  if (meta && charsetKnown(fixName(meta))) {
    // An empty Content-Type (seen in real spam and newsletters) means that same HTML part.
    source = source.replace(/^(content-type:)[ \t]*((?:text\/html)?)[ \t]*;?[ \t]*$/gim, (_all, head: string) => {
      changed = true;
      return `${head} text/html; charset=${has8bit ? 'utf-8' : fixName(meta)}`;
    });
  }
  if (has8bit) {
    // The raw 8-bit bytes (in headers and 8bit parts) go to UTF-8; base64 and quoted-printable
    // parts are ASCII and pass through unchanged.
    const bytes = Buffer.from(source, 'latin1');
    source = iconv.decode(bytes, detected);
    changed = true;
    return Buffer.from(source, 'utf8');
  }
  return changed ? Buffer.from(source, 'latin1') : null;
}

export const replacementCount = (parts: string[]): number =>
  parts.reduce((n, s) => n + (s.match(/\uFFFD/g)?.length ?? 0), 0);
