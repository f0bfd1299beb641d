import type { RelatedItem } from '../../../../shared/model';
import { decodeText, notText, NOT_TEXT } from '../decode';
import { escapeHtml } from '../html';
import { titleFromFileName } from '../dates';
import { FileRejected, single, type FileMeta, type ImporterEntry, type ParsedBriefing } from '../types';

/**
 * Plain-text briefings, as news sites and clipping tools save them: a title line, optionally a
 * second headline and a "By ..." line, a dateline opening the first paragraph ("NEW YORK — ..."),
 * short unpunctuated lines as section headings, and a trailing "More Insights" block of related
 * teasers (title line + one paragraph). Paragraphs are separated by blank lines; hard-wrapped
 * lines inside a paragraph are joined.
 */

const RELATED_MARKER =
  /^(more insights|related( articles| stories| reading| content)?|read more|more on this( topic)?|you may also like|further reading|see also|more from .{1,40})$/i;
const DATELINE =
  /^((?:[A-Z][A-Z.'’-]*(?:[ ,]+|$)){1,5}(?:\([^)]{1,40}\))?)\s*[—–]\s*|^((?:[A-Z][A-Z.'’-]*(?:[ ,]+|$)){1,5})\s+-{1,2}\s+/;
const BYLINE = /^by\s+\S.{0,120}$/i;
const LIST_ITEM = /^(?:[-*•]|\d{1,3}[.)])\s+/;

type Block = { lines: string[]; text: string };

export function parseTxt(text: string, meta: Pick<FileMeta, 'name'>): ParsedBriefing {
  const blocks = toBlocks(text);
  if (blocks.length === 0) throw new FileRejected('the file is empty');

  let i = 0;
  const first = blocks[i++] as Block;
  // The title is the first line; a long first paragraph with no title line gets a title from
  // the file name instead of becoming a 2,000-character title.
  let title = first.lines[0] ?? '';
  let leadBody: Block | null = null;
  if (title.length > 200 || (first.lines.length > 1 && !isHeadingLike(title))) {
    title = titleFromFileName(meta.name);
    leadBody = first;
  } else if (first.lines.length > 1) {
    leadBody = { lines: first.lines.slice(1), text: first.lines.slice(1).join(' ') };
  }

  let headline: string | null = null;
  let byline: string | null = null;
  if (!leadBody) {
    const next = blocks[i];
    if (next && next.lines.length === 1 && isHeadingLike(next.text) && !BYLINE.test(next.text)) {
      const following = blocks[i + 1];
      // A heading-like second block is the second headline only when body text follows it;
      // otherwise it is the first section heading.
      if (following && !isHeadingLike(following.text)) {
        headline = next.text;
        i++;
      }
    }
    const maybeBy = blocks[i];
    if (maybeBy && maybeBy.lines.length === 1 && BYLINE.test(maybeBy.text)) {
      byline = maybeBy.text.replace(/^by\s+/i, '').trim();
      i++;
    }
  }

  const body: Block[] = leadBody ? [leadBody, ...blocks.slice(i)] : blocks.slice(i);
  const markerAt = body.findIndex((b) => b.lines.length === 1 && RELATED_MARKER.test(b.text));
  const main = markerAt >= 0 ? body.slice(0, markerAt) : body;
  const related = markerAt >= 0 ? toRelated(body.slice(markerAt + 1)) : [];

  if (main.length === 0) throw new FileRejected('the file has a title but no body text');

  const html: string[] = [];
  const plain: string[] = [];
  const headings: string[] = [];
  let dateline: string | null = null;
  for (const block of main) {
    if (block.lines.every((l) => LIST_ITEM.test(l))) {
      const ordered = /^\d/.test(block.lines[0] ?? '');
      const items = block.lines.map((l) => l.replace(LIST_ITEM, ''));
      html.push(
        `<${ordered ? 'ol' : 'ul'}>${items.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</${ordered ? 'ol' : 'ul'}>`,
      );
      plain.push(items.join('\n'));
    } else if (block.lines.every((l) => l.startsWith('>'))) {
      const quote = block.lines.map((l) => l.replace(/^>\s?/, '')).join(' ');
      html.push(`<blockquote><p>${escapeHtml(quote)}</p></blockquote>`);
      plain.push(quote);
    } else if (block.lines.length === 1 && isHeadingLike(block.text)) {
      headings.push(block.text);
      html.push(`<h2>${escapeHtml(block.text)}</h2>`);
      plain.push(block.text);
    } else if (isWholeQuote(block.text)) {
      html.push(`<blockquote><p>${escapeHtml(block.text)}</p></blockquote>`);
      plain.push(block.text);
    } else {
      const m: RegExpExecArray | null = dateline === null && headings.length === 0 ? DATELINE.exec(block.text) : null;
      if (m) {
        const place: string = (m[1] ?? m[2] ?? '').trim().replace(/,$/, '');
        dateline = place;
        const rest = block.text.slice(m[0].length);
        html.push(`<p class="lede"><span class="dateline">${escapeHtml(place)}</span> — ${escapeHtml(rest)}</p>`);
      } else {
        html.push(`<p>${escapeHtml(block.text)}</p>`);
      }
      plain.push(block.text);
    }
  }

  return {
    title,
    headline,
    source: null,
    byline,
    dateline,
    publishedAt: null,
    text: plain.join('\n\n'),
    html: html.join('\n'),
    htmlIsEscapedText: true,
    headings,
    related,
    tags: [],
  };
}

