/**
 * npm run bench:import: import speed per format and for a 10,000-file mixed folder, through the
 * same pipeline the app uses (scan, worker pool, batched writes), on a real SQLite file.
 * Prints files/s, peak RSS and the longest stall of this (main) thread's event loop, which is
 * what the Electron main process would feel. The corpus is deterministic and cached in the temp
 * folder, so runs compare like with like.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openDatabase } from '../src/main/library/db/open';
import { createImportService } from '../src/main/library/services/import-service';
import { createSearchClient } from '../src/main/library/search/search-client';
import { snapshotPathFor } from '../src/main/library/search/search-service';
import { briefing, toDocx, toEml, toHtml, toMd, toPdf, toTxt } from '../tests/fixtures/generate';
import {
  writeDebianHtml,
  writeDebianNotes,
  writeDebianPdfs,
  writeRealMail,
  writeRealMarkdown,
  writeRealPages,
  writeRealSpeeches,
  writeSpeechDocuments,
} from '../tests/helpers/real-material';
import { writeRealTextFiles } from '../tests/helpers/real-text';

type Format = 'txt' | 'md' | 'eml' | 'html' | 'pdf' | 'docx';
const quick = process.argv.includes('--quick');
const PER_FORMAT: Record<Format, number> = quick
  ? { txt: 400, md: 400, eml: 400, html: 60, pdf: 60, docx: 60 }
  : { txt: 3000, md: 3000, eml: 2000, html: 300, pdf: 300, docx: 300 };
const MIXED: Record<Format, number> = quick
  ? { txt: 500, md: 300, eml: 300, html: 60, pdf: 30, docx: 30 }
  : { txt: 4200, md: 2500, eml: 2300, html: 500, pdf: 300, docx: 200 };

const root = path.join(os.tmpdir(), `briefings-bench-corpus-v1${quick ? '-quick' : ''}`);

async function write(dir: string, format: Format, count: number, offset: number): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const seed = offset + i;
    // Real briefings vary in length: 2-5 sections of 2-4 paragraphs (about 300-1,500 words).
    const b = briefing(seed, 2 + (seed % 3), 2 + (seed % 4));
    const file = path.join(dir, `${format}-${seed}.${format}`);
    if (fs.existsSync(file)) continue;
    if (format === 'txt') fs.writeFileSync(file, toTxt(b));
    else if (format === 'md') fs.writeFileSync(file, toMd(b));
    else if (format === 'eml') fs.writeFileSync(file, toEml(b));
    else if (format === 'html') fs.writeFileSync(file, toHtml(b, 100));
    else if (format === 'pdf') fs.writeFileSync(file, await toPdf(b));
    else fs.writeFileSync(file, await toDocx(b));
  }
}

function sizeOf(dir: string): number {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .reduce((n, e) => (e.isFile() ? n + fs.statSync(path.join(e.parentPath, e.name)).size : n), 0);
}

type Row = {
  label: string;
  files: number;
  seconds: number;
  importSeconds: number;
  rate: number;
  stallMs: number;
  rssMb: number;
  failed: number;
  reasons: Map<string, number>;
};

/**
 * Imports `dir` into a fresh library. Generated corpora must import whole (`exact`); real ones
 * report what failed and why instead, since real folders hold spam, stubs and broken files.
 */
