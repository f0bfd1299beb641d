import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../src/main/library/db/open';
import { createSearchService } from '../../../../src/main/library/search/search-service';
import { createImportService } from '../../../../src/main/library/services/import-service';
import { scoreRelated, writeRelatedSet, type Labelled, type RelatedScore } from '../../../helpers/related-set';
import { SAMPLE } from '../../../helpers/temp';

/**
 * "Related in your library" on real text (issue 20, point 5): SpamAssassin threads and State of
 * the Union speeches, labelled by thread and by president (tests/helpers/related-set.ts). The
 * lookup that summed the weights of shared terms scored precision 0.55 here (0.81 now), gave
 * mails speeches and the AI-governance reference five speeches; these bounds fail on it.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-related-'));
let db: Db;
let set: Labelled[];
let score: RelatedScore;
let search: ReturnType<typeof createSearchService>;

beforeAll(async () => {
  set = writeRelatedSet(path.join(dir, 'files'), { maxMail: 450, distractors: 200, speeches: 80, reference: SAMPLE });
  db = openDatabase(path.join(dir, 'library.db'));
  await createImportService({ db, poolSize: 2 }).importPaths([path.join(dir, 'files')], { source: 'test' });
  search = createSearchService({ db });
  await search.ready();
  await search.catchUp();
  score = await scoreRelated(db, set, async (id) =>
    (await search.similar(id, 5)).map((f) => ({ id: f.briefing.id as number, title: f.briefing.title })),
  );
}, 120_000);

afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('related briefings on real mail and speeches', () => {
  it('mostly offers the same thread or the same president', () => {
    expect(score.queries).toBeGreaterThan(200);
    expect(score.answered / score.queries).toBeGreaterThan(0.85);
    expect(score.precisionAt5).toBeGreaterThan(0.75);
    expect(score.recallAt5).toBeGreaterThan(0.6);
  });

  it('hardly ever offers a speech for a mail or a mail for a speech', () => {
    expect(score.crossKind / score.shown).toBeLessThan(0.02);
  });

  it('offers nothing for a briefing that nothing in the library is about', () => {
    expect(score.reference).toEqual([]);
  });

  it('gives the words both share, as the briefing writes them, with a score between 0 and 1', async () => {
    const speech = set.find((l) => l.kind === 'speech');
    const row = db.prepare('SELECT id FROM briefings WHERE original_path = ?').get(speech?.file) as { id: number };
    const found = await search.similar(row.id, 5);
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) {
      expect(f.score).toBeGreaterThan(0);
      expect(f.score).toBeLessThanOrEqual(1);
      expect(f.shared.length).toBeGreaterThanOrEqual(2);
      for (const w of f.shared) expect(w).toMatch(/^[\p{L}\p{N}]+$/u);
    }
    const scores = found.map((f) => f.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });
});
