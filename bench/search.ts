/**
 * npm run bench:search: at 10,000 and 50,000 briefings of realistic text (bench/seed.ts: a
 * 60,000-word Zipf vocabulary, ~400 words each): index build rate, memory, snapshot size, save
 * and load time, launch to first result (a fresh search worker loading the snapshot, as the app
 * starts), query latency p50/p95/p99 end to end as the app sees it (main -> worker -> query,
 * filters, top-20 snippets -> main), and SQLite FTS5 (bm25 + snippet() + count) side by side on
 * the same corpus and queries as the baseline, measured after one untimed pass of the mix (the
 * first query of each kind is printed on its own).
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/main/library/db/open';
import { createSearchClient } from '../src/main/library/search/search-client';
import { createSearchService, snapshotPathFor } from '../src/main/library/search/search-service';
import { articleText, seed } from './seed';

const sizes = process.argv.includes('--quick') ? [2000] : [10_000, 50_000];
const RUNS = 60;

type Q = { kind: string; ours: string; fts: string; filter?: boolean };
/** A briefing's own reference token (in about 30% of them): the first from 1,234 on that exists. */
let rareSeed = 1234;
while (!articleText(rareSeed).includes(`ref${rareSeed}x`)) rareSeed++;
const RARE = `ref${rareSeed}x`;
const QUERIES: Q[] = [
  { kind: 'common word', ours: 'ministers', fts: 'ministers' },
  { kind: 'rare word', ours: RARE, fts: RARE },
  { kind: '2 words', ours: 'sanctions treaty', fts: 'sanctions treaty' },
  { kind: '3 words', ours: 'climate energy subsidies', fts: 'climate energy subsidies' },
  { kind: 'prefix', ours: 'sovereig', fts: 'sovereig*' },
  { kind: 'phrase', ours: '"central bank"', fts: '"central bank"' },
  { kind: 'with filter', ours: 'is:unread procurement', fts: 'procurement', filter: true },
];

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};
const mb = (b: number): string => `${(b / 1e6).toFixed(0)} MB`;

