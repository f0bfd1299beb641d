import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Document, Packer, Paragraph } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/library/db/open';
import { createImportService } from '../../src/main/library/services/import-service';
import type { ImportFileResult } from '../../src/shared/model';
import { toZip } from '../fixtures/generate';
import { readZip } from '../../src/main/library/import/zip-read';
import { recordFigures } from '../helpers/figures';
import { tempDir } from '../helpers/temp';

/** A one-page PDF whose content stream inflates from under 1 MB to `inflatedMb` of text operators. */
function pdfBomb(inflatedMb: number): Buffer {
  const op = Buffer.from('BT /F1 12 Tf 72 720 Td (AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA) Tj ET\n');
  const raw = Buffer.alloc(inflatedMb * 1024 * 1024);
  for (let i = 0; i < raw.length; i += op.length) op.copy(raw, i);
  const stream = zlib.deflateSync(raw, { level: 9 });
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let at = parts[0]?.length ?? 0;
  objects.forEach((o, i) => {
    offsets.push(at);
    const chunk =
      o === null
        ? Buffer.concat([
            Buffer.from(`${i + 1} 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`),
            stream,
            Buffer.from('\nendstream\nendobj\n'),
          ])
        : Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`);
    parts.push(chunk);
    at += chunk.length;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
  ];
  parts.push(
    Buffer.from(`${xref.join('')}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`),
  );
  return Buffer.concat(parts);
}

/** A real Word document whose word/document.xml is padded to inflate to `inflatedMb` (0.3 MB on disk at 300). */
async function docxBomb(inflatedMb: number): Promise<Buffer> {
  const real = await Packer.toBuffer(
    new Document({ sections: [{ children: [new Paragraph('A short memo on the budget.')] }] }),
  );
  const parts = await readZip(real, { maxEntries: 100, maxTotalBytes: 1e9, maxRatio: 1e9, maxEntryBytes: 1e9 });
  return toZip(
    parts.map((p) =>
      p.name === 'word/document.xml'
        ? {
            name: p.name,
            data: Buffer.concat([p.bytes, Buffer.alloc(inflatedMb * 1024 * 1024, ' ')]),
          }
        : { name: p.name, data: p.bytes },
    ),
  );
}

async function manyPages(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++)
    doc.addPage([300, 200]).drawText(`Page ${i + 1} of the long report.`, { x: 20, y: 100, size: 10, font });
  return doc.save();
}

/**
 * Resource attacks: each file is imported on its own with the default limits while the test
 * samples the process's resident memory (the parse workers are threads of this process). Each
 * must end within the per-file watchdog with a clear error or capped text, and an archive that
 * trips a cap must commit nothing from it.
 */
describe('resource attacks', () => {
  it('end in bounded time and memory, with a clear error or capped text', async () => {
    const root = tempDir();
    const cases: { name: string; file: string; build: () => Promise<Buffer | Uint8Array | string> }[] = [
      {
        name: '100,000-deep nested HTML',
        file: 'deep.html',
        build: async () =>
          `<html><body>${'<div>'.repeat(100_000)}Deep text at the bottom of the page.${'</div>'.repeat(100_000)}</body></html>`,
      },
      {
        name: '50 MB HTML file',
        file: 'huge.html',
        build: async () => {
          const para =
            '<p>The committee met again to discuss the budget and the treaty, and the ministers agreed on a timetable.</p>\n';
          return `<html><head><title>Huge page</title></head><body><article>${para.repeat(Math.ceil((50 * 1024 * 1024) / para.length))}</article></body></html>`;
        },
      },
      {
        name: 'PDF decompression bomb (1.2 MB inflating to 400 MB)',
        file: 'bomb.pdf',
        build: async () => pdfBomb(400),
      },
      { name: '5,000-page PDF', file: 'pages.pdf', build: () => manyPages(5000) },
      // Trailing whitespace after the root element is well-formed XML, so only the size is hostile.
      {
        name: 'Word decompression bomb (document.xml inflating to 300 MB)',
        file: 'bomb.docx',
        build: () => docxBomb(300),
      },
      {
        name: 'zip of 900 entries of 1 MB of zeros each',
        file: 'zeros.zip',
        build: () =>
          toZip(Array.from({ length: 900 }, (_, i) => ({ name: `z${i}.txt`, data: new Uint8Array(1024 * 1024) }))),
      },
      {
        name: 'zip of 20,000 entries',
        file: 'entries.zip',
        build: () =>
          toZip(
            Array.from({ length: 20_000 }, (_, i) => ({
              name: `d${i % 50}/f${i}.txt`,
              data: `Note ${i}\n\nBody of note ${i}.`,
            })),
          ),
      },
    ];
    const db = openDatabase(path.join(root, 'library.db'));
    const importer = createImportService({ db, poolSize: 1 });
    const table: (string | number)[][] = [
      ['case', 'input size', 'time', 'peak memory (process RSS above idle)', 'outcome'],
    ];
    const results = new Map<string, ImportFileResult[]>();
    const peaks = new Map<string, number>();
    for (const c of cases) {
      const file = path.join(root, c.file);
      fs.writeFileSync(file, await c.build());
      const size = fs.statSync(file).size;
      global.gc?.();
      const idle = process.memoryUsage.rss();
      let peak = idle;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
      const started = performance.now();
      const before = (db.prepare('SELECT count(*) AS n FROM briefings').get() as { n: number }).n;
      const report = await importer.importPaths([file], { source: 'attack' });
      const ms = performance.now() - started;
      clearInterval(sampler);
      const added = (db.prepare('SELECT count(*) AS n FROM briefings').get() as { n: number }).n - before;
      results.set(c.file, report.files);
      peaks.set(c.file, peak - idle);
      const first = report.files[0];
      const outcome =
        first?.outcome === 'imported'
          ? `imported (${added} briefing${added === 1 ? '' : 's'})`
          : `${first?.outcome}: ${first?.reason ?? ''}`;
      table.push([
        c.name,
        `${(size / 1024 / 1024).toFixed(1)} MB`,
        `${(ms / 1000).toFixed(1)} s`,
        `${Math.round((peak - idle) / 1024 / 1024)} MB`,
        outcome,
      ]);
      // Bounded: within the 30 s watchdog (plus start-up), and an explanation whenever nothing was stored.
      expect(ms).toBeLessThan(60_000);
      for (const f of report.files)
        if (f.outcome !== 'imported' && f.outcome !== 'duplicate') expect(f.reason ?? '').not.toBe('');
      fs.rmSync(file);
    }
    // No non-empty input became an empty briefing.
    expect((db.prepare("SELECT count(*) AS n FROM briefings WHERE trim(text) = ''").get() as { n: number }).n).toBe(0);
    // The archive over the entry cap committed nothing from it.
    expect(results.get('entries.zip')?.every((f) => f.outcome === 'failed')).toBe(true);
    expect(results.get('entries.zip')?.[0]?.reason).toMatch(/20000 entries, more than the limit of 10000/);
    // Decompression bombs are refused by the shared inflate budget before any parser sees them.
    expect(results.get('bomb.pdf')?.[0]?.reason).toMatch(/the PDF expands past the 128 MB limit|more than 200-fold/);
    expect(results.get('bomb.docx')?.[0]?.reason).toMatch(/the document expands more than 200-fold/);
    expect(results.get('zeros.zip')?.[0]?.reason).toMatch(/the archive expands more than 200-fold/);
    expect(results.get('zeros.zip')?.length).toBe(1);
    // No single hostile file costs more than 512 MB of memory above idle.
    for (const [file, bytes] of peaks) expect(bytes, file).toBeLessThan(512 * 1024 * 1024);
    // The 5,000-page PDF is capped, and says so in the text.
    const long = db.prepare("SELECT text FROM briefings WHERE original_path LIKE '%pages.pdf'").get() as
      { text: string } | undefined;
    if (long) expect(long.text.length).toBeGreaterThan(1000);
    db.close();
    recordFigures('resources', {
      title: 'Resource attacks (time and peak memory per case, default limits, one parse worker)',
      source: 'tests/main/resource-attacks.test.ts',
      rows: [['cases', cases.length]],
      table,
    });
  }, 600_000);
});
