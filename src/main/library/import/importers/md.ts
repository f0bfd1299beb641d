import type MarkdownIt from 'markdown-it';
import type * as JsYaml from 'js-yaml';
import type * as Yaml from 'yaml';
import { lazyRequire } from '../lazy';
import { decodeText, notText, NOT_TEXT } from '../decode';
import { localImageDataUrl } from '../local-images';
import { titleFromFileName, toIsoDate } from '../dates';
import { plainTitle } from '../titles';
import { FileRejected, single, type ImporterEntry } from '../types';
import { debugDetail } from '../debug-log';

// Raw HTML in Markdown is rendered (html: true), as every Markdown viewer does: READMEs and notes
// use <p align="center">, <details>, <br>. It is never trusted: the stored HTML goes through the
// article sanitizer like any web page (prepare.ts), so scripts, styles and remote loads are gone.
// Loaded on first use, like every parser: a worker reading mail never needs them.
const markdownIt = lazyRequire<typeof MarkdownIt>('markdown-it');
const jsyaml = lazyRequire<typeof JsYaml>('js-yaml');
const yaml = lazyRequire<typeof Yaml>('yaml');
type Markdown = InstanceType<typeof MarkdownIt>;
let instance: Markdown | undefined;
const md = (): Markdown => {
  const Ctor = markdownIt();
  return (instance ??= new Ctor({ html: true, linkify: true, typographer: false }));
};

