import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BriefingFormat } from '../../../shared/model';
import type { NewBriefing } from '../repos/briefings';
import { inflateLimits, mb, type ImportLimits } from './limits';
import { importerFor, importerForBytes } from './registry';
import { sanitizeArticleHtml } from './sanitize';
import { FileRejected, NotSupported, type ParsedBriefing } from './types';
import { escapeHtml } from './html';
import { plainTitle } from './titles';
import { walkZip } from './zip-read';
import type { InflateBudget } from './inflate-budget';
import { debugDetail } from './debug-log';

/** A briefing ready to store: parsed, sanitized, hashed and measured, all off the main thread. */
export type PreparedBriefing = Omit<
  NewBriefing,
  | 'importedAt'
  | 'readState'
  | 'scrollProgress'
  | 'starred'
  | 'archived'
  | 'importRunId'
  | 'url'
  | 'language'
  | 'originalPath'
> & {
  url: string | null;
  language: string | null;
  originalPath: string;
  /** Only from the app's own JSON export: the reading state to restore. */
  state?: ParsedBriefing['state'];
};

export type PreparedItem =
  | { displayPath: string; outcome: 'parsed'; briefing: PreparedBriefing; warning?: string }
  | { displayPath: string; outcome: 'skipped' | 'failed'; reason: string };

/** One file for a parse worker; `size` (bytes, when known) gives a large file more time. */
export type ParseTask = { path: string; limits: ImportLimits; size?: number };

const HIDDEN = /(^|\/)(\.|__MACOSX\/)/;

/** Reads and parses one file (or every entry of an archive). Never throws: problems become items. */
export async function prepareFile(task: ParseTask): Promise<PreparedItem[]> {
  const { path: file, limits } = task;
  const entry = importerFor(file);
  if (!entry) return [{ displayPath: file, outcome: 'skipped', reason: unsupported(file) }];
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return [{ displayPath: file, outcome: 'failed', reason: 'not a regular file' }];
    if (stat.size > limits.maxFileBytes) {
      return [
        { displayPath: file, outcome: 'failed', reason: `file is larger than the ${mb(limits.maxFileBytes)} limit` },
      ];
    }
    if (entry.archive) return await prepareArchive(file, file, limits, 1);
    return await prepareBytes(fs.readFileSync(file), file, file, limits);
  } catch (cause) {
    return [{ displayPath: file, outcome: 'failed', reason: fileError(cause) }];
  }
}

async function prepareArchive(
  source: string | Buffer,
  displayPath: string,
  limits: ImportLimits,
  depth: number,
  outer?: InflateBudget,
): Promise<PreparedItem[]> {
  if (depth > limits.maxNestingDepth) {
    return [
      {
        displayPath,
        outcome: 'failed',
        reason: `archives nested deeper than ${limits.maxNestingDepth} levels are not opened`,
      },
    ];
  }
  const items: PreparedItem[] = [];
  try {
    // Entries are parsed as they are inflated, so the archive's raw bytes are never all in memory.
    await walkZip(
      source,
      {
        maxEntries: limits.maxZipEntries,
        maxTotalBytes: limits.maxZipTotalBytes,
        maxRatio: limits.maxZipRatio,
        maxEntryBytes: limits.maxFileBytes,
      },
      {
        only: (name) => !HIDDEN.test(name),
        outer,
        visit: async (e, budget) => {
          const inner = `${displayPath}!${e.name}`;
          if (e.encrypted) {
            items.push({ displayPath: inner, outcome: 'failed', reason: 'the archive entry is encrypted' });
            return;
          }
          const entry = importerFor(e.name);
          if (!entry) items.push({ displayPath: inner, outcome: 'skipped', reason: unsupported(e.name) });
          else if (entry.archive) items.push(...(await prepareArchive(e.bytes, inner, limits, depth + 1, budget)));
          else items.push(...(await prepareBytes(e.bytes, inner, displayPath, limits, budget)));
        },
      },
    );
  } catch (cause) {
    // A tripped cap rejects the whole archive: nothing from it is imported.
    return [
      { displayPath, outcome: 'failed', reason: cause instanceof FileRejected ? cause.message : fileError(cause) },
    ];
  }
  if (items.length === 0) return [{ displayPath, outcome: 'skipped', reason: 'the archive holds no files' }];
  return items;
}

async function prepareBytes(
  bytes: Buffer,
  displayPath: string,
  originalPath: string,
  limits: ImportLimits,
  outer?: InflateBudget,
): Promise<PreparedItem[]> {
  const entry = importerForBytes(displayPath, bytes);
  if (!entry) return [{ displayPath, outcome: 'skipped', reason: unsupported(displayPath) }];
  if (bytes.length === 0) return [{ displayPath, outcome: 'failed', reason: 'the file is empty' }];
  if (bytes.length > limits.maxFileBytes) {
    return [{ displayPath, outcome: 'failed', reason: `file is larger than the ${mb(limits.maxFileBytes)} limit` }];
  }
  try {
    const parsed = await entry.create().parse(bytes, {
      path: displayPath,
      name: path.basename(displayPath),
      size: bytes.length,
      inflate: { limits: inflateLimits(limits), outer },
    });
    if (parsed.length === 0) return [{ displayPath, outcome: 'failed', reason: 'no documents found in the file' }];
    return parsed.map((item): PreparedItem => {
      const where = item.suffix ? `${displayPath}${item.suffix}` : displayPath;
      if ('rejected' in item) return { displayPath: where, outcome: 'failed', reason: item.rejected };
      const ready = finish(item.parsed, entry.format, originalPath);
      return typeof ready === 'string'
        ? { displayPath: where, outcome: 'failed', reason: ready }
        : {
            displayPath: where,
            outcome: 'parsed',
            briefing: ready,
            ...(item.parsed.warnings?.length ? { warning: item.parsed.warnings.join('; ') } : {}),
          };
    });
  } catch (cause) {
    if (cause instanceof NotSupported) return [{ displayPath, outcome: 'skipped', reason: cause.message }];
    if (cause instanceof FileRejected) return [{ displayPath, outcome: 'failed', reason: cause.message }];
    debugDetail(displayPath, cause);
    return [
      {
        displayPath,
        outcome: 'failed',
        reason: `the file could not be read as ${entry.label.toLowerCase()} (it may be damaged)`,
      },
    ];
  }
}

