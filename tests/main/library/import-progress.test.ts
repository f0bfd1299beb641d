import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/library/db/open';
import { createImportService } from '../../../src/main/library/services/import-service';
import { progressLine } from '../../../src/main/cli';
import { secondsLeft } from '../../../src/shared/eta';
import type { ImportProgress } from '../../../src/shared/model';
import { writeRealPages } from '../../helpers/real-material';
import { writeRealTextFiles } from '../../helpers/real-text';
import { tempDir } from '../../helpers/temp';

const at = (p: Partial<ImportProgress>): ImportProgress => ({
  runId: 1,
  phase: 'importing',
  found: {},
  totalBytes: 100_000_000,
  done: 0,
  total: 1000,
  imported: 0,
  duplicates: 0,
  skipped: 0,
  failed: 0,
  currentPath: null,
  elapsedMs: 0,
  ...p,
});

describe('import progress (issue 14, point 8)', () => {
  it('estimates time left from bytes since parsing began, and says nothing until it has enough', () => {
    // 2 s in, 20 small files of 1,000 done: a per-file rate said "about 50 min left" here.
    expect(secondsLeft(at({ elapsedMs: 2600, importingSinceMs: 600, done: 20, doneBytes: 400_000 }))).toBeNull();
    // After 3 s it speaks, from bytes: 10 MB of 100 MB in 4 s of parsing -> 36 s left.
    expect(secondsLeft(at({ elapsedMs: 4600, importingSinceMs: 600, done: 300, doneBytes: 10_000_000 }))).toBeCloseTo(
      36,
      5,
    );
    // Scanning time does not count as parsing time.
    expect(secondsLeft(at({ phase: 'scanning', elapsedMs: 9000, doneBytes: 0 }))).toBeNull();
    expect(progressLine(at({ elapsedMs: 2600, importingSinceMs: 600, done: 20, doneBytes: 400_000 }))).toContain(
      'ETA …',
    );
  });

  it('reports bytes done adding up to the total, and names a file that holds the queue', async () => {
    const dir = tempDir();
    const inbox = path.join(dir, 'inbox');
    writeRealTextFiles(inbox, 20);
    // A real page made large (every corpus page in one file): it takes the parser a while.
    let body = '';
    for (const f of writeRealPages(path.join(dir, 'pages'))) {
      if (body.length > 6 * 1024 * 1024) break;
      body += fs.readFileSync(f, 'utf8').replace(/^[\s\S]*?<body[^>]*>|<\/body>[\s\S]*$/gi, '');
    }
    const big = path.join(inbox, 'big.html');
    fs.writeFileSync(big, `<html><head><title>Big</title></head><body>${body}</body></html>`);
    const events: ImportProgress[] = [];
    const db = openDatabase(path.join(dir, 'library.db'));
    const report = await createImportService({ db, slowFileMs: 50 }).importPaths([inbox], {
      source: 'test',
      onProgress: (p) => events.push(p),
    });
    db.close();
    expect(report.imported).toBe(21);
    const last = events.at(-1) as ImportProgress;
    expect(last.phase).toBe('done');
    expect(last.doneBytes).toBe(last.totalBytes);
    expect(last.importingSinceMs).toBeGreaterThanOrEqual(0);
    const slow = events.find((e) => e.slowFile?.path === big);
    expect(slow?.slowFile?.path).toBe(big);
    expect(progressLine(slow as ImportProgress)).toContain('reading big.html');
  }, 60_000);
});
