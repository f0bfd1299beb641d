import path from 'node:path';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { titleFromFileName } from '../dates';
import { escapeHtml } from '../html';
import { DEFAULT_LIMITS, inflateLimits } from '../limits';
import { checkPdfStreams } from '../pdf-streams';
import { FileRejected, single, type ImporterEntry } from '../types';
import { debugDetail } from '../debug-log';

// Caps keep a hostile or enormous PDF bounded; the worker's timeout is the last line.
export const PDF_MAX_PAGES = 2000;
export const PDF_MAX_CHARS = 5_000_000;

type TextItem = { str: string; transform: number[]; height: number; hasEOL?: boolean };
type Line = { text: string; size: number; y: number; page: number };

type PdfJs = typeof PdfJsModule;
let pdfjs: Promise<PdfJs> | null = null;
// pdfjs-dist ships as ES modules only; load it lazily so other formats never pay for it.
const loadPdfJs = (): Promise<PdfJs> => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

function assetsDir(sub: string): string {
  // CID-font (CJK) PDFs need the cmaps folder as a file-system path, or their text comes out empty.
  return `${path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), sub)}${path.sep}`;
}

/** PDF dates look like D:20250501093000+02'00'. */
export function pdfDate(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?/.exec(v);
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00'] = m;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function linesOf(items: TextItem[], page: number): Line[] {
  const lines: Line[] = [];
  let cur: Line | null = null;
  let lastX = 0;
  for (const item of items) {
    const y = item.transform[5] ?? 0;
    const x = item.transform[4] ?? 0;
    const size = Math.abs(item.transform[3] ?? item.height) || item.height;
    if (cur && Math.abs(cur.y - y) <= Math.max(2, size * 0.4)) {
      if (item.str !== '') {
        const gap = x - lastX;
        cur.text += (gap > size * 0.15 && !cur.text.endsWith(' ') && !item.str.startsWith(' ') ? ' ' : '') + item.str;
        cur.size = Math.max(cur.size, item.str.trim() ? size : 0);
      }
    } else if (item.str.trim() !== '') {
      if (cur) lines.push(cur);
      cur = { text: item.str, size, y, page };
    }
    lastX = x + item.str.length * size * 0.5;
  }
  if (cur) lines.push(cur);
  return lines.map((l) => ({ ...l, text: l.text.replace(/\s+/g, ' ').trim() })).filter((l) => l.text !== '');
}