/** The words of a raw HTML block, for search and the word count (tags, comments, scripts out). */
function htmlBlockText(html: string): string {
  return md().utils.unescapeAll(
    html
      .replace(/<(script|style|template)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
      .replace(/<[^>]*>/g, ' '),
  );
}

/**
 * Front matter: the block between a leading `---` line and the next `---` (or `...`) line. Only
 * the delimiting is done here; the YAML itself goes through js-yaml, or through the `yaml`
 * package with an alias cap when the text could hold aliases (js-yaml alias bombs expanded to
 * 300 MB in measurements). gray-matter was measured at 0.24 ms a file against 0.06 ms for the
 * YAML alone, half of a Markdown import, and its `---js` engine runs code; neither is needed.
 */
const FRONT_MATTER = /^---([a-z]*)[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;

function frontMatter(text: string): { data: Record<string, unknown>; content: string } {
  const m = FRONT_MATTER.exec(text);
  if (!m) return { data: {}, content: text };
  const lang = (m[1] ?? '').toLowerCase();
  const raw = m[2] ?? '';
  let doc: unknown;
  try {
    if (lang === 'js' || lang === 'javascript')
      throw new FileRejected('front matter written in JavaScript is not allowed');
    if (lang === 'json') doc = JSON.parse(raw);
    else if (lang === '' || lang === 'yaml' || lang === 'yml')
      // js-yaml parses a typical front matter in ~10 µs against ~85 µs for yaml (measured), the
      // largest cost of a Markdown import; but it has no cap on aliases, so any front matter
      // that could hold an anchor or alias ("&", "*") goes through yaml and its alias cap.
      doc = /[&*]/.test(raw)
        ? yaml().parse(raw, { maxAliasCount: 100, prettyErrors: false })
        : jsyaml().load(raw, { schema: jsyaml().CORE_SCHEMA });
    else throw new FileRejected(`front matter in "${lang}" is not supported (use YAML)`);
  } catch (cause) {
    if (cause instanceof FileRejected) throw cause;
    debugDetail('front matter', cause);
    if (/alias/i.test(cause instanceof Error ? cause.message : ''))
      throw new FileRejected('the front matter repeats YAML aliases too often to be read safely (a "YAML bomb")');
    // js-yaml and yaml both say where: a line number is what a person can act on.
    const line = (cause as { mark?: { line?: number }; linePos?: { line: number }[] } | null)?.mark?.line;
    const at = typeof line === 'number' ? ` (line ${line + 2} of the file)` : '';
    throw new FileRejected(`the front matter (the block between --- lines at the top) is not valid YAML${at}`);
  }
  const data = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  return { data, content: text.slice(m[0].length) };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

function tagsOf(v: unknown): string[] {
  if (Array.isArray(v))
    return v.filter((t): t is string | number => typeof t === 'string' || typeof t === 'number').map(String);
  if (typeof v === 'string')
    return v
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
  return [];
}

type Token = ReturnType<Markdown['parse']>[number];

/** The plain words of one line of Markdown (a heading): images dropped, links kept as their text. */
function inlineText(line: string): string {
  const tokens = md().parseInline(line, {})[0]?.children ?? [];
  return tokens
    .map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : c.type === 'html_inline' ? ' ' : ''))
    .join('')
    .trim();
}

const BLOCK_END = /^(paragraph|heading|blockquote|list_item|table|tr|th|td)_close$|^(code_block|fence|hr)$/;

/** Plain text and headings from markdown-it's tokens: blocks become blank-line separated paragraphs. */
function tokensToText(tokens: Token[]): { text: string; headings: string[] } {
  const paragraphs: string[] = [];
  const headings: string[] = [];
  let current = '';
  let inHeading = false;
  const flush = (): void => {
    const t = current.replace(/\s+/g, ' ').trim();
    if (t !== '') paragraphs.push(t);
    current = '';
  };
  for (const tok of tokens) {
    if (tok.type === 'heading_open') {
      flush();
      inHeading = true;
    } else if (tok.type === 'inline') {
      const inline = (tok.children ?? [])
        .map((c) =>
          c.type === 'text' || c.type === 'code_inline'
            ? c.content
            : c.type === 'softbreak' || c.type === 'hardbreak'
              ? ' '
              : c.type === 'image'
                ? c.content
                : c.type === 'html_inline' && /^<br\b/i.test(c.content)
                  ? ' '
                  : '',
        )
        .join('');
      current += inline;
      if (inHeading && inline.trim() !== '') headings.push(inline.trim());
    } else if (tok.type === 'html_block') {
      // Each block of raw HTML is a paragraph of its own; one that holds only markup adds nothing.
      flush();
      current = htmlBlockText(tok.content);
      flush();
    } else if (tok.type === 'code_block' || tok.type === 'fence') {
      flush();
      current = tok.content;
      flush();
    } else if (BLOCK_END.test(tok.type)) {
      if (tok.type === 'heading_close') inHeading = false;
      flush();
    }
  }
  flush();
  return { text: paragraphs.join('\n\n'), headings };
}

export const mdImporter: ImporterEntry = {
  format: 'md',
  label: 'Markdown',
  extensions: ['.md', '.markdown', '.mdown', '.mkd'],
  archive: false,
  create: () => ({
    parse(bytes, meta) {
      const { text } = decodeText(bytes);
      if (notText(text)) throw new FileRejected(NOT_TEXT);
      const fm = frontMatter(text);
      const data = fm.data;
      let body = fm.content;
      let title = str(data.title);
      if (!title) {
        // A leading "# Title" is the title; drop it from the body so it does not show twice.
        const h1 = /^\s*#\s+(.+?)\s*#*\s*$/m.exec(body);
        // Only markup (a centred logo, badges in raw HTML) may come before it.
        if (h1 && htmlBlockText(body.slice(0, h1.index)).trim() === '') {
          // The heading's words, not its Markdown: badges, links and code marks are not the title.
          title = plainTitle(inlineText(h1[1] ?? '')) || null;
          body = body.slice(h1.index + h1[0].length);
        } else {
          // READMEs often open with a raw HTML title (<h1 align="center">Picomatch</h1>) above
          // their first Markdown heading: that is the title, not the "# Why picomatch?" below it.
          const before = h1 ? body.slice(0, h1.index) : body.slice(0, 4096);
          const htmlTitle = /<h1\b[^>]*>([\s\S]*?)<\/h1\s*>/i.exec(before);
          if (htmlTitle) {
            title = plainTitle(htmlTitle[1] ?? '') || null;
            // Shown as the reader's title, so not a second time at the top of the body.
            if (title) body = body.slice(0, htmlTitle.index) + body.slice(htmlTitle.index + htmlTitle[0].length);
          }
        }
      }
      // One parse gives both the HTML and the text: re-parsing the rendered HTML to get the text
      // back was a third of the cost of a Markdown import.
      const markdown = md();
      const tokens = markdown.parse(body, {});
      // Images next to the note ("![chart](img/chart.png)") are embedded; remote ones never are.
      const html = markdown.renderer
        .render(tokens, markdown.options, {})
        .replace(/<img src="([^"]*)"/g, (all, src: string) => {
          const local = localImageDataUrl(src.replace(/&amp;/g, '&'), meta.path);
          return local ? `<img src="${local}"` : all;
        });
      const { text: plain, headings } = tokensToText(tokens);
      if (plain.trim() === '' && !title) throw new FileRejected('the file is empty');
      return single({
        title: title ?? headings.map((h) => plainTitle(h)).find((h) => h !== '') ?? titleFromFileName(meta.name),
        headline: str(data.subtitle) ?? str(data.description),
        source: str(data.source) ?? str(data.publisher) ?? str(data.site),
        byline: str(data.author) ?? (Array.isArray(data.authors) ? data.authors.map(String).join(', ') : null),
        dateline: null,
        publishedAt: toIsoDate(data.date ?? data.published ?? data.publishedAt),
        url: str(data.url) ?? str(data.link) ?? str(data.source_url),
        language: str(data.lang) ?? str(data.language),
        text: plain,
        html,
        headings,
        related: [],
        tags: tagsOf(data.tags ?? data.keywords),
      });
    },
  }),
};
