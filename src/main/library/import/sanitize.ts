import sanitizeHtml from 'sanitize-html';

/**
 * The storage-time sanitizer for article HTML (the renderer sanitizes again with DOMPurify before
 * display). The allow-list keeps reading structure only. Everything that could run code or load
 * something remote is dropped: scripts, handlers, styles (CSS url()/@import), srcset, forms,
 * media, embeds, meta/link/base. Links may only be http(s), mailto or in-page; images may only
 * be data: URLs, so a stored article can never make the app fetch anything.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'a', 'em', 'strong',
    'b', 'i', 'u', 's', 'sub', 'sup', 'code', 'pre', 'br', 'hr', 'figure', 'figcaption', 'img',
    'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'span', 'div', 'section',
    'article', 'header', 'footer', 'aside', 'small', 'mark', 'abbr', 'cite', 'q', 'time', 'dl',
    'dt', 'dd', 'del', 'ins', 'kbd', 'var', 'samp',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
    time: ['datetime'],
    abbr: ['title'],
    span: ['class'],
    p: ['class'],
    ol: ['start'],
  },
  allowedClasses: { span: ['dateline'], p: ['lede'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'template', 'iframe', 'object', 'svg', 'math'],
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer' } }),
  },
  // rel is added by the transform above; allow it on output only.
  exclusiveFilter: () => false,
};
OPTIONS.allowedAttributes = { ...OPTIONS.allowedAttributes, a: ['href', 'title', 'rel'] };

export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