/** Waits for the start-up check of a loaded snapshot to finish; returns how long it took. */
async function settled(search: { stats(): Promise<{ check: { ms: number } | null }> }): Promise<number> {
  for (;;) {
    const { check } = await search.stats();
    if (check) return check.ms;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The --launch child: time to the first result and memory, from nothing but the snapshot. */
async function launchOnly(file: string): Promise<void> {
  const t = performance.now();
  const search = createSearchClient({ dbPath: file, snapshotPath: snapshotPathFor(file) });
  await search.search({ query: 'ministers', limit: 20 });
  const firstResultMs = performance.now() - t;
  const rssFirstMb = process.memoryUsage().rss / 1e6;
  const checkMs = await settled(search);
  const stats = await search.stats();
  const rssMb = process.memoryUsage().rss / 1e6;
  await search.close();
  process.stdout.write(
    JSON.stringify({
      firstResultMs,
      rssFirstMb,
      rssMb,
      checkMs,
      loadMs: stats.loadMs,
      source: stats.source,
      phases: stats.loadPhases,
    }),
  );
}

async function main(): Promise<void> {
  console.log(`bench:search on ${os.cpus().length} cores, Node ${process.version}`);
  for (const n of sizes) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-bench-search-'));
    const file = path.join(dir, 'library.db');
    const snapshotPath = snapshotPathFor(file);
    const db = openDatabase(file);
    seed(db, n);

    // 1. Build from SQLite (first start of a library, or a rebuild), in this thread, and save.
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let t = performance.now();
    let builder: ReturnType<typeof createSearchService> | null = createSearchService({ db, snapshotPath });
    await builder.ready();
    const buildS = (performance.now() - t) / 1000;
    global.gc?.();
    const heapMb = (process.memoryUsage().heapUsed - heap0) / 1e6;
    const built = await builder.stats();
    await builder.close();
    builder = null;
    global.gc?.();

    // 2. Launch, in a fresh process (so memory is the app's, not this benchmark's): a search
    // worker loads the snapshot and answers, as the app does at start-up.
    const launch = JSON.parse(execFileSync(process.execPath, [__filename, '--launch', file], { encoding: 'utf8' })) as {
      firstResultMs: number;
      rssFirstMb: number;
      rssMb: number;
      checkMs: number;
      loadMs: number;
      source: string;
      phases: unknown;
    };
    const search = createSearchClient({ dbPath: file, snapshotPath });
    await search.ready();
    // Measure queries in the steady state, once the background start-up check is done.
    await settled(search);
    const loaded = await search.stats();

    // 3. The first text edit after a load rebuilds FlexSearch's removal register; later ones do not.
    const edit = (k: number): Promise<number> => {
      db.prepare('UPDATE briefings SET text = text || ? WHERE id = ?').run(` edited${k}zz`, 1 + k);
      const started = performance.now();
      return search.search({ query: `edited${k}zz`, limit: 1 }).then((r) => {
        if (r.total !== 1) throw new Error('edit not found');
        return performance.now() - started;
      });
    };
    const firstEditMs = await edit(0);
    const laterEdits: number[] = [];
    for (let k = 1; k <= 10; k++) laterEdits.push(await edit(k));

    // FTS5 on a second connection to the same data.
    const fts = new Database(file);
    t = performance.now();
    fts.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS bench_fts USING fts5(title, text, content='briefings', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
      INSERT INTO bench_fts(bench_fts) VALUES ('rebuild');`);
    const ftsBuildS = (performance.now() - t) / 1000;
    const ftsQuery = fts.prepare(
      `SELECT rowid, snippet(bench_fts, 1, '[', ']', '…', 24) AS s FROM bench_fts WHERE bench_fts MATCH ? ORDER BY bm25(bench_fts, 3.0, 1.0) LIMIT 20`,
    );
    const ftsFiltered = fts.prepare(
      `SELECT f.rowid, snippet(bench_fts, 1, '[', ']', '…', 24) AS s FROM bench_fts f JOIN briefings b ON b.id = f.rowid
       WHERE bench_fts MATCH ? AND b.read_state = 'unread' ORDER BY bm25(bench_fts, 3.0, 1.0) LIMIT 20`,
    );
    const ftsCount = fts.prepare('SELECT count(*) AS n FROM bench_fts WHERE bench_fts MATCH ?');

    console.log('');
    console.log(`${n.toLocaleString()} briefings`);
    console.log(
      `  build from SQLite ${buildS.toFixed(2)} s (${Math.round(n / buildS).toLocaleString()} briefings/s), +${heapMb.toFixed(0)} MB heap; FTS5 build ${ftsBuildS.toFixed(2)} s`,
    );
    console.log(
      `  snapshot ${mb(built.snapshotBytes)}, saved in ${built.saveMs} ms, loaded in ${launch.loadMs} ms at launch ${JSON.stringify(launch.phases)}, ${loaded.loadMs} ms here (source: ${loaded.source})`,
    );
    console.log(
      `  launch to first search result (fresh process: worker start + snapshot load + query): ${launch.firstResultMs.toFixed(0)} ms`,
    );
    console.log(
      `  RSS of that fresh process (main + search worker): ${launch.rssFirstMb.toFixed(0)} MB at the first result, ${launch.rssMb.toFixed(0)} MB after the background start-up check (${(launch.checkMs / 1000).toFixed(1)} s)`,
    );
    console.log(
      `  a text edit is searchable after ${firstEditMs.toFixed(0)} ms (first after a load), then median ${pct(laterEdits, 50).toFixed(1)} ms`,
    );
    console.log(
      '  query kind      results   ours p50 / p95 / p99 ms      FTS5 p50 / p95 / p99 ms    p95 ratio (FTS5/ours)',
    );
    // A first pass of the whole mix, timed but not counted below: the first queries of a fresh
    // worker run before V8 has compiled the query code and before its first full collection of
    // the loaded index (the same pass for FTS5, so both are measured warm).
    const cold: string[] = [];
    for (const q of QUERIES) {
      for (let r = 0; r < 5; r++) {
        t = performance.now();
        await search.search({ query: q.ours, limit: 20 });
        if (r === 0) cold.push(`${q.kind} ${(performance.now() - t).toFixed(1)}`);
        (q.filter ? ftsFiltered : ftsQuery).all(q.fts);
        ftsCount.get(q.fts);
      }
    }
    console.log(`  first query of each kind (cold, not counted below), ms: ${cold.join(', ')}`);
    const allOurs: number[] = [];
    const allFts: number[] = [];
    for (const q of QUERIES) {
      const ours: number[] = [];
      const base: number[] = [];
      let total = 0;
      for (let r = 0; r < RUNS; r++) {
        t = performance.now();
        const res = await search.search({ query: q.ours, limit: 20 });
        ours.push(performance.now() - t);
        total = res.total;
        t = performance.now();
        (q.filter ? ftsFiltered : ftsQuery).all(q.fts);
        ftsCount.get(q.fts);
        base.push(performance.now() - t);
      }
      allOurs.push(...ours);
      allFts.push(...base);
      const f = (xs: number[]) => `${pct(xs, 50).toFixed(2)} / ${pct(xs, 95).toFixed(2)} / ${pct(xs, 99).toFixed(2)}`;
      console.log(
        `  ${q.kind.padEnd(14)} ${String(total).padStart(8)}   ${f(ours).padEnd(26)}   ${f(base).padEnd(26)} ${(pct(base, 95) / pct(ours, 95)).toFixed(2)}x`,
      );
    }
    console.log(
      `  all queries: ours p95 ${pct(allOurs, 95).toFixed(2)} ms, FTS5 p95 ${pct(allFts, 95).toFixed(2)} ms (${(pct(allFts, 95) / pct(allOurs, 95)).toFixed(2)}x)`,
    );
    await search.close();
    fts.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const launchAt = process.argv.indexOf('--launch');
void (launchAt >= 0 ? launchOnly(process.argv[launchAt + 1] as string) : main());