/**
 * Text saved without paragraph breaks (a speech transcript as one 50 KB line) is cut into
 * paragraphs of a few sentences, so the reader, snippets and the outline have structure.
 */
const LONG_BLOCK = 2000;
const PARAGRAPH = 700;
function splitLong(block: Block): Block[] {
  if (block.text.length <= LONG_BLOCK) return [block];
  const sentences = block.text.match(/[^.!?]+(?:[.!?]+["”’)\]]*|$)\s*/g) ?? [block.text];
  const out: Block[] = [];
  let cur = '';
  for (const s of sentences) {
    if (cur.length > 0 && cur.length + s.length > PARAGRAPH) {
      out.push({ lines: [cur.trim()], text: cur.trim() });
      cur = '';
    }
    cur += s;
  }
  if (cur.trim() !== '') out.push({ lines: [cur.trim()], text: cur.trim() });
  return out;
}

function toBlocks(text: string): Block[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\n[ \t]*\n/)
    .map((chunk) =>
      chunk
        .split('\n')
        .map((l) => l.replace(/\s+/g, ' ').trim())
        .filter((l) => l !== ''),
    )
    .filter((lines) => lines.length > 0)
    .map((lines) => ({ lines, text: joinLines(lines) }))
    .flatMap((b) => (b.lines.every((l) => LIST_ITEM.test(l) || l.startsWith('>')) ? [b] : splitLong(b)));
}

/** Hard-wrapped prose is joined with spaces; lists and quotes keep their line structure. */
function joinLines(lines: string[]): string {
  return lines.join(' ');
}

/** A heading is one short line that does not read as a sentence. */
export function isHeadingLike(s: string): boolean {
  if (s.length === 0 || s.length > 120) return false;
  if (/[.,;:!]$/.test(s) && !/\b(?:[A-Z]\.){2,}$/.test(s)) return false;
  if (/^["“'‘>]/.test(s) || LIST_ITEM.test(s)) return false;
  if (s.split(/\s+/).length > 16) return false;
  return /^[\p{Lu}\p{Lo}\p{N}]/u.test(s);
}

function isWholeQuote(s: string): boolean {
  return /^[“"][^“”"]+[”"]\s*(?:[—–-]\s*.{1,80})?$/.test(s);
}

function toRelated(blocks: Block[]): RelatedItem[] {
  const items: RelatedItem[] = [];
  for (let k = 0; k < blocks.length; k++) {
    const b = blocks[k] as Block;
    if (!isHeadingLike(b.text)) {
      // A teaser without a title line: attach to the previous item if it has none yet.
      const last = items[items.length - 1];
      if (last && last.teaser === '') last.teaser = b.text;
      continue;
    }
    const next = blocks[k + 1];
    if (next && !isHeadingLike(next.text)) {
      items.push({ title: b.text, teaser: next.text });
      k++;
    } else {
      items.push({ title: b.text, teaser: '' });
    }
  }
  return items;
}

export const txtImporter: ImporterEntry = {
  format: 'txt',
  label: 'Plain text',
  extensions: ['.txt', '.text'],
  archive: false,
  sniffable: true,
  create: () => ({
    parse(bytes, meta) {
      const { text } = decodeText(bytes);
      if (text.includes('\u0000') || notText(text)) throw new FileRejected(NOT_TEXT);
      return single(parseTxt(text, meta));
    },
  }),
};
