import fs from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../src/main/library/import/decode';
import { parseTxt, txtImporter } from '../../../src/main/library/import/importers/txt';
import { FileRejected, type ParsedBriefing, type ParsedItem } from '../../../src/main/library/import/types';
import { SAMPLE } from '../../helpers/temp';

function parse(bytes: Uint8Array, name = 'x.txt'): ParsedBriefing {
  const items = txtImporter.create().parse(bytes, { path: `/tmp/${name}`, name, size: bytes.length }) as ParsedItem[];
  const first = items[0];
  if (!first || !('parsed' in first)) throw new Error('expected one parsed briefing');
  return first.parsed;
}

describe('.txt importer on the reference briefing', () => {
  const b = parse(fs.readFileSync(SAMPLE));

  it('finds title, second headline and dateline', () => {
    expect(b.title).toBe('US Rejects Global AI Governance at UN General Assembly');
    expect(b.headline).toBe('U.S. Rejects International AI Oversight at U.N. General Assembly');
    expect(b.dateline).toBe('NEW YORK');
  });

  it('finds the six section headings in order', () => {
    expect(b.headings).toEqual([
      'U.S. Criticism of Centralized Governance',
      'Contrasting Views on AI Governance',
      'Introduction of the Global Dialogue on AI Governance',
      'Misinterpretation of U.N. Regulation Role',
      'International Support for AI Governance',
      'Looking Ahead',
    ]);
    expect(b.html.match(/<h2>/g)).toHaveLength(6);
  });

  it('turns the More Insights block into nine related items, not body text', () => {
    expect(b.related).toHaveLength(9);
    expect(b.related[0]).toEqual({
      title: 'US Rejects UN’s Call for Global AI Governance Framework',
      teaser: expect.stringMatching(/^U\.S\. officials rejected .*Michael Kratsios of the\.\.\.$/),
    });
    expect(b.related[8]?.title).toBe('Draft Guidance on Reporting Serious Incidents Under the EU AI Act');
    expect(b.text).not.toContain('More Insights');
    expect(b.text).not.toContain('Agentic AI');
    expect(b.html).not.toContain('Tokio Marine');
  });

  it('keeps paragraphs and quotes verbatim, curly quotes included', () => {
    expect(b.text).toContain(
      '“We totally reject all efforts by international bodies to assert centralized control and global governance of AI.”',
    );
    expect(b.text).toContain('Pedro Sánchez');
    expect(b.html).toContain('<span class="dateline">NEW YORK</span> — The United States');
    // Nine body paragraphs and six headings.
    expect(b.text.split('\n\n')).toHaveLength(9 + 6);
  });
});

describe('.txt structure heuristics', () => {
  it('reads a "By" line as the byline and keeps a heading-only second line as a heading', () => {
    const t =
      'Budget Talks Stall\n\nBy Jane Doe\n\nWASHINGTON — Talks stalled today.\n\nWhat Comes Next\n\nMore talks.';
    const b = parseTxt(t, { name: 'a.txt' });
    expect(b.byline).toBe('Jane Doe');
    expect(b.headline).toBeNull();
    expect(b.dateline).toBe('WASHINGTON');
    expect(b.headings).toEqual(['What Comes Next']);
  });

  it('joins hard-wrapped lines and renders lists and > quotes', () => {
    const t =
      'Notes\n\nThis paragraph was\nwrapped at forty columns.\n\n- one\n- two\n\n> quoted line one\n> quoted line two';
    const b = parseTxt(t, { name: 'n.txt' });
    expect(b.text).toContain('This paragraph was wrapped at forty columns.');
    expect(b.html).toContain('<ul><li>one</li><li>two</li></ul>');
    expect(b.html).toContain('<blockquote><p>quoted line one quoted line two</p></blockquote>');
  });

  it('takes the title from the file name when the file starts with a long paragraph', () => {
    const long = 'word '.repeat(80).trim() + '.';
    const b = parseTxt(`${long}\n\nSecond paragraph.`, { name: 'meeting-notes_2025.txt' });
    expect(b.title).toBe('Meeting Notes 2025');
    expect(b.text.startsWith('word word')).toBe(true);
  });

  it('escapes markup in text instead of interpreting it', () => {
    const b = parseTxt('Title\n\n<script>alert(1)</script> & <b>bold</b>.', { name: 't.txt' });
    expect(b.html).not.toContain('<script>');
    expect(b.html).toContain('&#60;script&#62;');
  });

  it('rejects empty, whitespace-only, title-only and binary files with a reason', () => {
    expect(() => parse(new Uint8Array())).toThrowError(FileRejected);
    expect(() => parse(Buffer.from('  \n\n \t\n'))).toThrowError(/empty/);
    expect(() => parse(Buffer.from('Just A Title\n'))).toThrowError(/no body text/);
    expect(() => parse(Buffer.from([0x41, 0x00, 0x42, 0x00, 0x00, 0x01]))).toThrowError(/binary/);
  });
});

describe('decodeText', () => {
  const sample = 'Café “quoted” – 5 € … naïve';
  it('decodes UTF-8 with and without BOM', () => {
    expect(decodeText(Buffer.from(sample, 'utf8')).text).toBe(sample);
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)])).text).toBe(sample);
  });
  it('decodes UTF-16 LE and BE with BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(sample, 'utf-16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(sample, 'utf-16be')]);
    expect(decodeText(le).text).toBe(sample);
    expect(decodeText(be).text).toBe(sample);
  });
  it('decodes Windows-1252 to the exact code points (not C1 controls)', () => {
    const text = 'The minister said “we will act” – at a cost of 5 € – to the café’s owners. '.repeat(4);
    const { text: out } = decodeText(iconv.encode(text, 'windows-1252'));
    expect(out).toBe(text);
    expect([...out].some((c) => c.charCodeAt(0) >= 0x80 && c.charCodeAt(0) <= 0x9f)).toBe(false);
    expect(out).toContain('\u201C');
    expect(out).toContain('\u20AC');
  });
  it('decodes Latin-1 text', () => {
    const text = 'Él está en São Paulo según el señor Müller. '.repeat(5);
    expect(decodeText(iconv.encode(text, 'latin1')).text).toBe(text);
  });
  it('normalizes CRLF and CR newlines', () => {
    expect(decodeText(Buffer.from('a\r\nb\rc')).text).toBe('a\nb\nc');
  });
});
