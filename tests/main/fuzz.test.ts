import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/main/library/db/open';
import { createImportService } from '../../src/main/library/services/import-service';
import { briefing, rng, toDocx, toEml, toHtml, toMbox, toMd, toPdf, toTxt, toZip } from '../fixtures/generate';
import { recordFigures } from '../helpers/figures';
import { tempDir } from '../helpers/temp';

const CASES = 5000;

/**
 * A deterministic fuzz of the whole import pipeline: valid fixtures of every format, mutated by
 * a seeded generator (truncation, byte flips, wrong extensions, empty files, invalid UTF-8, a
 * 10 MB single line, 10,000-deep HTML, damaged PDF, DOCX and ZIP structures). Every case must be
 * imported or reported with a reason: no crash, no hang (per-file watchdog), no empty briefing.
 */
describe('malformed files', () => {
  it(`imports or explains each of ${CASES} mutated files, with no crash and no hang`, async () => {
    const r = rng(424242);
    const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)] as T;
    const b = briefing(90_001, 2, 2);
    // The DOCX and PDF writers stamp the current time into their files: freeze it so every run
    // mutates the same bytes.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
    const valid: Record<string, Buffer> = {
      txt: Buffer.from(toTxt(b)),
      md: Buffer.from(toMd(b)),
      html: Buffer.from(toHtml(b, 8)),
      eml: Buffer.from(toEml(b)),
      mbox: Buffer.from(toMbox([b, briefing(90_002, 1, 1)])),
      pdf: Buffer.from(await toPdf(b)),
      docx: await toDocx(b),
      zip: await toZip([
        { name: 'a/one.txt', data: toTxt(briefing(90_003, 1, 1)) },
        { name: 'b/two.md', data: toMd(briefing(90_004, 1, 1)) },
      ]),
      json: Buffer.from(
        JSON.stringify({ kind: 'briefings-export', version: 1, exportedAt: '2025-01-01', briefings: [{ title: 'T' }] }),
      ),
    };
    vi.useRealTimers();
    const formats = Object.keys(valid);
    const flip = (buf: Buffer, n: number, from = 0, to = buf.length): Buffer => {
      const out = Buffer.from(buf);
      for (let i = 0; i < n; i++) out[from + Math.floor(r() * Math.max(1, to - from))] = Math.floor(r() * 256);
      return out;
    };
    type Mutation = [string, (buf: Buffer) => Buffer];
    const mutations: Mutation[] = [
      ['truncate', (buf) => buf.subarray(0, Math.floor(r() * buf.length))],
      ['flip 1 byte', (buf) => flip(buf, 1)],
      ['flip 10 bytes', (buf) => flip(buf, 10)],
      ['flip 100 bytes', (buf) => flip(buf, 100)],
      ['damage the header', (buf) => flip(buf, 8, 0, Math.min(64, buf.length))],
      ['damage the tail (xref, central directory)', (buf) => flip(buf, 8, Math.max(0, buf.length - 200))],
      [
        'invalid UTF-8',
        (buf) =>
          Buffer.concat([
            buf.subarray(0, buf.length >> 1),
            Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]),
            buf.subarray(buf.length >> 1),
          ]),
      ],
      [
        'zero run',
        (buf) => Buffer.concat([buf.subarray(0, buf.length >> 2), Buffer.alloc(2000), buf.subarray(buf.length >> 2)]),
      ],
      ['duplicate a slice', (buf) => Buffer.concat([buf, buf.subarray(Math.floor(r() * buf.length))])],
      ['empty', () => Buffer.alloc(0)],
    ];
    const root = tempDir();
    const inbox = path.join(root, 'inbox');
    fs.mkdirSync(inbox);
    const kinds: Record<string, number> = {};
    let n = 0;
    // Only distinct cases count: the same bytes under the same extension are one case however
    // often the generator produces them (every "empty" .txt is the same file).
    const seen = new Set<string>();
    let repeats = 0;
    const write = (name: string, data: Buffer, kind: string): void => {
      const key = `${path.extname(name)}:${crypto.createHash('sha256').update(data).digest('hex')}`;
      if (seen.has(key)) {
        repeats++;
        return;
      }
      seen.add(key);
      fs.writeFileSync(path.join(inbox, `${String(n++).padStart(4, '0')}-${name}`), data);
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    };
    // Special cases, once each.
    write('one-line.txt', Buffer.alloc(10 * 1024 * 1024, 'a'), '10 MB single line');
    write(
      'one-line.html',
      Buffer.concat([Buffer.from('<p>'), Buffer.alloc(10 * 1024 * 1024, 'b')]),
      '10 MB single line',
    );
    write(
      'deep.html',
      Buffer.from(`<html><body>${'<div>'.repeat(10_000)}deep text here${'</div>'.repeat(10_000)}</body></html>`),
      '10,000-deep HTML',
    );
    write('deep-unclosed.html', Buffer.from(`<html><body>${'<span><b>'.repeat(10_000)}text`), '10,000-deep HTML');
    for (const f of formats) write(`valid.${f}`, valid[f] as Buffer, 'valid control');
    while (n < CASES) {
      const format = pick(formats);
      if (r() < 0.08) {
        // Wrong extension: one format's bytes under another's name.
        write(`wrong.${pick(formats)}`, valid[format] as Buffer, 'wrong extension');
        continue;
      }
      const [name, mutate] = pick(mutations);
      write(`m.${format}`, mutate(valid[format] as Buffer), name);
    }

    const db = openDatabase(path.join(root, 'library.db'));
    const started = Date.now();
    const report = await createImportService({ db, poolSize: 2, limits: { parseTimeoutMs: 15_000 } }).importPaths(
      [inbox],
      {
        source: 'fuzz',
      },
    );
    const seconds = (Date.now() - started) / 1000;
    const top = new Map<string, string[]>();
    for (const f of report.files) {
      const file = f.path.split(/[!#]/)[0] as string;
      top.set(file, [...(top.get(file) ?? []), f.outcome]);
    }
    const crashes = report.files.filter((f) => /crashed|stopped unexpectedly|memory limit/.test(f.reason ?? ''));
    const hangs = report.files.filter((f) => /took longer than/.test(f.reason ?? ''));
    const unexplained = report.files.filter((f) => f.outcome !== 'imported' && f.outcome !== 'duplicate' && !f.reason);
    const empty = (db.prepare("SELECT count(*) AS n FROM briefings WHERE trim(text) = ''").get() as { n: number }).n;
    const integrity = db.pragma('integrity_check', { simple: true });
    db.close();

    expect(top.size).toBe(CASES);
    expect(seen.size).toBe(CASES);
    expect(crashes.map((c) => `${c.path}: ${c.reason}`)).toEqual([]);
    expect(hangs.map((c) => `${c.path}: ${c.reason}`)).toEqual([]);
    expect(unexplained).toEqual([]);
    expect(empty).toBe(0);
    expect(integrity).toBe('ok');
    const count = (o: string): number => report.files.filter((f) => f.outcome === o).length;
    recordFigures('fuzz', {
      title: 'Malformed files (deterministic fuzz of every format)',
      source: 'tests/main/fuzz.test.ts',
      rows: [
        ['distinct cases (files; mutations of valid txt, md, html, eml, mbox, pdf, docx, zip, json)', seen.size],
        ['generated repeats of an earlier case, not counted', repeats],
        [
          'results: imported / duplicate / skipped / failed with a reason',
          `${count('imported')} / ${count('duplicate')} / ${count('skipped')} / ${count('failed')}`,
        ],
        ['crashes', crashes.length],
        ['hangs (per-file watchdog 15 s)', hangs.length],
        ['results without a reason', unexplained.length],
        ['empty briefings stored', empty],
        ['time for the whole run (2 workers)', `${seconds.toFixed(0)} s`],
      ],
      table: [['mutation', 'cases'], ...Object.entries(kinds).sort((a, b) => b[1] - a[1])],
    });
  }, 600_000);
});
