/**
 * npm run bench:organize: tag tree and source counts, bulk tagging and its undo, a tag rename,
 * and tag suggestions, on a library of 50,000 briefings carrying two of 300 hierarchical tags
 * each. Each figure is the median of several runs in one process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/main/library/db/open';
import { createEntityClient } from '../src/main/library/organize/entity-client';
import { createSearchService } from '../src/main/library/search/search-service';
import { createImportService } from '../src/main/library/services/import-service';
import { createOrganizeService } from '../src/main/library/services/organize-service';
import { seed } from './seed';

const N = process.argv.includes('--quick') ? 5000 : 50_000;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
async function time(runs: number, f: () => unknown): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    out.push(performance.now() - t);
  }
  return median(out);
}
const ms = (x: number): string => `${x.toFixed(1)} ms`;

async function main(): Promise<void> {
  console.log(`bench:organize on ${os.cpus().length} cores, Node ${process.version}, ${N.toLocaleString()} briefings`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-bench-organize-'));
  const db = openDatabase(path.join(dir, 'library.db'));
  const topics = ['policy', 'economy', 'security', 'climate', 'tech', 'health'];
  const tagOf = (k: number): string => `${topics[k % 6]}/${k % 50 === 0 ? 'general' : `sub${k % 50}`}`;
  seed(db, N, (i) => [tagOf(i % 300), tagOf((i * 7 + 3) % 300)]);
  const search = createSearchService({ db });
  const entities = createEntityClient();
  const organize = createOrganizeService({ db, search, entities });
  let t = performance.now();
  await search.ready();
  console.log(`index build (setup)           ${ms(performance.now() - t)}`);

  console.log(
    `tag tree with counts          ${ms(await time(7, () => organize.tags()))}  (${organize.tags().length} nodes)`,
  );
  console.log(`source counts                 ${ms(await time(7, () => organize.sources()))}`);

  const view = { view: { tag: 'policy', archived: false } } as const;
  const size = (await organize.resolve(view)).length;
  t = performance.now();
  await organize.bulk(view, { addTags: ['bench/bulk'] });
  const bulk = performance.now() - t;
  t = performance.now();
  await search.catchUp();
  const catchUp = performance.now() - t;
  t = performance.now();
  organize.undo();
  const undo = performance.now() - t;
  await search.catchUp();
  console.log(
    `bulk tag ${size.toLocaleString()} briefings       ${ms(bulk)}; index catch-up ${ms(catchUp)}; undo ${ms(undo)}`,
  );

  t = performance.now();
  organize.renameTag('security', 'defence');
  const rename = performance.now() - t;
  t = performance.now();
  await search.catchUp();
  console.log(`rename a tag subtree          ${ms(rename)}; index catch-up ${ms(performance.now() - t)}`);

  const ref = path.resolve(__dirname, '..', '..', 'resources', 'samples');
  const report = await createImportService({ db, poolSize: 1 }).importPaths([ref], { source: 'bench' });
  const id = report.files[0]?.id as number;
  t = performance.now();
  const first = await organize.suggest(id);
  console.log(`suggestions, first (worker start) ${ms(performance.now() - t)}: ${first.map((s) => s.name).join(', ')}`);
  console.log(`suggestions, warm             ${ms(await time(5, () => organize.suggest(id)))}`);
  await entities.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
