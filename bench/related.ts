/**
 * npm run bench:related: how good "Related in your library" is on real text (issue 20, point 5).
 * A labelled library of real SpamAssassin mailing-list threads and State of the Union speeches
 * (tests/helpers/related-set.ts), the reference briefing among them; precision and recall of the
 * top 5 for every briefing with related ones, and the time per lookup.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/main/library/db/open';
import { createSearchService } from '../src/main/library/search/search-service';
import { createImportService } from '../src/main/library/services/import-service';
import { scoreRelated, writeRelatedSet } from '../tests/helpers/related-set';

const SAMPLE = path.resolve(__dirname, '..', '..', 'resources', 'samples', 'us-rejects-global-ai-governance.txt');

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-bench-related-'));
  const set = writeRelatedSet(path.join(dir, 'files'), {
    maxMail: 1200,
    distractors: 600,
    speeches: 233,
    reference: SAMPLE,
  });
  const db = openDatabase(path.join(dir, 'library.db'));
  const search = createSearchService({ db });
  const importer = createImportService({ db });
  const report = await importer.importPaths([path.join(dir, 'files')], { source: 'bench' });
  await search.ready();
  await search.catchUp();
  console.log(
    `bench:related on ${os.cpus().length} cores: ${report.imported} real briefings ` +
      `(${set.filter((s) => s.kind === 'mail').length} mails, ${set.filter((s) => s.kind === 'speech').length} speeches, the reference briefing)`,
  );
  const times: number[] = [];
  const score = await scoreRelated(db, set, async (id) => {
    const t = performance.now();
    const found = await search.similar(id, 5);
    times.push(performance.now() - t);
    return found.map((f) => ({ id: f.briefing.id as number, title: f.briefing.title }));
  });
  times.sort((a, b) => a - b);
  const q = (p: number): string => (times[Math.floor(p * (times.length - 1))] ?? 0).toFixed(1);
  console.log(`queries (briefings with 2+ related)   ${score.queries}`);
  console.log(`answered (at least one shown)         ${score.answered}`);
  console.log(`precision of the top 5                ${score.precisionAt5.toFixed(3)}`);
  console.log(`recall of the top 5                   ${score.recallAt5.toFixed(3)}`);
  console.log(`results of the other kind (unrelated) ${score.crossKind} of ${score.shown} shown`);
  console.log(
    `offered for the reference briefing    ${score.reference.length ? score.reference.join(' | ') : '(nothing)'}`,
  );
  console.log(`time per lookup p50 / p95             ${q(0.5)} / ${q(0.95)} ms`);
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