function bodySize(lines: Line[]): number {
  const weight = new Map<number, number>();
  for (const l of lines) {
    const k = Math.round(l.size * 2) / 2;
    weight.set(k, (weight.get(k) ?? 0) + l.text.length);
  }
  return [...weight.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
}

/** Rebuilds paragraphs and headings from positioned text: bigger type is a heading, gaps split paragraphs. */
export function structure(lines: Line[]): { blocks: { kind: 'h' | 'p'; text: string }[] } {
  const body = bodySize(lines);
  const blocks: { kind: 'h' | 'p'; text: string }[] = [];
  let prev: Line | null = null;
  for (const line of lines) {
    const isHeading = line.size >= body * 1.15 && line.text.length <= 150;
    const last = blocks[blocks.length - 1];
    const gap = prev && prev.page === line.page ? prev.y - line.y : 0;
    const newBlock =
      !last ||
      !prev ||
      (isHeading ? last.kind !== 'h' || gap > line.size * 1.8 : last.kind === 'h') ||
      gap > Math.max(prev.size, line.size) * 1.6 ||
      gap < 0 ||
      (prev.page !== line.page && /[.!?:"”]$/.test(prev.text));
    if (newBlock) {
      blocks.push({ kind: isHeading ? 'h' : 'p', text: line.text });
    } else if (last) {
      // Re-join words hyphenated across a line break.
      last.text =
        /[a-z]-$/.test(last.text) && /^[a-z]/.test(line.text)
          ? last.text.slice(0, -1) + line.text
          : `${last.text} ${line.text}`;
    }
    prev = line;
  }
  return { blocks };
}

const meaningfulTitle = (t: unknown): string | null => {
  if (typeof t !== 'string') return null;
  // Metadata holding markup ("<b>Electronegativity<b><br>…", written by some HTML-to-PDF tools)
  // is a tool's mistake: the document's own first heading is the better title.
  if (/<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>/i.test(t)) return null;
  const s = t.trim();
  if (s.length < 3 || /^(untitled|microsoft word - |document\d*$)/i.test(s) || /\.(docx?|pdf|indd|qxd)$/i.test(s))
    return null;
  return s;
};

export const pdfImporter: ImporterEntry = {
  format: 'pdf',
  label: 'PDF',
  extensions: ['.pdf'],
  archive: false,
  create: () => ({
    async parse(bytes, meta) {
      await checkPdfStreams(bytes, meta.inflate?.limits ?? inflateLimits(DEFAULT_LIMITS), meta.inflate?.outer);
      const lib = await loadPdfJs();
      let doc: Awaited<ReturnType<typeof lib.getDocument>['promise']>;
      try {
        doc = await lib.getDocument({
          data: new Uint8Array(bytes),
          // CVE-2024-4367: never evaluate font code.
          isEvalSupported: false,
          disableFontFace: true,
          useSystemFonts: false,
          useWorkerFetch: false,
          verbosity: 0,
          cMapUrl: assetsDir('cmaps'),
          cMapPacked: true,
          standardFontDataUrl: assetsDir('standard_fonts'),
        }).promise;
      } catch (cause) {
        const name = cause instanceof Error ? cause.name : '';
        if (name === 'PasswordException') throw new FileRejected('PDF is encrypted (password protected)');
        if (name === 'InvalidPDFException') throw new FileRejected('not a valid PDF (damaged or truncated)');
        debugDetail('pdf', cause);
        throw new FileRejected('not a readable PDF (the file is damaged or uses features Briefings cannot read)');
      }
      try {
        const info = ((await doc.getMetadata().catch(() => null))?.info ?? {}) as Record<string, unknown>;
        const pages = Math.min(doc.numPages, PDF_MAX_PAGES);
        const lines: Line[] = [];
        let chars = 0;
        for (let p = 1; p <= pages && chars < PDF_MAX_CHARS; p++) {
          const page = await doc.getPage(p);
          const content = await page.getTextContent();
          const pageLines = linesOf(content.items as TextItem[], p);
          for (const l of pageLines) chars += l.text.length;
          lines.push(...pageLines);
          page.cleanup();
        }
        if (lines.length === 0) throw new FileRejected('the PDF has no text layer (a scan or images only)');
        const { blocks } = structure(lines);
        let title = meaningfulTitle(info.Title);
        if (!title) title = blocks.find((b) => b.kind === 'h')?.text ?? titleFromFileName(meta.name);
        const bodyBlocks = blocks[0]?.kind === 'h' && blocks[0].text === title ? blocks.slice(1) : blocks;
        const truncated = doc.numPages > PDF_MAX_PAGES || chars >= PDF_MAX_CHARS;
        const html = bodyBlocks.map((b) =>
          b.kind === 'h' ? `<h2>${escapeHtml(b.text)}</h2>` : `<p>${escapeHtml(b.text)}</p>`,
        );
        if (truncated) html.push(`<p><em>Text capped at ${pages} of ${doc.numPages} pages.</em></p>`);
        return single({
          title,
          headline: typeof info.Subject === 'string' && info.Subject.trim() ? info.Subject.trim() : null,
          source: null,
          byline: typeof info.Author === 'string' && info.Author.trim() ? info.Author.trim() : null,
          dateline: null,
          publishedAt: pdfDate(info.CreationDate) ?? pdfDate(info.ModDate),
          language: typeof info.Language === 'string' ? info.Language : null,
          text: bodyBlocks.map((b) => b.text).join('\n\n'),
          html: html.join('\n'),
          htmlIsEscapedText: true,
          headings: bodyBlocks.filter((b) => b.kind === 'h').map((b) => b.text),
          related: [],
          tags: [],
        });
      } finally {
        await doc.destroy();
      }
    },
  }),
};
