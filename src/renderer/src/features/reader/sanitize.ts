import DOMPurify from 'dompurify';

/**
 * Render-time sanitizing, the second layer after main's storage-time sanitizer: if a stored
 * article were ever tampered with, it still cannot run code or load anything remote. The allow
 * list mirrors src/main/library/import/sanitize.ts.
 */
const ALLOWED_TAGS = [
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
];
const ALLOWED_ATTR = [
  'href',
  'title',
  'rel',
  'src',
  'alt',
  'width',
  'height',
  'colspan',
  'rowspan',
  'scope',
  'datetime',
  'class',
  'start',
];

let hooked = false;
function ensureHooks(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('uponSanitizeAttribute', (node, data) => {
    if (data.attrName === 'src' && !/^data:image\/(png|jpe?g|gif|webp|avif);/i.test(data.attrValue)) {
      data.keepAttr = false;
    }
    if (data.attrName === 'class' && !/^(dateline|lede)$/.test(data.attrValue)) data.keepAttr = false;
    if (data.attrName === 'href' && node.nodeName === 'A' && !/^(https?:|mailto:|#)/i.test(data.attrValue)) {
      data.keepAttr = false;
    }
  });
}

export function sanitizeForDisplay(html: string): string {
  ensureHooks();
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    FORBID_TAGS: [
      'style',
      'link',
      'meta',
      'base',
      'form',
      'video',
      'audio',
      'source',
      'iframe',
      'object',
      'embed',
      'svg',
      'math',
    ],
    FORBID_ATTR: ['style', 'srcset', 'poster', 'background'],
  });
}
