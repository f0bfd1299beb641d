import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type ImportLimits } from '../../../src/main/library/import/limits';
import { prepareFile, type PreparedBriefing, type PreparedItem } from '../../../src/main/library/import/prepare';
import { briefing, toDocx, toEml, toHtml, toMbox, toMd, toPdf, toTxt, toZip } from '../../fixtures/generate';
import { corpusDir, REPO_ROOT, tempDir } from '../../helpers/temp';

/** Parses a file exactly as a worker does (same function), in-process for speed. */
async function prep(
  name: string,
  data: string | Uint8Array,
  limits: Partial<ImportLimits> = {},
): Promise<PreparedItem[]> {
  const file = path.join(tempDir(), name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  return prepareFile({ path: file, limits: { ...DEFAULT_LIMITS, ...limits } });
}

async function one(name: string, data: string | Uint8Array): Promise<PreparedBriefing> {
  const items = await prep(name, data);
  expect(items).toHaveLength(1);
  const item = items[0] as PreparedItem;
  if (item.outcome !== 'parsed') throw new Error(`expected a briefing, got ${item.outcome}: ${item.reason}`);
  return item.briefing;
}

async function reason(name: string, data: string | Uint8Array, limits: Partial<ImportLimits> = {}): Promise<string> {
  const items = await prep(name, data, limits);
  const item = items[0] as PreparedItem;
  if (item.outcome === 'parsed') throw new Error('expected a rejection');
  return `${item.outcome}: ${item.reason}`;
}

const b = briefing(7);

describe('Markdown', () => {
  it('maps front matter to fields and tags, and renders the body', async () => {
    const md = await one('note.md', toMd(b));
    expect(md).toMatchObject({
      title: b.title,
      source: b.source,
      byline: b.author,
      publishedAt: `${b.date}T00:00:00.000Z`,
      url: `https://example.org/briefings/${b.seed}`,
      tags: ['policy', b.place.toLowerCase().replace(/ /g, '-')],
      format: 'md',
    });
    expect(md.headings).toEqual(b.sections.map((s) => s.heading));
    expect(md.html).toContain(`<h2>${b.sections[0]?.heading}</h2>`);
  });

  it('takes the title from a leading # heading and renders raw HTML through the article sanitizer', async () => {
    const md = await one(
      'n.md',
      '<p align="center"><img src="https://example.org/logo.png" alt="logo"></p>\n\n# Weekly Notes ' +
        '[![npm](https://img.shields.io/npm/v/x.svg)](https://npm.im/x) `v2`\r\n\r\n' +
        'See <script>alert(1)</script> and [link](javascript:alert(1)).<br>Next line.\r\n\r\n' +
        '<details><summary>More</summary>\n\nHidden <b>detail</b> text.\n\n</details>\n\n' +
        '```html\n<p align="center">code stays code</p>\n```\n',
    );
    expect(md.title).toBe('Weekly Notes v2');
    expect(md.html).not.toContain('<script');
    expect(md.html).not.toContain('href="javascript:');
    expect(md.html).not.toContain('&lt;br');
    expect(md.html).toContain('<details><summary>More</summary>');
    expect(md.html).toContain('<b>detail</b>');
    // Code blocks show their markup as text.
    expect(md.html).toContain('&lt;p align="center"&gt;code stays code');
    expect(md.text).toContain('More');
    expect(md.text).toContain('Hidden detail text.');
    // Only the code block keeps its markup as text.
    expect(md.text.split('<p align="center">code stays code')[0]).not.toMatch(/<(p|details|summary|b|br)\b/);
  });

  it('refuses JavaScript front matter without running it', async () => {
    const marker = path.join(tempDir(), 'ran');
    const evil = `---js\n{ title: require('fs').writeFileSync(${JSON.stringify(marker)}, 'x') }\n---\nBody text here.`;
    expect(await reason('evil.md', evil)).toBe('failed: front matter written in JavaScript is not allowed');
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('bounds YAML alias bombs and reports broken YAML', async () => {
    const bomb = `---\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n---\nBody.`;
    expect(await reason('bomb.md', bomb)).toMatch(/^failed: the front matter repeats YAML aliases/);
    expect(await reason('bad.md', '---\ntitle: [unclosed\n---\nBody.')).toMatch(
      /^failed: the front matter .*is not valid YAML/,
    );
    // The same broken YAML where an "&" sends it through the alias-capped parser.
    expect(await reason('bad2.md', '---\ntitle: [unclosed & more\n---\nBody.')).toMatch(
      /^failed: the front matter .*is not valid YAML/,
    );
  });

  it('reads front matter the same through both YAML parsers (with and without "&" or "*")', async () => {
    const fm = (extra: string) =>
      `---\ntitle: "Rates ${extra}"\ndate: 2025-03-14\nauthor: A. Writer\ntags: [policy, 2025]\nurl: https://example.org/a?x=1\n---\nBody text.`;
    const plain = await one('plain.md', fm('held'));
    const amp = await one('amp.md', fm('held & cut'));
    expect(plain).toMatchObject({ title: 'Rates held', byline: 'A. Writer', tags: ['policy', '2025'] });
    expect(amp).toMatchObject({ title: 'Rates held & cut', byline: 'A. Writer', tags: ['policy', '2025'] });
    expect(plain.publishedAt).toBe(amp.publishedAt);
    expect(plain.publishedAt?.slice(0, 10)).toBe('2025-03-14');
  });
});

describe('HTML', () => {
  it('extracts the article from a saved news page, leaving navigation, ads and scripts out', async () => {
    const page = await one('story.html', toHtml(b, 100));
    expect(page).toMatchObject({
      title: b.title,
      source: b.source,
      byline: b.author,
      publishedAt: `${b.date}T08:00:00.000Z`,
      language: 'en',
      url: `https://news.example.com/${b.seed}`,
      format: 'html',
    });
    expect(page.text).toContain(b.sections[0]?.paragraphs[0]?.slice(0, 60));
    expect(page.text).not.toContain('window.__ads');
    expect(page.html).not.toMatch(/<script|<style|<nav|<img/);
    expect(page.headings).toEqual(b.sections.map((s) => s.heading));
  });

  it('resolves relative links against the page URL and drops unresolvable ones', async () => {
    const html = `<html><head><title>Links</title><link rel="canonical" href="https://site.example/a/b.html"></head><body><article>
      <p>${'Long enough text to count as an article body. '.repeat(20)}<a href="../c.html">relative</a> <a href="#top">in page</a></p></article></body></html>`;
    const page = await one('links.html', html);
    expect(page.html).toContain('href="https://site.example/c.html"');
    const noBase = await one('nobase.html', html.replace(/<link[^>]+>/, ''));
    expect(noBase.html).not.toContain('../c.html');
  });

  it('honours a declared legacy charset', async () => {
    const html = `<html><head><meta charset="windows-1251"><title>Новости</title></head><body><p>${'Правительство объявило о новых мерах. '.repeat(30)}</p></body></html>`;
    const page = await one('ru.html', iconv.encode(html, 'windows-1251'));
    expect(page.title).toBe('Новости');
    expect(page.text).toContain('Правительство объявило');
  });

  it('keeps the body of a page that is not "readerable" instead of losing it', async () => {
    const page = await one(
      'short.html',
      '<html><head><title>Short</title></head><body><ul><li>One item</li><li>Two items</li></ul></body></html>',
    );
    expect(page.text).toContain('One item');
  });

  it('imports all 130 real pages of the corpus with a title and a body, and reports title agreement', async () => {
    const root = path.join(corpusDir(), 'web-pages');
    const cases = fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'source.html')));
    expect(cases.length).toBe(130);
    let agree = 0;
    const failures: string[] = [];
    for (const c of cases) {
      const items = await prepareFile({ path: path.join(root, c, 'source.html'), limits: DEFAULT_LIMITS });
      const item = items[0];
      if (!item || item.outcome !== 'parsed' || item.briefing.title.trim() === '' || item.briefing.text.trim() === '') {
        failures.push(`${c}: ${item?.outcome === 'parsed' ? 'empty' : item?.reason}`);
        continue;
      }
      const expected = JSON.parse(fs.readFileSync(path.join(root, c, 'expected-metadata.json'), 'utf8')) as {
        title?: string;
      };
      const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
      if (expected.title && norm(expected.title) === norm(item.briefing.title)) agree++;
    }
    expect(failures).toEqual([]);
    console.log(
      `web-pages corpus: ${cases.length}/${cases.length} imported; titles agree with expected-metadata.json on ${agree}/${cases.length}`,
    );
    expect(agree).toBeGreaterThanOrEqual(120);
  }, 120_000);
});

