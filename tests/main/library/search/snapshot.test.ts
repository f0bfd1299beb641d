import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import type { Db } from '../../../../src/main/library/db/open';
import { deleteBriefing, updateReading } from '../../../../src/main/library/repos/briefings';
import { setTagsForBriefing } from '../../../../src/main/library/repos/tags';
import { createSearchClient } from '../../../../src/main/library/search/search-client';
import { createSearchService, snapshotPathFor } from '../../../../src/main/library/search/search-service';
import { SearchIndex, SNAPSHOT_VERSION } from '../../../../src/main/library/search/search-index';
import { seed } from '../../../helpers/briefings';
import { recordFigures } from '../../../helpers/figures';
import { tempDb, tempDir } from '../../../helpers/temp';

const damagedSnapshots = { flips: 0, rejected: 0, redirectedPosting: 0 };

afterAll(() => {
  recordFigures('snapshot', {
    title: 'Search snapshot integrity (checksums of the whole file and each block, verified on load)',
    source: 'tests/main/library/search/snapshot.test.ts',
    rows: [
      ['distinct random 4-byte changes tried anywhere in the file', damagedSnapshots.flips],
      ['of them refused on load (the next start rebuilds)', damagedSnapshots.rejected],
      [
        'one posting pointed at another briefing: caught and rebuilt, answers as before',
        damagedSnapshots.redirectedPosting,
      ],
    ],
  });
});

const QUERIES = [
  'harbour',
  'harb',
  '"cargo cranes"',
  'title:ledger',
  'tag:ports/north',
  'is:read harbour',
  'harbour -cranes',
  'sovereignty OR ledger',
];

/** A small library whose briefings differ in words, phrases, tags and reading state. */
function library(): { db: Db; file: string } {
  const { db, file } = tempDb();
  const words = ['harbour', 'ledger', 'sovereignty', 'cargo cranes', 'tariff schedule', 'Zürich accord'];
  const ids = seed(db, 60, (i) => ({
    title: `${i % 7 === 0 ? 'Ledger' : 'Note'} ${i}: ${words[i % words.length]}`,
    text: `Report ${i} on the ${words[i % words.length]} and the ${words[(i * 5 + 1) % words.length]}. ${i % 3 === 0 ? 'Cranes cargo reversed.' : ''}`,
    tags: i % 4 === 0 ? ['ports/north'] : [],
  }));
  for (const id of ids.slice(0, 20)) updateReading(db, { id, readState: 'read' });
  return { db, file };
}

/** A library whose index was built and saved once, as a previous run of the app leaves it. */
async function savedLibrary(lib: { db: Db; file: string }): Promise<{ db: Db; file: string; snapshotPath: string }> {
  const snapshotPath = snapshotPathFor(lib.file);
  const first = createSearchService({ db: lib.db, snapshotPath });
  await first.ready();
  await first.close();
  return { ...lib, snapshotPath };
}

const answers = async (s: { search: ReturnType<typeof createSearchService>['search'] }) =>
  Promise.all(
    QUERIES.map(async (query) => {
      const r = await s.search({ query, limit: 100 });
      return { query, total: r.total, ids: r.items.map((h) => h.briefing.id).sort((a, b) => a - b) };
    }),
  );

