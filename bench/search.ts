/**
 * npm run bench:search: index build, memory and query latency at 10,000 and 50,000 briefings of
 * realistic text, end to end (query + filters + top-20 snippets), with SQLite FTS5 (bm25 +
 * snippet()) measured side by side on the same corpus and queries as the baseline.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/main/library/db/open';
import { createSearchService } from '../src/main/library/search/search-service';
import { seed } from './seed';

const sizes = process.argv.includes('--quick') ? [2000] : [10_000, 50_000];
const RUNS = 30;

type Q = { kind: string; ours: string; fts: string; filter?: boolean };
const QUERIES: Q[] = [
  { kind: 'common word', ours: 'ministers', fts: 'ministers' },
  { kind: 'rare word', ours: 'ref1234x', fts: 'ref1234x' },
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

async function main(): Promise<void> {
  console.log(`bench:search on ${os.cpus().length} cores, Node ${process.version}`);
  for (const n of sizes) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-bench-search-'));
    const file = path.join(dir, 'library.db');
    const db = openDatabase(file);
    seed(db, n);

    // Ours: build from SQLite, as at start-up.
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const rss0 = process.memoryUsage().rss;
    let t = performance.now();
    const search = createSearchService({ db });
    await search.ready();
    const buildS = (performance.now() - t) / 1000;
    global.gc?.();
    const heapMb = (process.memoryUsage().heapUsed - heap0) / 1e6;
    const rssMb = process.memoryUsage().rss / 1e6;

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
    console.log(
      `${n.toLocaleString()} briefings: index build ${buildS.toFixed(2)} s (${Math.round(n / buildS).toLocaleString()}/s), +${heapMb.toFixed(0)} MB heap, RSS ${rssMb.toFixed(0)} MB (was ${(rss0 / 1e6).toFixed(0)}); FTS5 build ${ftsBuildS.toFixed(2)} s`,
    );
    console.log(
      'query kind      results   ours p50 / p95 / p99 ms      FTS5 p50 / p95 / p99 ms    p95 ratio (FTS5/ours)',
    );
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
        `${q.kind.padEnd(14)} ${String(total).padStart(8)}   ${f(ours).padEnd(26)}   ${f(base).padEnd(26)} ${(pct(base, 95) / pct(ours, 95)).toFixed(2)}x`,
      );
    }
    console.log(
      `all queries: ours p95 ${pct(allOurs, 95).toFixed(2)} ms, FTS5 p95 ${pct(allFts, 95).toFixed(2)} ms (${(pct(allFts, 95) / pct(allOurs, 95)).toFixed(2)}x)`,
    );

    // Fresh start: a new service on the same file, to the first answer.
    t = performance.now();
    const fresh = createSearchService({ db });
    await fresh.search({ query: 'ministers', limit: 20 });
    console.log(
      `start-up to first result (index rebuilt from SQLite): ${((performance.now() - t) / 1000).toFixed(2)} s`,
    );
    fts.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