describe('Email and mailboxes', () => {
  it('says in the report when a mail uses a charset it cannot decode, and not otherwise', async () => {
    const mail = (charset: string, body: Buffer): Buffer =>
      Buffer.concat([
        Buffer.from(
          `From: Desk <desk@example.org>\r\nSubject: =?${charset}?Q?caf=E9?= talks\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n` +
            `Content-Type: text/plain; charset="${charset}"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
        ),
        body,
      ]);
    const body = Buffer.from('The caf\xe9 briefing \xe8 on the budget talks.\r\n', 'latin1');
    // An unknown charset is read from the bytes themselves: nothing is lost, so nothing is said.
    const [unknown] = await prep('klingon.eml', mail('x-klingon', body));
    expect(unknown?.outcome === 'parsed' && unknown.briefing.text).toContain('café briefing è');
    expect(unknown?.outcome === 'parsed' && unknown.warning).toBeUndefined();
    // Bytes no charset guess can read (0x81 and 0x8D are undefined even in windows-1252) are said.
    const [lost] = await prep('lost.eml', mail('utf-8', Buffer.from('The budget \x81\x8d talks.\r\n', 'latin1')));
    expect(lost?.outcome).toBe('parsed');
    expect(lost?.outcome === 'parsed' && lost.warning).toBe(
      'the mail holds bytes that are not valid in its character set; 3 characters were replaced with \uFFFD',
    );
    const [known] = await prep('latin.eml', mail('windows-1252', body));
    expect(known?.outcome === 'parsed' && known.briefing.text).toContain('café briefing è');
    expect(known?.outcome === 'parsed' && known.warning).toBeUndefined();
  });

  it('maps subject, sender and date, and prefers the HTML part', async () => {
    const mail = await one('m.eml', toEml(b));
    expect(mail).toMatchObject({
      title: b.title,
      source: `${b.source} Briefing`,
      publishedAt: new Date(`${b.date}T07:30:00Z`).toISOString(),
      format: 'eml',
    });
    expect(mail.headings).toEqual(b.sections.map((s) => s.heading));
  });

  it('decodes a windows-1252 text-only message exactly and ignores attachments', async () => {
    const body = iconv.encode('The minister said “we will act” at a cost of 5 € – café.\r\n', 'windows-1252');
    const raw = Buffer.concat([
      Buffer.from(
        'From: Desk <desk@example.org>\r\nSubject: =?utf-8?q?Caf=C3=A9_briefing?=\r\nDate: Tue, 1 Apr 2025 09:00:00 +0000\r\n' +
          'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
      ),
      body,
      Buffer.from(
        '\r\n--x\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="..\\\\..\\\\evil.bat"\r\n\r\nMZ\r\n--x--\r\n',
      ),
    ]);
    const mail = await one('w.eml', raw);
    expect(mail.title).toBe('Café briefing');
    expect(mail.text).toBe('The minister said “we will act” at a cost of 5 € – café.');
    expect(mail.text).not.toContain('MZ');
  });

  it('rejects garbage that parses as an empty message', async () => {
    expect(await reason('junk.eml', Buffer.from(Array.from({ length: 500 }, (_, i) => (i * 37) % 256)))).toMatch(
      /^failed: /,
    );
  });

  it('splits an mbox into messages and reports a bad message on its own', async () => {
    const mbox = `${toMbox([briefing(1), briefing(2)])}From nobody Tue Apr  1 09:00:00 2025\n\n\n${toMbox([briefing(3)])}`;
    const items = await prep('box.mbox', mbox);
    expect(items.map((i) => i.outcome)).toEqual(['parsed', 'parsed', 'failed', 'parsed']);
    expect(items[2]?.displayPath).toMatch(/box\.mbox#3$/);
  });
});

describe('Word documents', () => {
  it('keeps title, author, headings and lists', async () => {
    const doc = await one('report.docx', await toDocx(b));
    expect(doc).toMatchObject({ title: b.title, byline: b.author, format: 'docx' });
    expect(doc.headings).toEqual(expect.arrayContaining(b.sections.map((s) => s.heading)));
    expect(doc.html).toContain('<ul><li>First point of action</li><li>Second point of action</li></ul>');
  });

  it('a damaged document is a per-file failure with a reason', async () => {
    const bytes = await toDocx(b);
    expect(await reason('broken.docx', bytes.subarray(0, bytes.length / 2))).toMatch(
      /^failed: not a readable Word document/,
    );
    expect(await reason('fake.docx', 'plain text pretending')).toMatch(/^failed: not a readable Word document/);
  });
});

describe('PDF', () => {
  it('rebuilds paragraphs and headings and reads the metadata', async () => {
    const pdf = await one('paper.pdf', await toPdf(b));
    expect(pdf).toMatchObject({
      title: b.title,
      byline: b.author,
      publishedAt: `${b.date}T00:00:00.000Z`,
      format: 'pdf',
    });
    expect(pdf.headings).toEqual(b.sections.map((s) => s.heading));
    expect(pdf.text.split('\n\n')).toHaveLength(b.sections.length * 3);
    expect(pdf.text).toContain(b.sections[1]?.paragraphs[1]);
  });

  it('encrypted, truncated and fake PDFs are per-file failures, never a crash', async () => {
    expect(
      await reason('locked.pdf', fs.readFileSync(path.join(REPO_ROOT, 'tests', 'fixtures', 'encrypted.pdf'))),
    ).toBe('failed: PDF is encrypted (password protected)');
    const bytes = await toPdf(b);
    expect(await reason('cut.pdf', bytes.subarray(0, 400))).toMatch(/^failed: /);
    expect(await reason('fake.pdf', 'This is not a PDF at all.')).toMatch(
      /^failed: not a valid PDF|^failed: not a readable PDF/,
    );
  });
});

describe('Zip archives', () => {
  it('imports every supported entry, keeps folders as provenance, skips the rest', async () => {
    const zip = await toZip([
      { name: 'week-1/monday.txt', data: toTxt(briefing(1)) },
      { name: 'week-1/notes/tuesday.md', data: toMd(briefing(2)) },
      { name: 'week-2/page.html', data: toHtml(briefing(3), 20) },
      { name: 'week-2/logo.png', data: new Uint8Array([137, 80, 78, 71]) },
      { name: '__MACOSX/._monday.txt', data: 'junk' },
      { name: 'inner.zip', data: await toZip([{ name: 'deep/mail.eml', data: toEml(briefing(4)) }]) },
    ]);
    const items = await prep('bundle.zip', zip);
    const rows = items.map((i) => [i.displayPath.replace(/^.*bundle\.zip/, 'bundle.zip'), i.outcome]);
    expect(rows).toEqual([
      ['bundle.zip!week-1/monday.txt', 'parsed'],
      ['bundle.zip!week-1/notes/tuesday.md', 'parsed'],
      ['bundle.zip!week-2/page.html', 'parsed'],
      ['bundle.zip!week-2/logo.png', 'skipped'],
      ['bundle.zip!inner.zip!deep/mail.eml', 'parsed'],
    ]);
    const first = items[0];
    expect(first?.outcome === 'parsed' && first.briefing.originalPath.endsWith('bundle.zip')).toBe(true);
  });

  it('a zip-slip name, a bomb, too many entries or too deep nesting rejects the whole archive', async () => {
    const slip = await toZip([{ name: 'ok.txt', data: toTxt(b) }]);
    // yazl refuses unsafe names, so write one into the archive bytes (same length as "ok.txt").
    const evil = Buffer.from(slip.toString('latin1').replace(/ok\.txt/g, '../a.t'), 'latin1');
    expect(await reason('slip.zip', evil)).toMatch(/^failed: the archive is unsafe: .*zip-slip/);

    const bomb = await toZip([{ name: 'zeros.txt', data: new Uint8Array(20 * 1024 * 1024) }]);
    expect(await reason('bomb.zip', bomb)).toMatch(
      /^failed: the archive expands more than 200-fold .*a decompression bomb\? \(at "zeros.txt"\)/,
    );

    const many = await toZip(Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.txt`, data: toTxt(briefing(i)) })));
    expect(await reason('many.zip', many, { maxZipEntries: 20 })).toBe(
      'failed: the archive has 30 entries, more than the limit of 20',
    );
    expect(await reason('big.zip', many, { maxZipTotalBytes: 10_000 })).toBe(
      'failed: the archive expands past the 10 KB limit (at "f3.txt")',
    );

    let nested = await toZip([{ name: 'a.txt', data: toTxt(b) }]);
    for (let i = 0; i < 4; i++) nested = await toZip([{ name: `level${i}.zip`, data: nested }]);
    const items = await prep('nested.zip', nested);
    expect(items[0]).toMatchObject({
      outcome: 'failed',
      reason: 'archives nested deeper than 3 levels are not opened',
    });

    expect(await reason('trunc.zip', slip.subarray(0, slip.length - 30))).toMatch(
      /^failed: not a readable zip archive/,
    );
  });
});

describe('every format', () => {
  it('unsupported files are skipped with the reason, empty files fail with one', async () => {
    expect(await reason('slides.pptx', 'x')).toBe('skipped: not a supported format (.pptx)');
    expect(await reason('README', 'x')).toBe('skipped: not a supported format (no extension)');
    expect(await reason('foreign.json', '{"name":"package"}')).toBe(
      'skipped: not a supported format (a .json file that is not a Briefings export)',
    );
    for (const ext of ['txt', 'md', 'html', 'eml', 'pdf', 'docx', 'zip', 'mbox']) {
      expect(await reason(`empty.${ext}`, '')).toMatch(/^failed: /);
    }
  });
});
