import { Readability } from '@mozilla/readability';
import { localImageDataUrl } from '../local-images';
import type * as Linkedom from 'linkedom';
import { lazyRequire } from '../lazy';

const linkedom = lazyRequire<typeof Linkedom>('linkedom');
import { decodeHtml } from '../decode';
import { titleFromFileName, toIsoDate } from '../dates';
import { htmlToText, stripPermalinks } from '../dom-text';
import { FileRejected, single, type ImporterEntry } from '../types';

type Doc = ReturnType<typeof Linkedom.parseHTML>['document'];

const meta = (doc: Doc, ...names: string[]): string | null => {
  for (const name of names) {
    const el = doc.querySelector(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`);
    const v = el?.getAttribute('content')?.trim();
    if (v) return v;
  }
  return null;
};

function baseUrl(doc: Doc): URL | null {
  const candidates = [
    doc.querySelector('base[href]')?.getAttribute('href'),
    doc.querySelector('link[rel="canonical"]')?.getAttribute('href'),
    meta(doc, 'og:url'),
  ];
  for (const c of candidates) {
    if (!c) continue;
    try {
      const u = new URL(c);
      if (u.protocol === 'http:' || u.protocol === 'https:') return u;
    } catch {
      // not absolute: try the next one
    }
  }
  return null;
}

/**
 * Resolves relative links against the page's own URL, and drops links that cannot be resolved:
 * offline, a relative link leads nowhere. Done on the markup's <a> and <img> tags as text: a
 * third DOM parse of the page for this cost more than the rest of the import of a large page.
 */
function resolveLinks(html: string, base: URL | null, documentPath: string): string {
  const decode = (v: string): string =>
    v.replace(/&(amp|quot|#39|apos|lt|gt);/g, (_m, e: string) =>
      e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'lt' ? '<' : e === 'gt' ? '>' : "'",
    );
  const encode = (v: string): string => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  const resolve = (tag: string, value: string): string | null => {
    if (tag === 'a' && value.startsWith('#')) return value;
    if (tag === 'img') {
      if (value.startsWith('data:')) return value;
      // An image saved beside the page ("Page_files/x.png") is embedded; remote ones never are.
      const local = localImageDataUrl(value, documentPath);
      if (local) return local;
    }
    try {
      return new URL(value, base ?? undefined).toString();
    } catch {
      return null;
    }
  };
  return html.replace(/<(a|img)(\s[^>]*)>/gi, (all, tagName: string, attrs: string) => {
    const tag = tagName.toLowerCase();
    const wanted = tag === 'a' ? 'href' : 'src';
    const re = new RegExp(`(\\s)${wanted}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i');
    const m = re.exec(attrs);
    if (!m) return all;
    const resolved = resolve(tag, decode(m[2] ?? m[3] ?? m[4] ?? ''));
    const replacement = resolved === null ? '' : `${m[1]}${wanted}="${encode(resolved)}"`;
    return `<${tagName}${attrs.slice(0, m.index)}${replacement}${attrs.slice(m.index + m[0].length)}>`;
  });
}

/**
 * The parts of a page too large for Readability: its head (for the metadata, parsed alone) and
 * its body markup without navigation and forms. The body is sanitized later like any article.
 */
function splitLargePage(source: string): { head: string; body: string } {
  const headEnd = source.search(/<\/head\s*>|<body[\s>]/i);
  const head = headEnd > 0 ? source.slice(0, headEnd) : source.slice(0, 65536);
  const bodyStart = source.search(/<body[\s>]/i);
  const body = (bodyStart >= 0 ? source.slice(source.indexOf('>', bodyStart) + 1) : source)
    .replace(/<\/body\s*>[\s\S]*$/i, '')
    .replace(/<(nav|form|script|style|noscript)\b[\s\S]*?<\/\1\s*>/gi, '');
  return { head: `${head}</head><body></body></html>`, body };
}

