import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/main/library/import/limits';
import { prepareFile, type PreparedItem } from '../../../src/main/library/import/prepare';
import { toZip } from '../../fixtures/generate';
import { REPO_ROOT, tempDir } from '../../helpers/temp';

async function prep(name: string, data: Uint8Array | string): Promise<PreparedItem[]> {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, data);
  return prepareFile({ path: file, limits: DEFAULT_LIMITS });
}

/** Real documents nobody here wrote: the PDFs Debian and npm packages ship, mammoth's own test documents. */
function realFiles(ext: string): string[] {
  const roots = ['/usr/share/doc', path.join(REPO_ROOT, 'node_modules')];
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 8) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.isFile() && e.name.toLowerCase().endsWith(ext)) found.push(p);
    }
  };
  for (const r of roots) walk(r, 0);
  return found;
}

/** Patches every declared uncompressed size (local and central headers) of a zip to 1 byte. */
function lieAboutSizes(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  for (let i = 0; i + 30 < out.length; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x04034b50) out.writeUInt32LE(1, i + 22);
    else if (sig === 0x02014b50) out.writeUInt32LE(1, i + 24);
  }
  return out;
}

const BUDGET = /expands more than 200-fold|expands past the/;

describe('one inflate budget for every compressed format', () => {
  it('reads real PDFs and Word documents without tripping it', async () => {
    const pdfs = realFiles('.pdf');
    const docx = realFiles('.docx');
    expect(pdfs.length).toBeGreaterThanOrEqual(3);
    expect(docx.length).toBeGreaterThanOrEqual(10);
    for (const file of [...pdfs, ...docx]) {
      const items = await prepareFile({ path: file, limits: DEFAULT_LIMITS });
      for (const item of items) if (item.outcome !== 'parsed') expect(item.reason, file).not.toMatch(BUDGET);
      if (file.endsWith('.pdf')) expect(items[0]?.outcome, file).toBe('parsed');
    }
  }, 120_000);

  it('is shared by nested archives, so nesting cannot multiply the ratio', async () => {
    // Each inner zip alone is harmless (900 KB of zeros, under the 1 MB any file may expand to);
    // twenty of them in one 20 KB archive are 18 MB, 900-fold.
    const inner = await toZip([{ name: 'zeros.txt', data: new Uint8Array(900 * 1024) }]);
    const outer = await toZip(Array.from({ length: 20 }, (_, i) => ({ name: `part${i}.zip`, data: inner })));
    const items = await prep('nested-bomb.zip', outer);
    expect(items).toHaveLength(1);
    expect(items[0]?.outcome).toBe('failed');
    expect(items[0]?.outcome === 'failed' && items[0].reason).toMatch(/the archive expands more than 200-fold/);
  });

  it('stops an archive whose size headers lie while streaming', async () => {
    const honest = await toZip([{ name: 'zeros.txt', data: new Uint8Array(50 * 1024 * 1024) }]);
    const items = await prep('liar.zip', lieAboutSizes(honest));
    expect(items).toHaveLength(1);
    expect(items[0]?.outcome).toBe('failed');
    expect(items[0]?.outcome === 'failed' && items[0].reason).toMatch(
      /damaged|too many bytes|expands more than 200-fold/,
    );
  });

  it('checks a Word document before mammoth inflates it, and a docx inside a zip draws on the zip budget', async () => {
    const realDocx = realFiles('.docx').find((f) => f.endsWith('single-paragraph.docx'));
    expect(realDocx).toBeDefined();
    const docx = fs.readFileSync(realDocx as string);
    // 30 copies of a real 6 KB document are fine...
    const fine = await prep(
      'memos.zip',
      await toZip(Array.from({ length: 30 }, (_, i) => ({ name: `m${i}.docx`, data: docx }))),
    );
    expect(fine.every((i) => i.outcome === 'parsed')).toBe(true);
    // ...one whose document.xml is padded with 100 MB of spaces is not, with or without a zip around it.
    const { readZip } = await import('../../../src/main/library/import/zip-read');
    const parts = await readZip(docx, { maxEntries: 100, maxTotalBytes: 1e9, maxRatio: 1e9, maxEntryBytes: 1e9 });
    const bomb = await toZip(
      parts.map((p) => ({
        name: p.name,
        data: p.name === 'word/document.xml' ? Buffer.concat([p.bytes, Buffer.alloc(100 * 1024 * 1024, ' ')]) : p.bytes,
      })),
    );
    const alone = await prep('bomb.docx', bomb);
    expect(alone[0]?.outcome === 'failed' && alone[0].reason).toMatch(/the document expands more than 200-fold/);
    const wrapped = await prep('wrapped.zip', await toZip([{ name: 'bomb.docx', data: bomb }]));
    expect(wrapped[0]?.outcome).toBe('failed');
  });
});
