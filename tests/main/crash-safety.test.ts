import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/library/db/open';
import { createSearchService, snapshotPathFor } from '../../src/main/library/search/search-service';
import { briefing, rng, toMd } from '../fixtures/generate';
import { recordFigures } from '../helpers/figures';
import { REPO_ROOT, tempDir } from '../helpers/temp';

const TRIALS = 24;
const FILES_PER_TRIAL = 300;

/**
 * Runs `briefings import` on a folder and SIGKILLs it once `killAt` more briefings are committed
 * (watched through a second, read-only connection, as WAL allows), so every kill lands mid-run
 * at a random point, however fast the machine. A kill before the first commit (killAt 0) hits
 * start-up and the first batch.
 */
function importAndKill(dir: string, db: string, killAt: number): Promise<{ killed: boolean }> {
  const count = (): number => {
    if (!fs.existsSync(db)) return 0;
    let reader: Database.Database | null = null;
    try {
      reader = new Database(db, { readonly: true, fileMustExist: true });
      return (reader.prepare('SELECT count(*) AS n FROM briefings').get() as { n: number }).n;
    } catch {
      // Being created, or the schema is not there yet: nothing committed.
      return 0;
    } finally {
      reader?.close();
    }
  };
  const before = count();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'briefings.cjs'), 'import', dir, '--db', db], {
      stdio: 'ignore',
    });
    let done = false;
    const poll = setInterval(() => {
      if (!done && count() - before >= killAt) child.kill('SIGKILL');
    }, 15);
    const fallback = setTimeout(() => !done && child.kill('SIGKILL'), 30_000);
    child.on('exit', (_code, signal) => {
      done = true;
      clearInterval(poll);
      clearTimeout(fallback);
      resolve({ killed: signal === 'SIGKILL' });
    });
  });
}

/**
 * Power loss in the middle of a bulk import: the CLI importer (the same pipeline as the app) is
 * killed with SIGKILL at random moments. After each kill the library must be intact, hold no
 * half-written briefing, and the search index must agree with it on the next start.
 */
describe('crash safety', () => {
  it(`survives ${TRIALS} SIGKILLs during bulk imports`, async () => {
    const root = tempDir();
    const db = path.join(root, 'library.db');
    const random = rng(20261127);
    let seed = 50_000;
    let killed = 0;
    let since = 0;
    let fromSnapshot = 0;
    let repaired = 0;
    const failures: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = path.join(root, `batch-${trial}`);
      fs.mkdirSync(dir);
      for (let i = 0; i < FILES_PER_TRIAL; i++) fs.writeFileSync(path.join(dir, `b${i}.md`), toMd(briefing(seed++)));
      // Anywhere from before the first commit to near the end of the run.
      const r = await importAndKill(dir, db, Math.floor(random() * FILES_PER_TRIAL * 0.9));
      if (r.killed) killed++;

      const lib = openDatabase(db);
      try {
        const check = lib.pragma('integrity_check', { simple: true });
        if (check !== 'ok') failures.push(`trial ${trial}: integrity_check ${String(check)}`);
        const fk = lib.pragma('foreign_key_check') as unknown[];
        if (fk.length > 0) failures.push(`trial ${trial}: ${fk.length} foreign key violations`);
        const partial = lib
          .prepare(
            `SELECT b.id FROM briefings b WHERE b.text = '' OR b.html = ''
               OR (SELECT count(*) FROM briefing_tags bt WHERE bt.briefing_id = b.id) <> 2
               OR (b.id > @since AND NOT EXISTS
                 (SELECT 1 FROM briefing_changes c WHERE c.briefing_id = b.id AND c.kind = 'upsert'))`,
          )
          .all({ since }) as { id: number }[];
        if (partial.length > 0) failures.push(`trial ${trial}: ${partial.length} half-written briefings`);
        // Starting the search index consumes the change log up to here: later trials check only
        // the briefings stored after this point for their log entries.
        since = (lib.prepare('SELECT coalesce(max(id), 0) AS m FROM briefings').get() as { m: number }).m;
        // The next start as the app does it: the snapshot the previous start saved, plus the
        // changes logged since. Its own start-up check compares every briefing with the database;
        // anything it has to repair is a disagreement the snapshot restart would have shown.
        const search = createSearchService({ db: lib, snapshotPath: snapshotPathFor(db) });
        await search.ready();
        let stats = await search.stats();
        // A build from SQLite (the first start) has nothing to check against.
        while (stats.source === 'snapshot' && !stats.check) {
          await new Promise((r) => setTimeout(r, 10));
          stats = await search.stats();
        }
        if (trial > 0 && stats.source === 'snapshot') fromSnapshot++;
        else if (trial > 0)
          failures.push(
            `trial ${trial}: rebuilt instead of loading the snapshot (${stats.snapshotProblem ?? stats.source})`,
          );
        const fixed = stats.check?.repaired ?? 0;
        repaired += fixed;
        if (fixed > 0)
          failures.push(
            `trial ${trial}: the restart from the snapshot disagreed with the library on ${fixed} briefings`,
          );
        const sample = lib.prepare('SELECT title FROM briefings ORDER BY random() LIMIT 3').all() as {
          title: string;
        }[];
        for (const { title } of sample) {
          const found = await search.search({ query: `title:"${title.replace(/"/g, '')}"`, limit: 50 });
          if (!found.items.some((h) => h.briefing.title === title))
            failures.push(`trial ${trial}: "${title}" not found`);
        }
        await search.close();
      } finally {
        lib.close();
      }
    }
    const lib = openDatabase(db);
    const stored = (lib.prepare('SELECT count(*) AS n FROM briefings').get() as { n: number }).n;
    lib.close();
    expect(failures).toEqual([]);
    expect(killed).toBeGreaterThanOrEqual(20);
    expect(fromSnapshot).toBe(TRIALS - 1);
    recordFigures('crash', {
      title: 'Crash safety (SIGKILL during bulk import)',
      source: 'tests/main/crash-safety.test.ts',
      rows: [
        ['trials (import of 300 Markdown files, killed after a random number of commits)', TRIALS],
        ['killed mid-run', killed],
        ['briefings committed across the trials', stored],
        ['restarts that loaded the previous snapshot and replayed the change log', fromSnapshot],
        ['briefings the start-up check had to repair after those restarts', repaired],
        [
          'failures (integrity_check, foreign keys, half-written briefing, snapshot restart disagreeing with the library)',
          failures.length,
        ],
      ],
    });
  }, 300_000);
});
