/**
 * What article HTML may contain, shared by both sanitizing layers (sanitize-html when an article
 * is stored, DOMPurify when it is shown) so the two can never drift apart. Reading structure
 * only: nothing that runs code or loads anything (no script, style, srcset, form, media, embed,
 * meta/link/base). Links may be http(s), mailto or in-page; images only data: URLs.
 */
export const ARTICLE_TAGS = [
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'em',
  'strong',
  'b',
  'i',
  'u',
  's',
  'sub',
  'sup',
  'code',
  'pre',
  'br',
  'hr',
  'figure',
  'figcaption',
  'img',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'caption',
  'span',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'aside',
  'small',
  'mark',
  'abbr',
  'cite',
  'q',
  'time',
  'dl',
  'dt',
  'dd',
  'del',
  'ins',
  'kbd',
  'var',
  'samp',
  // Collapsible sections, common in READMEs and notes (raw HTML in Markdown); no script needed.
  'details',
  'summary',
] as const;

/** Attributes per tag; everything else (style, on*, srcset, data-*) is dropped. */
export const ARTICLE_ATTRIBUTES: Record<string, readonly string[]> = {
  a: ['href', 'title', 'rel'],
  img: ['src', 'alt', 'title', 'width', 'height'],
  th: ['colspan', 'rowspan', 'scope'],
  td: ['colspan', 'rowspan'],
  time: ['datetime'],
  abbr: ['title'],
  span: ['class'],
  p: ['class'],
  ol: ['start'],
};

/** The only classes kept: the importers' own markup for datelines and ledes. */
export const ARTICLE_CLASSES = ['dateline', 'lede'] as const;

export const LINK_SCHEMES = ['http', 'https', 'mailto'] as const;