/** How much of a page is read (characters); real articles are far smaller, even with markup. */
export const HTML_MAX_CHARS = 8 * 1024 * 1024;
/** Above this a page's body is kept whole instead of going through Readability (see below). */
export const READABILITY_MAX_CHARS = 1536 * 1024;

/** Real pages nest a few dozen levels; far beyond this is an attack or a broken generator. */
const MAX_READABLE_DEPTH = 400;

/** Whether any element lies deeper than `max` below `root`, walked without recursion. */
function depthOver(root: { children?: ArrayLike<unknown> } | null | undefined, max: number): boolean {
  if (!root) return false;
  const stack: [node: { children?: ArrayLike<unknown> }, depth: number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [{ children?: ArrayLike<unknown> }, number];
    if (depth > max) return true;
    const kids = node.children;
    if (kids)
      for (let i = 0; i < kids.length; i++) stack.push([kids[i] as { children?: ArrayLike<unknown> }, depth + 1]);
  }
  return false;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A whole document for the parser. Real ".html" files are often fragments (a saved snippet, a
 * mail body: `<p>…</p>` with no <html>) or plain text; the parser then builds no body (and
 * Readability threw "Cannot destructure property 'firstElementChild'"). A fragment is wrapped
 * in a body; text without any tag becomes paragraphs.
 */
function asDocument(source: string): string {
  if (/<(html|body)[\s>]/i.test(source.slice(0, 65536))) return source;
  if (!/<[a-z!/?]/i.test(source)) {
    const paragraphs = source
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .map((p) => `<p>${escapeHtml(p)}</p>`);
    return `<!doctype html><html><head></head><body>${paragraphs.join('\n')}</body></html>`;
  }
  return `<!doctype html><html><head></head><body>${source}</body></html>`;
}

/** Saved web pages: the article is extracted as Firefox Reader View does (Mozilla Readability). */
export const htmlImporter: ImporterEntry = {
  format: 'html',
  label: 'Web page',
  extensions: ['.html', '.htm', '.xhtml'],
  archive: false,
  create: () => ({
    parse(bytes, fileMeta) {
      const full = decodeHtml(bytes);
      if (full.trim() === '') throw new FileRejected('the file is empty');
      // Past a few megabytes a page is an archive dump or an attack: parsing 50 MB took over 30 s
      // and 1 GB. The article is read from the first HTML_MAX_CHARS, and the text says so.
      const capped = full.length > HTML_MAX_CHARS;
      const source = capped ? full.slice(0, full.lastIndexOf('>', HTML_MAX_CHARS) + 1) : full;
      // Readability scores every node, and over linkedom that grows faster than the page: 1.3 s for
      // a 650 KB manual page, 15.8 s for Node's 8.4 MB all-in-one API page (measured). A page that
      // large is documentation or an archive, not an article with boilerplate to cut: only its
      // head is parsed (for the metadata) and its body is kept whole.
      const readable = source.length <= READABILITY_MAX_CHARS;
      const large = readable ? null : splitLargePage(source);
      const { document } = linkedom().parseHTML(large ? large.head : asDocument(source));
      const base = baseUrl(document);
      const pageTitle = document.querySelector('title')?.textContent?.trim() ?? '';
      const lang = document.documentElement?.getAttribute('lang') ?? null;
      const published = toIsoDate(
        meta(
          document,
          'article:published_time',
          'og:article:published_time',
          'datePublished',
          'date',
          'pubdate',
          'DC.date.issued',
          'dcterms.created',
        ) ?? document.querySelector('time[datetime]')?.getAttribute('datetime'),
      );
      const siteName =
        meta(document, 'og:site_name', 'application-name') ?? base?.hostname.replace(/^www\./, '') ?? null;
      // Readability recurses over the tree: a pathologically deep page (10,000 nested elements,
      // measured: over 15 s, then a stack overflow) is read as plain paragraphs instead.
      if (depthOver(document.body, MAX_READABLE_DEPTH)) {
        const { text } = htmlToText(document.body?.innerHTML ?? '');
        if (text.trim() === '') throw new FileRejected('no readable text found in the page');
        const paragraphs = text.split(/\n{2,}/).filter((t) => t.trim() !== '');
        return single({
          title: pageTitle || titleFromFileName(fileMeta.name),
          headline: null,
          source: siteName,
          byline: meta(document, 'author', 'article:author') || null,
          dateline: null,
          publishedAt: published,
          url: base?.toString() ?? null,
          language: lang,
          excerpt: null,
          text: paragraphs.join('\n\n'),
          html: paragraphs.map((t) => `<p>${escapeHtml(t)}</p>`).join('\n'),
          headings: [],
          related: [],
          tags: [],
        });
      }
      // Readability mutates the document, so everything above is read first.
      let article: ReturnType<Readability['parse']> = null;
      try {
        if (readable) article = new Readability(document as unknown as Document, { charThreshold: 300 }).parse();
      } catch {
        // Readability gave up on this markup: the whole body below is the article then.
      }
      let contentHtml = article?.content ?? '';
      if (large) contentHtml = large.body;
      else if (htmlToText(contentHtml).text.trim() === '') {
        // Not "readerable" (a short page, a list): keep the whole body rather than lose it.
        // Readability changed the document it read, so that one is parsed again.
        const { document: again } = linkedom().parseHTML(asDocument(source));
        for (const el of again.querySelectorAll('script, style, noscript, nav, header, footer, form')) el.remove();
        contentHtml = again.body?.innerHTML ?? '';
      }
      const note = capped
        ? `<p><em>Text capped at the first ${Math.round(HTML_MAX_CHARS / 1024 / 1024)} MB of a ${Math.round(full.length / 1024 / 1024)} MB page.</em></p>`
        : '';
      const html = stripPermalinks(resolveLinks(contentHtml, base, fileMeta.path)) + note;
      const { text, headings } = htmlToText(html);
      if (text.trim() === '') throw new FileRejected('no readable text found in the page');
      const title =
        readableTitle(article?.title, pageTitle) || pageTitle || headings[0] || titleFromFileName(fileMeta.name);
      return single({
        title,
        headline: null,
        source: article?.siteName?.trim() || siteName,
        // A byline with no letter in it ("#", a lone "|") is a mark Readability took for one.
        byline:
          [article?.byline?.trim(), meta(document, 'author', 'article:author')].find((b) => b && /[\p{L}]/u.test(b)) ??
          null,
        dateline: null,
        publishedAt: toIsoDate(article?.publishedTime) ?? published,
        url: base?.toString() ?? null,
        language: article?.lang ?? lang,
        excerpt: article?.excerpt?.trim() || null,
        text,
        html,
        headings: headings.filter((h) => h !== title),
        related: [],
        tags: [],
      });
    },
  }),
};

/**
 * Readability's title, unless its heuristics cut the page's title in a broken place: it takes
 * what follows a colon, so "The Basics (libffi: the portable foreign function interface
 * library)" became "the portable foreign function interface library)". A title with unbalanced
 * brackets, or a lowercase tail of the page's title, is such a cut: the page's own title wins.
 */
export function readableTitle(fromReadability: string | undefined | null, pageTitle: string): string {
  const t = fromReadability?.trim() ?? '';
  if (t === '' || t === pageTitle || pageTitle === '') return t;
  const balanced = (s: string): boolean =>
    [...s].filter((c) => c === '(').length === [...s].filter((c) => c === ')').length &&
    [...s].filter((c) => c === '[').length === [...s].filter((c) => c === ']').length;
  if (balanced(pageTitle) && !balanced(t)) return pageTitle;
  if (/^\p{Ll}/u.test(t) && /^\p{Lu}/u.test(pageTitle) && pageTitle.endsWith(t)) return pageTitle;
  return t;
}
