import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BriefingFormat, BriefingId, ImportFileResult, ImportProgress, ImportReport } from '../../../shared/model';
import { AppFailure } from '../../../shared/result';
import type { Db } from '../db/open';
import { importerFor } from '../import/registry';
import { sanitizeArticleHtml } from '../import/sanitize';
import { FileRejected, type ParsedBriefing } from '../import/types';
import { findByContentHash, insertBriefing, type NewBriefing } from '../repos/briefings';
import { finishImportRun, recordImportFile, startImportRun } from '../repos/import-runs';

export type ImportOptions = {
  /** Where the paths came from, recorded in import history ("cli", "dialog", "sample"). */
  source: string;
  onProgress?: (p: ImportProgress) => void;
  maxFileBytes?: number;
};

export const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;
const BATCH_SIZE = 100;

export type ImportService = ReturnType<typeof createImportService>;

/**
 * Imports files and folders. Every named path must exist before anything is written, so a typo
 * leaves the library untouched; after that, per-file problems become report entries and never
 * abort the run. Writes are batched in transactions: a crash loses at most the open batch and
 * never leaves half a briefing.
 */
export function createImportService({ db, now = () => new Date().toISOString() }: { db: Db; now?: () => string }) {
  function importPaths(paths: string[], options: ImportOptions): ImportReport {
    if (paths.length === 0) throw new AppFailure('VALIDATION', 'nothing to import: no paths given');
    for (const p of paths) {
      if (!fs.existsSync(p)) throw new AppFailure('NOT_FOUND', `no such file or folder: ${p}`);
    }
    const files = paths.flatMap((p) => expand(path.resolve(p)));
    const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    const runId = startImportRun(db, options.source, now());
    const results: ImportFileResult[] = [];
    const counts = { imported: 0, duplicates: 0, skipped: 0, failed: 0 };
    const progress = (currentPath: string | null): void =>
      options.onProgress?.({ runId, done: results.length, total: files.length, ...counts, currentPath });
    progress(null);

    type Pending = { file: string; parsed: ParsedBriefing; format: BriefingFormat; hash: string };
    let batch: Pending[] = [];

    const flush = db.transaction((items: Pending[]) => {
      for (const item of items) {
        const existing = findByContentHash(db, item.hash);
        let result: ImportFileResult;
        if (existing) {
          result = {
            path: item.file,
            outcome: 'duplicate',
            reason: `duplicate of "${existing.title}"`,
            id: existing.id,
            title: existing.title,
          };
          counts.duplicates++;
        } else {
          const id: BriefingId = insertBriefing(db, toNewBriefing(item, now(), runId));
          result = { path: item.file, outcome: 'imported', id, title: item.parsed.title };
          counts.imported++;
        }
        recordImportFile(db, runId, result);
        results.push(result);
      }
    });

    const settle = (r: ImportFileResult): void => {
      db.transaction(() => recordImportFile(db, runId, r))();
      results.push(r);
    };

    for (const file of files) {
      const outcome = parseOne(file, maxBytes);
      if ('parsed' in outcome) {
        // Duplicates inside one batch are caught too: flush looks each hash up after the
        // previous inserts of the same transaction.
        batch.push({ file, parsed: outcome.parsed, format: outcome.format, hash: contentHash(outcome.parsed) });
      } else {
        if (outcome.outcome === 'skipped') counts.skipped++;
        else counts.failed++;
        settle({ path: file, outcome: outcome.outcome, reason: outcome.reason });
      }
      if (batch.length >= BATCH_SIZE) {
        flush(batch);
        batch = [];
      }
      progress(file);
    }
    if (batch.length > 0) flush(batch);
    finishImportRun(db, runId, 'done', counts, now());
    progress(null);
    return { runId, ...counts, files: results };
  }

  return { importPaths };
}

type ParseOutcome =
  { parsed: ParsedBriefing; format: BriefingFormat } | { outcome: 'skipped' | 'failed'; reason: string };

function parseOne(file: string, maxBytes: number): ParseOutcome {
  const entry = importerFor(file);
  if (!entry) {
    const ext = path.extname(file);
    return {
      outcome: 'skipped',
      reason: ext ? `not a supported format (${ext})` : 'not a supported format (no extension)',
    };
  }
  try {
    const stat = fs.statSync(file);
    if (stat.size > maxBytes) {
      return { outcome: 'failed', reason: `file is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB limit` };
    }
    const bytes = fs.readFileSync(file);
    const parsed = entry.create().parse(bytes, { path: file, name: path.basename(file), size: stat.size });
    if (parsed.text.trim() === '') return { outcome: 'failed', reason: 'no readable text found in the file' };
    return { parsed, format: entry.format };
  } catch (cause) {
    if (cause instanceof FileRejected) return { outcome: 'failed', reason: cause.message };
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM')
      return { outcome: 'failed', reason: 'permission denied: the file cannot be read' };
    if (code === 'ENOENT') return { outcome: 'failed', reason: 'the file disappeared during the import' };
    return {
      outcome: 'failed',
      reason: `could not read the file (${cause instanceof Error ? cause.message : String(cause)})`,
    };
  }
}

/** Lists the files under a path; folders are walked recursively, symlinks are not followed. */
function expand(p: string): string[] {
  const stat = fs.lstatSync(p);
  if (stat.isSymbolicLink()) return [];
  if (!stat.isDirectory()) return [p];
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) out.push(full);
    }
  };
  walk(p);
  return out;
}

/**
 * Identity of a briefing's content: the same article saved twice (different file name, CRLF vs
 * LF, different whitespace or letter case) hashes the same.
 */
export function contentHash(p: Pick<ParsedBriefing, 'title' | 'text'>): string {
  const norm = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return crypto
    .createHash('sha256')
    .update(`${norm(p.title)}\n${norm(p.text)}`)
    .digest('hex');
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
export function countWords(text: string): number {
  let n = 0;
  for (const s of segmenter.segment(text)) if (s.isWordLike) n++;
  return n;
}

function excerptOf(text: string): string {
  const first = text.split('\n\n').find((p) => p.length > 60) ?? text;
  return first.length > 280 ? `${first.slice(0, 277).replace(/\s+\S*$/, '')}…` : first;
}

function toNewBriefing(
  { parsed: p, file, hash, format }: { parsed: ParsedBriefing; file: string; hash: string; format: BriefingFormat },
  importedAt: string,
  runId: number,
): NewBriefing {
  return {
    title: p.title,
    headline: p.headline,
    source: p.source,
    byline: p.byline,
    dateline: p.dateline,
    publishedAt: p.publishedAt,
    importedAt,
    format,
    originalPath: file,
    contentHash: hash,
    text: p.text,
    html: sanitizeArticleHtml(p.html),
    headings: p.headings,
    excerpt: excerptOf(p.text),
    wordCount: countWords(p.text),
    related: p.related,
    tags: p.tags,
    importRunId: runId,
  };
}