describe('search index snapshot', () => {
  it('a second start loads the snapshot instead of rebuilding, and answers exactly as the built index', async () => {
    const { db, file } = library();
    const snapshotPath = snapshotPathFor(file);
    const first = createSearchService({ db, snapshotPath });
    const built = await answers(first);
    expect((await first.stats()).source).toBe('built');
    expect(fs.existsSync(snapshotPath)).toBe(true);
    await first.close();

    const second = createSearchService({ db, snapshotPath });
    expect(await answers(second)).toEqual(built);
    const stats = await second.stats();
    expect(stats.source).toBe('snapshot');
    expect(stats.size).toBe(60);
    // Sanity of the fixture: the queries do discriminate.
    expect(built.map((b) => b.total)).toEqual(expect.arrayContaining([expect.any(Number)]));
    expect(new Set(built.map((b) => b.total)).size).toBeGreaterThan(3);
    expect(built.find((b) => b.query === '"cargo cranes"')?.total).toBeGreaterThan(0);
    await second.verify();
    expect((await second.stats()).check).toMatchObject({ checked: 60, repaired: 0 });
  });

  it('applies changes logged while the app was closed, and re-indexes, removes and re-tags after a load', async () => {
    const { db, file, snapshotPath } = await savedLibrary(library());
    // Another process (the CLI) writes while the app is closed.
    const other = new Database(file);
    const [a, b] = seed(other as unknown as Db, 2, () => ({ text: 'A newly arrived quokka memo.' }));
    other.prepare('UPDATE briefings SET text = ? WHERE id = 1').run('Rewritten about a narwhal.');
    deleteBriefing(other as unknown as Db, 2 as never);
    other.close();

    const second = createSearchService({ db, snapshotPath });
    expect((await second.search({ query: 'quokka' })).items.map((h) => h.briefing.id).sort()).toEqual([a, b]);
    expect((await second.search({ query: 'narwhal' })).items.map((h) => h.briefing.id)).toEqual([1]);
    expect((await second.stats()).source).toBe('snapshot');
    // Text edits after a load go through FlexSearch's removal, whose register a snapshot lacks.
    db.prepare('UPDATE briefings SET text = ? WHERE id = 3').run('Only about walruses now.');
    expect((await second.search({ query: 'walrus' })).items.map((h) => h.briefing.id)).toEqual([3]);
    const old = await second.search({ query: 'Report 2 ' });
    expect(old.items.some((h) => h.briefing.id === 3)).toBe(false);
    expect((await second.search({ query: 'title:"Note 2"' })).items.some((h) => h.briefing.id === 2)).toBe(false);
    setTagsForBriefing(db, 3 as never, ['ports/south'], new Date().toISOString());
    expect((await second.search({ query: 'tag:ports/south' })).items.map((h) => h.briefing.id)).toEqual([3]);
    expect(await second.verify()).toEqual({ missing: 0, extra: 0, changed: 0 });
  });

  it('repairs in the background what a snapshot missed when the change log was trimmed by someone else', async () => {
    const { db, snapshotPath } = await savedLibrary(library());
    db.prepare('UPDATE briefings SET text = ? WHERE id = 5').run('Now about pelicans.');
    db.prepare("UPDATE briefings SET read_state = 'read' WHERE id = 40").run();
    db.prepare('DELETE FROM briefing_changes').run();

    const second = createSearchService({ db, snapshotPath });
    await second.ready();
    // The check runs after start-up; verify() waits for it and checks again.
    expect(await second.verify()).toEqual({ missing: 0, extra: 0, changed: 0 });
    expect((await second.stats()).check?.checked).toBe(60);
    expect((await second.search({ query: 'pelicans' })).items.map((h) => h.briefing.id)).toEqual([5]);
    // Reading state lives in the index's metadata (filters run there without SQL): repaired too.
    const read = await second.search({ query: 'is:read', limit: 100 });
    expect(read.items.map((h) => h.briefing.id)).toContain(40);
    expect(read.total).toBe(21);
  });

  it('a snapshot older than a log trimmed by another process is checked before its first answer', async () => {
    const { db, snapshotPath } = await savedLibrary(library());
    const stale = fs.readFileSync(snapshotPath);
    // Another process (the app) indexes a change, saves its own snapshot and trims the log.
    db.prepare('UPDATE briefings SET text = ? WHERE id = 7').run('Now about cormorants.');
    const app = createSearchService({ db, snapshotPath });
    expect((await app.search({ query: 'cormorants' })).total).toBe(1);
    await app.close();
    expect((db.prepare('SELECT count(*) AS n FROM briefing_changes').get() as { n: number }).n).toBe(0);
    // This process still has the older snapshot: the log cannot tell it what changed.
    fs.writeFileSync(snapshotPath, stale);
    const cli = createSearchService({ db, snapshotPath });
    expect((await cli.search({ query: 'cormorants' })).items.map((h) => h.briefing.id)).toEqual([7]);
    expect((await cli.stats()).check).toMatchObject({ checked: 60, repaired: 1 });
  });

  it('a running index catches up when another process trimmed the log under it', async () => {
    const { db, file } = library();
    const snapshotPath = snapshotPathFor(file);
    const app = createSearchService({ db, snapshotPath });
    await app.ready();
    // Written while the app is idle; then a CLI search applies it, saves and trims the log.
    db.prepare('UPDATE briefings SET text = ? WHERE id = 9').run('Now about puffins.');
    db.prepare('DELETE FROM briefings WHERE id = 10').run();
    const cli = createSearchService({ db, snapshotPath });
    expect((await cli.search({ query: 'puffins' })).total).toBe(1);
    await cli.close();
    expect((db.prepare('SELECT count(*) AS n FROM briefing_changes').get() as { n: number }).n).toBe(0);
    expect((await app.search({ query: 'puffins' })).items.map((h) => h.briefing.id)).toEqual([9]);
    expect((await app.search({ query: 'ledger OR note', limit: 100 })).items.map((h) => h.briefing.id)).not.toContain(
      10,
    );
  });

  it.each([
    ['garbage', () => Buffer.from('not an index at all')],
    ['a truncated file', (good: Buffer) => good.subarray(0, Math.floor(good.length * 0.7))],
    [
      'another version',
      (good: Buffer) =>
        Buffer.concat([
          good.subarray(0, 16),
          Buffer.from(
            good.subarray(16).toString('latin1').replace(`"version":${SNAPSHOT_VERSION}`, '"version":9'),
            'latin1',
          ),
        ]),
    ],
    ['damaged postings', (good: Buffer) => Buffer.concat([good.subarray(0, good.length - 3)])],
  ])('rebuilds from the library, with a warning, when the snapshot is %s', async (_, spoil) => {
    const { db, file } = library();
    const snapshotPath = snapshotPathFor(file);
    const first = createSearchService({ db, snapshotPath });
    const expected = await answers(first);
    await first.close();
    fs.writeFileSync(snapshotPath, spoil(fs.readFileSync(snapshotPath)));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const second = createSearchService({ db, snapshotPath });
    expect(await answers(second)).toEqual(expected);
    const stats = await second.stats();
    expect(stats.source).toBe('built');
    expect(stats.snapshotProblem).toMatch(/snapshot|JSON|version/i);
    expect(warn.mock.calls.join(' ')).toMatch(/rebuilding/);
    warn.mockRestore();
    // ... and the rebuilt index was saved again, whole.
    expect(() => SearchIndex.load(fs.readFileSync(snapshotPath))).not.toThrow();
  });

  it('searching still works when the snapshot cannot be written', async () => {
    const { db } = library();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const s = createSearchService({ db, snapshotPath: path.join(tempDir(), 'missing-folder', 'x.search-index') });
    expect((await s.search({ query: 'harbour' })).total).toBeGreaterThan(0);
    expect(warn.mock.calls.join(' ')).toMatch(/not saved/);
    warn.mockRestore();
  });
});

