import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { DEFAULT_LIMITS } from '../../../src/main/library/import/limits';
import { prepareFile, type PreparedItem } from '../../../src/main/library/import/prepare';
import { createParsePool } from '../../../src/main/library/import/worker-pool';
import { toZip } from '../../fixtures/generate';
import {
  isHtmlOnly,
  mailFiles,
  speeches,
  writeSpeechDocuments,
  writeDebianHtml,
  writeDebianPdfs,
  writeRealMarkdown,
  writeRealPages,
  writeRealSpeeches,
} from '../../helpers/real-material';

/**
 * Import checked on real files nobody here wrote (issue 14): SpamAssassin mail, READMEs of the
 * installed npm packages, the saved pages of ../shared/corpus, State of the Union speeches and
 * Debian's PDF manuals. Each test counts what it saw, so a figure can be read off the run.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-real-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const prep = async (file: string): Promise<PreparedItem[]> => prepareFile({ path: file, limits: DEFAULT_LIMITS });
const parsed = (items: PreparedItem[]) =>
  items.flatMap((i) => (i.outcome === 'parsed' ? [{ ...i.briefing, warning: i.warning }] : []));
const copyMail = (group: Parameters<typeof mailFiles>[0], ext = '.eml', pick = (_raw: string) => true) =>
  mailFiles(group).flatMap(({ name, file }) => {
    const raw = fs.readFileSync(file, 'latin1');
    if (!pick(raw)) return [];
    const target = path.join(dir, `${name}${ext}`);
    fs.copyFileSync(file, target);
    return [target];
  });

/** Visible words of an HTML mail, counted the crude way (tags, styles and comments out). */
const visibleWords = (raw: string): number =>
  raw
    .slice(raw.search(/\r?\n\r?\n/))
    .replace(/<(style|script)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/=\r?\n/g, '')
    .split(/\s+/)
    .filter((w) => /^[A-Za-z]{3,}[.,!?]?$/.test(w)).length;

