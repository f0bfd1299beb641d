import type * as Htmlparser2 from 'htmlparser2';
import { lazyRequire } from './lazy';

const htmlparser2 = lazyRequire<typeof Htmlparser2>('htmlparser2');

const BLOCKS = new Set([
  'P',
  'DIV',
  'SECTION',
  'ARTICLE',
  'HEADER',
  'FOOTER',
  'ASIDE',
  'BLOCKQUOTE',
  'PRE',
  'UL',
  'OL',
  'LI',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'TABLE',
  'TR',
  'FIGURE',
  'FIGCAPTION',
  'DL',
  'DT',
  'DD',
  'HR',
  'BR',
  'MAIN',
  'NAV',
]);
// HEAD is not skipped: old mail clients and newsletter tools write `<HTML><body><HEAD><TITLE>`, and a
// parser then nests the whole letter inside that HEAD. Its metadata children are skipped instead.
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'TITLE', 'META', 'LINK', 'BASE']);

const HEADING = /^h[1-4]$/;

/**
 * Plain text of an HTML fragment with paragraph structure kept: block elements become blank-line
 * separated paragraphs. Used for search, snippets, hashing and word counts of every HTML-based
 * format. Read with htmlparser2's streaming parser, not a DOM: building linkedom nodes for a
 * large page was superlinear (each node registers in one global WeakMap: 33 of 47 s on Node's
 * 8.4 MB API page), and a stream has no nesting depth to overflow.
 */
export function htmlToText(html: string): { text: string; headings: string[] } {
  const paragraphs: string[] = [];
  const headings: string[] = [];
  let current = '';
  let skipping = 0;
  let heading: string | null = null;
  const flush = (): void => {
    const t = current.replace(/\s+/g, ' ').trim();
    if (t !== '') paragraphs.push(t);
    current = '';
  };
  const { Parser } = htmlparser2();
  const parser = new Parser(
    {
      onopentagname(name) {
        const tag = name.toUpperCase();
        if (SKIP.has(tag)) {
          skipping++;
          return;
        }
        if (skipping > 0) return;
        if (BLOCKS.has(tag)) flush();
        if (HEADING.test(name) && heading === null) heading = '';
      },
      ontext(text) {
        if (skipping > 0) return;
        current += text;
        if (heading !== null) heading += text;
      },
      onclosetag(name, implied) {
        const tag = name.toUpperCase();
        if (SKIP.has(tag)) {
          skipping = Math.max(0, skipping - 1);
          return;
        }
        if (skipping > 0) return;
        if (HEADING.test(name) && heading !== null) {
          const h = heading.replace(/\s+/g, ' ').trim();
          if (h !== '' && h.length <= 200) headings.push(h);
          heading = null;
        }
        if (BLOCKS.has(tag) && !(implied && (tag === 'BR' || tag === 'HR'))) flush();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: false },
  );
  parser.write(html);
  parser.end();
  flush();
  return { text: paragraphs.join('\n\n'), headings };
}

/**
 * Removes permalink marks: a link to a fragment whose whole text is "#", "¶" or "§" (Node's API
 * docs end every heading with `<a class="mark" href="#…">#</a>`, Sphinx with a "¶" headerlink,
 * texinfo with a copiable "¶" anchor). Left in, the outline read "Class: Console#" and the text
 * carried a stray mark after every heading. Real links, and fragment links with words, stay.
 */
export function stripPermalinks(html: string): string {
  return html.replace(
    /<a\b[^>]*\bhref\s*=\s*["']?#[^>]*>\s*(?:#|¶|§|🔗|&para;|&#182;|&#xb6;|&sect;|&#167;|&#xa7;)\s*<\/a\s*>/gi,
    '',
  );
}