describe('a damaged search snapshot', () => {
  /** Offset of the first briefing id in the postings block (see SearchIndex.save). */
  const firstPostingAt = (buf: Buffer): number => {
    const jsonLen = buf.readUInt32LE(4);
    return 16 + jsonLen + ((4 - (jsonLen % 4)) % 4) + 12;
  };

  it('is not trusted: one posting pointed at another briefing is caught, and the next start rebuilds', async () => {
    const { db, snapshotPath } = await savedLibrary(library());
    const buf = fs.readFileSync(snapshotPath);
    const at = firstPostingAt(buf);
    const id = buf.readUInt32LE(at);
    buf.writeUInt32LE(id === 1 ? 2 : 1, at);
    fs.writeFileSync(snapshotPath, buf);
    expect(() => SearchIndex.load(buf)).toThrow(/damaged \(the postings fail their checksum\)/);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const s = createSearchService({ db, snapshotPath });
      await s.ready();
      const stats = await s.stats();
      expect(stats.source).toBe('built');
      expect(stats.snapshotProblem).toMatch(/checksum/);
      // ... and answers as the index did before the damage.
      const fresh = await answers(s);
      expect(fresh).toEqual(await answers(createSearchService({ db })));
      await s.close();
      // The rebuilt index was saved again, whole.
      expect(() => SearchIndex.load(fs.readFileSync(snapshotPath))).not.toThrow();
      damagedSnapshots.redirectedPosting++;
    } finally {
      warn.mockRestore();
    }
  });

  it('rejects every one of 300 random 4-byte changes anywhere in the file', async () => {
    const { snapshotPath } = await savedLibrary(library());
    const original = fs.readFileSync(snapshotPath);
    let seed = 20261207;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const tried = new Set<string>();
    let rejected = 0;
    while (tried.size < 300) {
      const at = Math.floor(random() * (original.length - 4));
      const value = Math.floor(random() * 2 ** 32);
      if (original.readUInt32LE(at) === value || tried.has(`${at}:${value}`)) continue;
      tried.add(`${at}:${value}`);
      const buf = Buffer.from(original);
      buf.writeUInt32LE(value, at);
      try {
        SearchIndex.load(buf);
      } catch {
        rejected++;
      }
    }
    expect(rejected).toBe(tried.size);
    damagedSnapshots.flips = tried.size;
    damagedSnapshots.rejected = rejected;
  });

  it('a failed save leaves no temporary file beside the library', async () => {
    const { db } = library();
    // A folder where the snapshot should be: the temporary file is written, the rename fails.
    const dir = tempDir();
    const snapshotPath = path.join(dir, 'library.db.search-index');
    fs.mkdirSync(snapshotPath);
    fs.writeFileSync(path.join(snapshotPath, 'keep'), '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const s = createSearchService({ db, snapshotPath });
      await s.ready();
      await s.close();
      expect(warn.mock.calls.join(' ')).toMatch(/not saved/);
      expect(fs.readdirSync(dir)).toEqual(['library.db.search-index']);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('warm-up after a load', () => {
  it('searches the most common words once the start-up check is done; a failure only logs', async () => {
    // Enough briefings sharing words for the phrase pairs (and so the common words) to exist.
    const port = tempDb();
    seed(port.db, 120, (i) => ({
      title: `Port report ${i}`,
      text: `The harbour master said the harbour was calm on day ${i}.`,
    }));
    const { db, snapshotPath } = await savedLibrary(port);
    const evaluate = vi.spyOn(SearchIndex.prototype, 'evaluate');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    evaluate.mockImplementationOnce(() => {
      throw new Error('boom');
    });
    try {
      const second = createSearchService({ db, snapshotPath });
      await second.ready();
      await second.verify();
      // The failed warm-up search was logged; the phrase after it ran; searching works.
      expect(warn.mock.calls.join(' ')).toMatch(/warm-up failed: boom/);
      expect(evaluate.mock.calls.length).toBeGreaterThanOrEqual(1);
      expect((await second.search({ query: '"harbour master"' })).total).toBe(120);
      await second.close();
    } finally {
      evaluate.mockRestore();
      warn.mockRestore();
    }
  });
});

describe('search in a worker thread', () => {
  it('answers like the in-process service, and a second worker starts from the snapshot', async () => {
    const { db, file } = library();
    const expected = await answers(createSearchService({ db }));
    const client = createSearchClient({ dbPath: file, snapshotPath: snapshotPathFor(file) });
    try {
      expect(await answers(client)).toEqual(expected);
      expect((await client.stats()).source).toBe('built');
      // Writes made by main after start-up reach the worker's index through the change log.
      const [id] = seed(db, 1, () => ({ text: 'A freshly imported axolotl memo.' }));
      expect((await client.search({ query: 'axolotl' })).items.map((h) => h.briefing.id)).toEqual([id]);
      const problem = await client.search({ query: 'title:' });
      expect(problem.problem).toMatch(/title/);
      await expect(client.matchingIds({ query: '"unclosed' })).rejects.toThrow(/quote/);
    } finally {
      await client.close();
    }
    const again = createSearchClient({ dbPath: file, snapshotPath: snapshotPathFor(file) });
    try {
      expect((await again.search({ query: 'axolotl' })).total).toBe(1);
      expect((await again.stats()).source).toBe('snapshot');
    } finally {
      await again.close();
    }
  }, 60_000);

  it('a worker that cannot start fails each call with a clear message, and is retried on the next call', async () => {
    const dir = tempDir();
    // A folder where the library file should be: the worker cannot open it.
    const client = createSearchClient({ dbPath: dir, snapshotPath: null });
    await expect(client.search({ query: 'x' })).rejects.toThrow(/search stopped unexpectedly/);
    await expect(client.search({ query: 'x' })).rejects.toThrow(/search stopped unexpectedly/);
    await client.close();
  }, 60_000);
});