describe('real mail (SpamAssassin)', () => {
  it('imports every HTML-only ham message that shows text, messy markup included', async () => {
    // Newsletters from 2002 mail tools: <HTML><body><HEAD><TITLE> in that order, layout tables,
    // <FONT> tags. A message with visible words must never be "no readable text".
    const files = [...copyMail('hard-ham-1', '.eml', isHtmlOnly), ...copyMail('easy-ham-2', '.eml', isHtmlOnly)];
    expect(files.length).toBeGreaterThan(40);
    const lost: string[] = [];
    let withText = 0;
    for (const f of files) {
      const raw = fs.readFileSync(f, 'latin1');
      if (visibleWords(raw) < 20) continue;
      withText++;
      const items = await prep(f);
      const b = parsed(items)[0];
      if (!b || b.wordCount < 10)
        lost.push(`${path.basename(f)}: ${items[0]?.outcome === 'parsed' ? 'few words' : items[0]?.reason}`);
    }
    console.log(`real HTML-only ham: ${withText} messages with visible text, ${lost.length} lost`);
    expect(withText).toBeGreaterThan(40);
    expect(lost).toEqual([]);
  }, 120_000);

  it('reads the ZDNet newsletter whose whole letter sits inside a misplaced <HEAD>', async () => {
    const [file] = copyMail('hard-ham-1', '.eml').filter((f) => f.endsWith('hard-ham-1-00029.eml'));
    const [b] = parsed(await prep(file as string));
    expect(b?.title).toBe("Get the Perfect Mix of ZDNet's Best Stuff!");
    expect(b?.wordCount).toBeGreaterThan(150);
    expect(b?.text).toContain('ZDNet');
  });

  it('decodes real mail whose declared charset is wrong or missing: no U+FFFD in any ham message', async () => {
    // us-ascii mail with windows-1252 bytes, 8-bit Latin-1 without a charset, a Korean subject
    // in raw EUC-KR under ks_c_5601-1987. Only messages with 8-bit bytes can go wrong.
    const files = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1'].flatMap((g) =>
      copyMail(g as 'easy-ham-1', '.eml', (raw) => /[\x80-\xff]/.test(raw)),
    );
    expect(files.length).toBeGreaterThan(100);
    const broken: string[] = [];
    for (const f of files) {
      for (const b of parsed(await prep(f))) if (/\uFFFD/.test(b.title + b.text)) broken.push(path.basename(f));
    }
    console.log(`real ham with 8-bit bytes: ${files.length} messages, ${broken.length} with U+FFFD`);
    expect(broken).toEqual([]);
    const [korean] = copyMail('spam-1', '.eml').filter((f) => f.endsWith('spam-1-00035.eml'));
    const [k] = parsed(await prep(korean as string));
    expect(k?.title).toBe('[광고] 요즘 뜨는 직종 Best 5 & 자격증 따기 열풍');
    expect(k?.text).not.toContain('\uFFFD');
  }, 180_000);

  it('makes the plain URLs of real text mail links, and nothing else', async () => {
    const files = copyMail(
      'easy-ham-1',
      '.eml',
      (raw) => /https?:\/\/\S{20,}/.test(raw) && !/text\/html/i.test(raw),
    ).slice(0, 40);
    let links = 0;
    for (const f of files) {
      const [b] = parsed(await prep(f));
      if (!b) continue;
      links += (b.html.match(/<a href="https?:/g) ?? []).length;
      // Only http(s) links, each with its own URL as text, and no other markup than p, br and a.
      expect(b.html.replace(/<\/?(p|br|a)( href="https?:[^"]*")?>/g, '')).not.toMatch(/<[a-z]/i);
    }
    expect(links).toBeGreaterThan(40);
  });

  it('recognises a mail saved as .txt by its headers, not its extension', async () => {
    const files = copyMail('easy-ham-1', '.txt').slice(0, 60);
    const items = (await Promise.all(files.map(prep))).flat();
    const mails = parsed(items);
    expect(mails).toHaveLength(60);
    expect(mails.every((b) => b.format === 'eml')).toBe(true);
    expect(mails.some((b) => b.title.startsWith('From '))).toBe(false);
    expect(mails.some((b) => /^Return-Path:/m.test(b.text))).toBe(false);
    // A text that only mentions headers in its first lines stays text.
    const note = path.join(dir, 'note.txt');
    fs.writeFileSync(note, 'From: the desk\nA note about the budget talks.\n\nSecond paragraph of the note.\n');
    expect(parsed(await prep(note))[0]?.format).toBe('txt');
  });
});

describe('real Markdown (READMEs of installed npm packages)', () => {
  it('renders raw HTML through the article policy and keeps titles plain', async () => {
    const files = writeRealMarkdown(path.join(dir, 'md'), 400);
    expect(files.length).toBeGreaterThan(200);
    let withHtml = 0;
    const escaped: string[] = [];
    const badTitles: string[] = [];
    for (const f of files) {
      const source = fs.readFileSync(f, 'utf8');
      const [b] = parsed(await prep(f));
      expect(b, path.basename(f)).toBeDefined();
      if (!b) continue;
      // Raw block HTML outside code fences (<p align="center">, <details>, <br>, <img>).
      const prose = source.replace(/```[\s\S]*?```|~~~[\s\S]*?~~~|`[^`\n]*`/g, '').replace(/^( {4}|\t).*$/gm, '');
      if (/^<(p|div|details|img|br|h[1-6]|a|table)\b/im.test(prose)) withHtml++;
      const outsideCode = b.html.replace(/<pre[\s\S]*?<\/pre>|<code[\s\S]*?<\/code>/g, '');
      if (/&lt;\/?(p|div|details|summary|img|br|h[1-6]|table|picture|sup|b)\b/i.test(outsideCode))
        escaped.push(path.basename(f));
      if (/!\[|\]\(|\]\[|`|<\/?[a-z]+[\s>]/i.test(b.title)) badTitles.push(`${path.basename(f)}: ${b.title}`);
      expect(b.html, path.basename(f)).not.toMatch(/<script|<style|<[^>]+\son\w+=|<img[^>]+src="https?:/i);
    }
    console.log(
      `real READMEs: ${files.length}, ${withHtml} with raw HTML blocks, ${escaped.length} escaped, ${badTitles.length} titles with markup`,
    );
    expect(withHtml).toBeGreaterThan(40);
    expect(escaped).toEqual([]);
    expect(badTitles).toEqual([]);
  }, 120_000);

  it('rejects random bytes named .md instead of storing mojibake', async () => {
    const garbage = path.join(dir, 'garbage.md');
    let x = 12345;
    fs.writeFileSync(
      garbage,
      Buffer.from(Array.from({ length: 5120 }, () => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24))),
    );
    const [item] = await prep(garbage);
    expect(item?.outcome).toBe('failed');
    expect(item?.outcome !== 'parsed' && item?.reason).toMatch(/not text/);
    // Real text in a legacy charset is still text.
    const latin = path.join(dir, 'latin.txt');
    fs.writeFileSync(latin, Buffer.from('Menu\n\nCaf\xe9 cr\xe8me, na\xefve r\xe9sum\xe9 \x93quoted\x94.\n', 'latin1'));
    expect(parsed(await prep(latin))[0]?.text).toContain('Café crème');
    // A saved terminal log, with a colour sequence every ~20 characters, is text.
    const log = path.join(dir, 'ci-log.txt');
    const lines = Array.from({ length: 200 }, (_, i) => `\u001b[32m✓\u001b[0m test ${i} passes in ${i * 3} ms`);
    fs.writeFileSync(log, `CI log\n\n${lines.join('\n')}\n`);
    expect(parsed(await prep(log))[0]?.wordCount).toBeGreaterThan(1000);
  });
});

describe('real speeches, pages and PDFs', () => {
  it('gives a speech saved as one long line paragraphs and a readable title', async () => {
    const files = writeRealSpeeches(path.join(dir, 'sotu'), 30);
    for (const f of files) {
      const [b] = parsed(await prep(f));
      const paragraphs = (b?.text ?? '').split('\n\n');
      expect(paragraphs.length, path.basename(f)).toBeGreaterThan(10);
      expect(Math.max(...paragraphs.map((p) => p.length))).toBeLessThan(3000);
    }
    const [biden] = parsed(await prep(files.find((f) => f.includes('2021_joseph_r_biden')) as string));
    expect(biden?.title).toBe('2021 Joseph R Biden D');
  });

  it('imports every saved web page of the corpus, fragments and plain-text .html files included', async () => {
    const files = writeRealPages(path.join(dir, 'pages'));
    expect(files.length).toBe(130);
    const failed: string[] = [];
    for (const f of files) {
      const [item] = await prep(f);
      if (item?.outcome !== 'parsed') failed.push(`${path.basename(f)}: ${item?.reason}`);
    }
    expect(failed).toEqual([]);
    const frag = path.join(dir, 'fragment.html');
    fs.writeFileSync(frag, '<!-- saved snippet --><p>The minister said the talks would resume.</p>');
    const text = path.join(dir, 'plain.html');
    fs.writeFileSync(text, 'Talks resume on Monday.\n\nThe delegation arrives on Sunday.');
    expect(parsed(await prep(frag))[0]?.text).toBe('The minister said the talks would resume.');
    expect(parsed(await prep(text))[0]?.text).toBe('Talks resume on Monday.\n\nThe delegation arrives on Sunday.');
  }, 120_000);

  it('reads an 8.5 MB page of real pages in seconds, well inside the parse limit, in the worker pool', async () => {
    // Real documentation pages run to megabytes (Node's all-in-one API page is 8.4 MB); one is
    // built from the corpus pages' bodies, each page once.
    const pages = writeRealPages(path.join(dir, 'large-src'));
    let body = '';
    for (const f of pages) {
      if (body.length > 8.5 * 1024 * 1024) break;
      const html = fs.readFileSync(f, 'utf8');
      body += `<section>${html.replace(/^[\s\S]*?<body[^>]*>|<\/body>[\s\S]*$/gi, '')}</section>\n`;
    }
    const file = path.join(dir, 'large.html');
    fs.writeFileSync(file, `<html><head><title>All the pages</title></head><body>${body}</body></html>`);
    const pool = createParsePool({
      size: 1,
      timeoutMs: DEFAULT_LIMITS.parseTimeoutMs,
      maxHeapMb: DEFAULT_LIMITS.maxWorkerHeapMb,
    });
    try {
      const started = performance.now();
      const [item] = await pool.parse({ path: file, limits: DEFAULT_LIMITS, size: fs.statSync(file).size });
      console.log(
        `large real page: ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB parsed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      expect(item?.outcome).toBe('parsed');
      const b = item?.outcome === 'parsed' ? item.briefing : null;
      expect(b?.title).toBe('All the pages');
      expect(b?.wordCount).toBeGreaterThan(100_000);
    } finally {
      await pool.close();
    }
  }, 120_000);

  it("reads Debian's HTML manuals without permalink marks in headings, letterless bylines or cut titles", async () => {
    // Node's API docs end each heading with <a href="#…">#</a>, texinfo with a "¶" anchor, and
    // Readability cut "The Basics (libffi: …)" after its colon. Measured on 239 of these pages:
    // 64 had marks in the outline, 4 a byline "#", 20 a title with an unbalanced bracket.
    const files = writeDebianHtml(path.join(dir, 'debian-html'), 300).filter((f) => fs.statSync(f).size < 1_500_000);
    expect(files.length).toBeGreaterThan(50);
    const out = parsed((await Promise.all(files.map(prep))).flat());
    expect(out.length).toBeGreaterThan(50);
    const marked = out.filter((b) => b.headings.some((h) => /[#¶§]\s*$/.test(h)));
    const letterless = out.filter((b) => b.byline && !/\p{L}/u.test(b.byline));
    const unbalanced = out.filter((b) => b.title.split('(').length !== b.title.split(')').length);
    expect(marked.map((b) => b.title)).toEqual([]);
    expect(letterless.map((b) => b.byline)).toEqual([]);
    expect(unbalanced.map((b) => b.title)).toEqual([]);
    console.log(`Debian HTML: ${out.length} pages, ${out.reduce((n, b) => n + b.headings.length, 0)} headings checked`);
  }, 180_000);

  it("reads Debian's PDF manuals, and a PDF whose metadata title is HTML takes its first heading", async () => {
    const pdfs = writeDebianPdfs(path.join(dir, 'pdf'), 4);
    for (const f of pdfs) {
      const [b] = parsed(await prep(f));
      expect(b?.wordCount, path.basename(f)).toBeGreaterThan(200);
      expect(b?.title).not.toMatch(/<[a-z]/i);
    }
    const doc = await PDFDocument.create();
    doc.setTitle('<b>Electronegativity<b><br>Electron security');
    const font = await doc.embedFont(StandardFonts.HelveticaBold);
    const body = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([595, 842]);
    page.drawText('Electronegativity Report', { x: 50, y: 780, size: 20, font });
    for (let i = 0; i < 12; i++)
      page.drawText(`Finding ${i + 1}: the renderer loads remote content without a sandbox.`, {
        x: 50,
        y: 740 - i * 16,
        size: 10,
        font: body,
      });
    const file = path.join(dir, 'meta.pdf');
    fs.writeFileSync(file, await doc.save());
    expect(parsed(await prep(file))[0]?.title).toBe('Electronegativity Report');
  }, 120_000);
});

describe('real files in containers: mailbox, zip archive, Word', () => {
  it('reads a mailbox of 60 real messages, one briefing each, with their own subjects', async () => {
    const messages = mailFiles('easy-ham-2').slice(0, 60);
    const mbox = messages
      .map((m) => {
        const raw = fs.readFileSync(m.file, 'latin1').replace(/^From .*\n/, '');
        return `From list@example.org Wed Aug 21 08:33:03 2002\n${raw.replace(/^(>*From )/gm, '>$1')}`;
      })
      .join('\n');
    const file = path.join(dir, 'list.mbox');
    fs.writeFileSync(file, mbox, 'latin1');
    const mails = parsed(await prep(file));
    expect(mails).toHaveLength(60);
    const subjects = messages.map((m) => /^Subject: (.*)$/m.exec(fs.readFileSync(m.file, 'latin1'))?.[1]?.trim());
    expect(mails.filter((b, i) => b.title === subjects[i]).length).toBeGreaterThanOrEqual(55);
    expect(mails.every((b) => b.wordCount > 5 && !/\uFFFD/.test(b.text))).toBe(true);
  });

  it('reads a zip of real pages, mail and READMEs, entry by entry', async () => {
    const pages = writeRealPages(path.join(dir, 'zip-pages'), 10);
    const readmes = writeRealMarkdown(path.join(dir, 'zip-md'), 10);
    const mails = mailFiles('easy-ham-1').slice(100, 110);
    const zip = await toZip([
      ...pages.map((f) => ({ name: `pages/${path.basename(f)}`, data: fs.readFileSync(f) })),
      ...readmes.map((f) => ({ name: `notes/${path.basename(f)}`, data: fs.readFileSync(f) })),
      ...mails.map((m) => ({ name: `mail/${m.name}.eml`, data: fs.readFileSync(m.file) })),
    ]);
    const file = path.join(dir, 'bundle.zip');
    fs.writeFileSync(file, zip);
    const items = await prep(file);
    expect(items.filter((i) => i.outcome === 'parsed')).toHaveLength(30);
    expect(new Set(parsed(items).map((b) => b.format))).toEqual(new Set(['html', 'md', 'eml']));
  });

  it('reads Word files of real speeches with every paragraph', async () => {
    const files = await writeSpeechDocuments(path.join(dir, 'docx'), 5, 'docx');
    for (const [i, s] of speeches(5).entries()) {
      const [b] = parsed(await prep(files[i] as string));
      const words = s.text.split(/\s+/).filter((w) => /\w/.test(w)).length;
      // The Word file adds its title and "Part n" headings; every word of the speech is there.
      expect(b?.wordCount, s.name).toBeGreaterThanOrEqual(words * 0.98);
      expect(b?.title).toBe(`State of the Union ${s.year}, ${s.president}`);
    }
  }, 60_000);
});

describe('failure reasons are sentences for people', () => {
  it('never passes on a library message, URL or stack', async () => {
    const bad: Record<string, string | Buffer> = {
      'not-a-zip.docx': 'This is plain text in a file named .docx',
      'truncated.docx': Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00garbage-after-header', 'latin1'),
      'not-a-pdf.pdf': 'plain text, not a PDF',
      'truncated.pdf': '%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
      'broken.zip': Buffer.from('PK\x05\x06broken-central-directory', 'latin1'),
      'bad-front.md': '---\ntitle: [unclosed\n  - : :\n---\nBody text of the note.\n',
      'bad.json': JSON.stringify({
        kind: 'briefings-export',
        version: 1,
        briefings: [{ title: 5 }],
        tags: [],
        rules: [],
      }),
      'empty.eml': '\r\n\r\n',
      'binary.txt': Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 7]),
    };
    const reasons: string[] = [];
    for (const [name, content] of Object.entries(bad)) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      for (const item of await prep(file)) if (item.outcome !== 'parsed') reasons.push(`${name}: ${item.reason}`);
    }
    expect(reasons.length).toBeGreaterThanOrEqual(Object.keys(bad).length);
    for (const r of reasons) {
      const reason = r.slice(r.indexOf(': ') + 2);
      expect(reason, r).not.toMatch(
        /https?:|\bat \S+:\d+|Error\b|Exception|undefined|null|Cannot |can't find|\.js\b|\{|\}/,
      );
      expect(reason.length, r).toBeLessThan(140);
      expect(reason, r).toMatch(/^[a-z"]/);
    }
    console.log(`failure reasons checked: ${reasons.length}\n  ${reasons.join('\n  ')}`);
  });
});