async function run(label: string, dir: string, files: number, exact = true, probeWord = 'ministers'): Promise<Row> {
  const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-bench-db-'));
  let t0 = performance.now();
  const dbPath = path.join(dbDir, 'library.db');
  const db = openDatabase(dbPath);

  const h = monitorEventLoopDelay({ resolution: 5 });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  h.enable();
  let lastTick = performance.now();
  const gaps: string[] = [];
  const ticker = setInterval(() => {
    const now = performance.now();
    if (now - lastTick > 45) gaps.push(`${(lastTick - t0).toFixed(0)}+${(now - lastTick).toFixed(0)}`);
    lastTick = now;
  }, 2);
  // The search index exists before the import, in its worker thread, as in the app;
  // "searchable" means the first query after the import has caught the index up and answered.
  const search = createSearchClient({ dbPath, snapshotPath: snapshotPathFor(dbPath), mainDb: db });
  const importer = createImportService({ db, checkpoint: () => search.checkpoint() });
  await search.ready();
  t0 = performance.now();
  const report = await importer.importPaths([dir], { source: 'bench' });
  const importSeconds = (performance.now() - t0) / 1000;
  const probe = await search.search({ query: probeWord, limit: 20 });
  const seconds = (performance.now() - t0) / 1000;
  h.disable();
  clearInterval(ticker);
  if (gaps.length) console.log(label, 'gaps (ms from import start + length)', gaps.join(' '));
  clearInterval(sampler);
  await search.close();
  if (probe.total === 0 || (exact && (report.imported !== files || report.failed !== 0))) {
    throw new Error(`${label}: expected ${files} imported, got ${JSON.stringify({ ...report, files: undefined })}`);
  }
  const reasons = new Map<string, number>();
  for (const f of report.files)
    if (f.outcome === 'failed') reasons.set(f.reason ?? '', (reasons.get(f.reason ?? '') ?? 0) + 1);
  db.close();
  fs.rmSync(dbDir, { recursive: true, force: true });
  return {
    label,
    files,
    seconds,
    importSeconds,
    rate: files / importSeconds,
    stallMs: h.max / 1e6,
    rssMb: peakRss / 1024 / 1024,
    failed: report.failed,
    reasons,
  };
}

const realRoot = path.join(os.tmpdir(), 'briefings-bench-real-v1');

