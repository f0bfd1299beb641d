import { Readability } from '@mozilla/readability';
import { localImageDataUrl } from '../local-images';
import type * as Linkedom from 'linkedom';
import { lazyRequire } from '../lazy';

const linkedom = lazyRequire<typeof Linkedom>('linkedom');
import { decodeHtml } from '../decode';
import { titleFromFileName, toIsoDate } from '../dates';
import { htmlToText } from '../dom-text';
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
 * Resolves relative links against the page's own URL (linkedom does not), and drops links that
 * cannot be resolved: offline, a relative link leads nowhere.
 */
function resolveLinks(html: string, base: URL | null, documentPath: string): string {
  const { document } = linkedom().parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  for (const a of document.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href') ?? '';
    if (href.startsWith('#')) continue;
    try {
      a.setAttribute('href', new URL(href, base ?? undefined).toString());
    } catch {
      a.removeAttribute('href');
    }
  }
  for (const img of document.querySelectorAll('img[src]')) {
    const src = img.getAttribute('src') ?? '';
    if (src.startsWith('data:')) continue;
    // An image saved beside the page ("Page_files/x.png") is embedded; remote ones never are.
    const local = localImageDataUrl(src, documentPath);
    if (local) {
      img.setAttribute('src', local);
      continue;
    }
    try {
      img.setAttribute('src', new URL(src, base ?? undefined).toString());
    } catch {
      img.removeAttribute('src');
    }
  }
  return document.body.innerHTML;
}

/** How much of a page is read (characters); real articles are far smaller, even with markup. */
export const HTML_MAX_CHARS = 8 * 1024 * 1024;

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
      const { document } = linkedom().parseHTML(asDocument(source));
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
        article = new Readability(document as unknown as Document, { charThreshold: 300 }).parse();
      } catch {
        // Readability gave up on this markup: the whole body below is the article then.
      }
      let contentHtml = article?.content ?? '';
      if (htmlToText(contentHtml).text.trim() === '') {
        // Not "readerable" (a short page, a list): keep the whole body rather than lose it.
        const { document: again } = linkedom().parseHTML(asDocument(source));
        for (const el of again.querySelectorAll('script, style, noscript, nav, header, footer, form')) el.remove();
        contentHtml = again.body?.innerHTML ?? '';
      }
      const note = capped
        ? `<p><em>Text capped at the first ${Math.round(HTML_MAX_CHARS / 1024 / 1024)} MB of a ${Math.round(full.length / 1024 / 1024)} MB page.</em></p>`
        : '';
      const html = resolveLinks(contentHtml, base, fileMeta.path) + note;
      const { text, headings } = htmlToText(html);
      if (text.trim() === '') throw new FileRejected('no readable text found in the page');
      const title = article?.title?.trim() || pageTitle || headings[0] || titleFromFileName(fileMeta.name);
      return single({
        title,
        headline: null,
        source: article?.siteName?.trim() || siteName,
        byline: article?.byline?.trim() || meta(document, 'author', 'article:author') || null,
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