/**
 * A one-line field (title, source, byline, tag...) as plain text: line breaks and tabs become
 * spaces, other control characters (C0, DEL, C1: terminal escapes such as ESC]0;…BEL or
 * ESC[2J hidden in a mail's encoded Subject) are dropped, runs of spaces fold to one.
 */
export function oneLine(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Sanitizes, hashes and measures; returns a reason instead when nothing readable is left. */
function finish(p: ParsedBriefing, format: BriefingFormat, originalPath: string): PreparedBriefing | string {
  const text = p.text.trim();
  if (text === '') return 'no readable text found in the file';
  let html = p.htmlIsEscapedText ? p.html : sanitizeArticleHtml(p.html);
  // A non-empty document must never become an empty article: fall back to its plain text.
  // Any visible character outside a tag (testing, not stripping every tag of a long page).
  if (!/(?:^|>)[^<]*[^\s<]/.test(html)) {
    html = text
      .split(/\n{2,}/)
      .map((para) => `<p>${escapeHtml(para)}</p>`)
      .join('\n');
  }
  // A title that was only markup (a heading of badges) falls back to the document's first
  // heading that has words, then to what the importer would call it without one.
  const title =
    oneLine(plainTitle(p.title)).slice(0, 1000) ||
    p.headings.map((h) => oneLine(plainTitle(h))).find((h) => h !== '') ||
    'Untitled';
  const maybe = (v: string | null | undefined, max: number): string | null =>
    v ? oneLine(v).slice(0, max) || null : null;
  return {
    title,
    headline: maybe(p.headline, 1000),
    source: maybe(p.source, 500),
    byline: maybe(p.byline, 500),
    dateline: maybe(p.dateline, 500),
    publishedAt: p.publishedAt,
    url: p.url ?? null,
    language: p.language ?? null,
    format: p.originalFormat ?? format,
    originalPath: p.originalPath ?? originalPath,
    contentHash: contentHash({ title, text }),
    text,
    html,
    headings: p.headings.slice(0, 500).map(oneLine),
    excerpt: p.excerpt?.slice(0, 400) || excerptOf(text),
    wordCount: countWords(text),
    related: p.related.map((r) => ({ ...r, title: oneLine(r.title), teaser: oneLine(r.teaser) })),
    tags: p.tags.map(oneLine).filter((t) => t !== ''),
    state: p.state,
  };
}

/**
 * Identity of a briefing's content: the same article saved twice (other file name or format,
 * CRLF vs LF, other spacing or letter case) hashes the same.
 */
export function contentHash(p: { title: string; text: string }): string {
  // NFKC cannot change pure ASCII, and most text is ASCII: skip the costly normalization there.
  const norm = (s: string): string =>
    // eslint-disable-next-line no-control-regex
    (/^[\x00-\x7f]*$/.test(s) ? s : s.normalize('NFKC')).toLowerCase().replace(/\s+/g, ' ').trim();
  return crypto
    .createHash('sha256')
    .update(`${norm(p.title)}\n${norm(p.text)}`)
    .digest('hex');
}

// Intl.Segmenter was measured at 12 s on one Wikipedia page (ICU word breaking goes
// superlinear on some text), and a Unicode-class regex was the top cost of a bulk import. One
// char-code pass: runs of letters and digits are words, each CJK ideograph or kana is a word
// (the usual convention for reading time), whitespace and punctuation separate.
export function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) {
      n++;
      inWord = false;
    } else if (
      (c >= 48 && c <= 57) ||
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      (c >= 0xc0 &&
        c !== 0xd7 &&
        c !== 0xf7 &&
        !(c >= 0x2000 && c <= 0x2bff) &&
        !(c >= 0x3000 && c <= 0x303f) &&
        !(c >= 0xd800 && c <= 0xdfff) &&
        c !== 0xfeff)
    ) {
      if (!inWord) n++;
      inWord = true;
    } else if (inWord && (c === 39 || c === 0x2019 || c === 45 || c === 95) && i + 1 < text.length) {
      // Apostrophes and hyphens inside a word ("it's", "well-known") keep it one word.
      const next = text.charCodeAt(i + 1);
      inWord = (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next >= 0xc0;
    } else {
      inWord = false;
    }
  }
  return n;
}

function excerptOf(text: string): string {
  const first = text.split('\n\n').find((p) => p.length > 60) ?? text;
  return first.length > 280 ? `${first.slice(0, 277).replace(/\s+\S*$/, '')}…` : first;
}

function unsupported(file: string): string {
  const ext = path.extname(file);
  return ext ? `not a supported format (${ext})` : 'not a supported format (no extension)';
}

export function fileError(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException | null)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied: the file cannot be read';
  if (code === 'ENOENT') return 'the file disappeared during the import';
  if (code === 'EISDIR') return 'not a regular file';
  if (code === 'ELOOP') return 'a symbolic link loop';
  debugDetail('read', cause);
  return 'the file could not be read from the disk';
}