/** Real files in batches of a few hundred (what people drop most), then 10,000 mixed real files. */
async function realCorpus(): Promise<{
  batches: { label: string; dir: string; files: number; probe: string }[];
  mixed: { dir: string; files: number };
}> {
  const batch = (label: string, probe: string, write: (dir: string) => string[] | Promise<string[]>) => async () => {
    const dir = path.join(realRoot, label);
    return { label, dir, files: await cached(dir, write), probe };
  };
  const batches = [];
  for (const make of [
    batch('mail', 'list', (d) => writeRealMail(d, 500, ['easy-ham-1'])),
    batch('mail-html', 'email', (d) => writeRealMail(d, 250, ['hard-ham-1'])),
    batch('md', 'install', (d) => writeRealMarkdown(d, 300)),
    batch('pages', 'the', (d) => writeRealPages(d)),
    batch('speeches', 'congress', (d) => writeRealSpeeches(d, 233)),
    batch('pdf', 'congress', async (d) => [...writeDebianPdfs(d), ...(await writeSpeechDocuments(d, 60, 'pdf'))]),
    batch('docx', 'congress', (d) => writeSpeechDocuments(d, 100, 'docx')),
    // The largest real page at hand (Node's 8.4 MB all-in-one API page): the main thread must
    // not stall while it is stored, and the parse limit must not trip on a busy machine.
    batch('large-page', 'buffer', (d) =>
      writeDebianHtml(d).filter((f) => fs.statSync(f).size > 4 * 1024 * 1024 || (fs.unlinkSync(f), false)),
    ),
  ])
    batches.push(await make());
  // 10,000 mixed: every SpamAssassin message, the READMEs, pages, speeches as text, PDF and Word,
  // Debian's HTML documentation and text files, until 10,000 distinct files.
  const dir = path.join(realRoot, 'mixed');
  let n = 0;
  const add = async (sub: string, write: (d: string) => string[] | Promise<string[]>): Promise<void> => {
    n += await cached(path.join(dir, sub), write);
  };
  await add('pages', (d) => writeRealPages(d));
  await add('speeches', (d) => writeRealSpeeches(d, 233));
  await add('pdf', async (d) => [...writeDebianPdfs(d), ...(await writeSpeechDocuments(d, 100, 'pdf'))]);
  await add('docx', (d) => writeSpeechDocuments(d, 100, 'docx'));
  await add('md', (d) => writeRealMarkdown(d, 1500, undefined, 'any'));
  await add('doc-html', (d) => writeDebianHtml(d));
  await add('mail', (d) => writeRealMail(d, 6046, ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2']));
  await add('doc-notes', (d) => writeDebianNotes(d, 10_000 - n));
  await add('doc-text', (d) => writeRealTextFiles(d, 10_000 - n));
  return { batches, mixed: { dir, files: n } };
}

/** Writes a corpus folder once; later runs reuse it (a `.complete` marker holds its file count). */
async function cached(dir: string, write: (d: string) => string[] | Promise<string[]>): Promise<number> {
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return Number(fs.readFileSync(marker, 'utf8'));
  fs.rmSync(dir, { recursive: true, force: true });
  const n = (await write(dir)).length;
  fs.writeFileSync(marker, String(n));
  return n;
}

function table(title: string, rows: (Row & { kb: number })[]): void {
  console.log('');
  console.log(title);
  console.log('batch       files   avg KB   import s   files/s   failed   longest stall ms   peak RSS MB');
  for (const r of rows) {
    console.log(
      `${r.label.padEnd(10)} ${String(r.files).padStart(6)} ${r.kb.toFixed(1).padStart(8)} ${r.importSeconds.toFixed(2).padStart(9)} ${r.rate.toFixed(0).padStart(9)} ${String(r.failed).padStart(8)} ${r.stallMs.toFixed(1).padStart(18)} ${r.rssMb.toFixed(0).padStart(13)}`,
    );
  }
}

function failures(rows: Row[]): void {
  for (const r of rows) {
    if (r.reasons.size === 0) continue;
    const top = [...r.reasons].sort((a, b) => b[1] - a[1]).slice(0, 6);
    console.log(`  ${r.label} failed: ${top.map(([why, k]) => `${k} × ${why}`).join('; ')}`);
  }
}

async function main(): Promise<void> {
  const realOnly = process.argv.includes('--real-only');
  console.log(`bench:import on ${os.cpus().length} cores, Node ${process.version}${quick ? ' (quick)' : ''}`);
  console.log(
    `real corpus: ${realRoot} (SpamAssassin mail, State of the Union, npm READMEs, saved pages, Debian docs)`,
  );
  const real = await realCorpus();
  const realRows = [];
  const only = process.argv.find((a) => a.startsWith('--batch='))?.slice(8);
  for (const b of real.batches.filter((x) => !only || x.label === only)) {
    const r = await run(b.label, b.dir, b.files, false, b.probe);
    realRows.push({ ...r, kb: sizeOf(b.dir) / b.files / 1024 });
  }
  if (only) return table(`REAL ${only}`, realRows);
  const realMixed = await run('mixed', real.mixed.dir, real.mixed.files, false, 'the');
  realRows.push({ ...realMixed, kb: sizeOf(real.mixed.dir) / real.mixed.files / 1024 });
  table('REAL material (rates exclude nothing but the library opening; failed = refused with a reason)', realRows);
  failures(realRows);
  console.log(
    `real mixed: ${real.mixed.files} files imported and searchable in ${realMixed.seconds.toFixed(1)} s; longest main-thread stall ${realMixed.stallMs.toFixed(1)} ms`,
  );
  if (realOnly) return;

  console.log('');
  console.log(`generated corpus: ${root} (generated once, deterministic)`);
  let offset = 0;
  for (const [format, count] of Object.entries(PER_FORMAT) as [Format, number][]) {
    await write(path.join(root, 'per-format', format), format, count, offset);
    offset += count;
  }
  let mixedOffset = 100_000;
  for (const [format, count] of Object.entries(MIXED) as [Format, number][]) {
    await write(path.join(root, 'mixed', format), format, count, mixedOffset);
    mixedOffset += count;
  }
  const rows = [];
  for (const [format, count] of Object.entries(PER_FORMAT) as [Format, number][]) {
    const dir = path.join(root, 'per-format', format);
    const r = await run(format, dir, count);
    rows.push({ ...r, kb: sizeOf(dir) / count / 1024 });
  }
  const mixedDir = path.join(root, 'mixed');
  const total = Object.values(MIXED).reduce((a, b) => a + b, 0);
  const mixed = await run('mixed', mixedDir, total);
  rows.push({ ...mixed, kb: sizeOf(mixedDir) / total / 1024 });
  table('GENERATED corpus (second line: synthetic text, clean markup)', rows);
  console.log(
    `generated mixed: ${total} files imported and searchable in ${mixed.seconds.toFixed(1)} s; longest main-thread stall ${mixed.stallMs.toFixed(1)} ms`,
  );
}

void main();
