import DOMPurify from 'dompurify';
import { ARTICLE_ATTRIBUTES, ARTICLE_CLASSES, ARTICLE_TAGS, LINK_SCHEMES } from '../../../../shared/article-policy';

/**
 * Render-time sanitizing, the second layer after main's storage-time sanitizer: if a stored
 * article were ever tampered with, it still cannot run code or load anything remote. Same
 * allow-list as main (src/shared/article-policy.ts).
 */
const ALLOWED_TAGS = [...ARTICLE_TAGS];
const ALLOWED_ATTR = [...new Set(Object.values(ARTICLE_ATTRIBUTES).flat())];
const CLASSES = new Set<string>(ARTICLE_CLASSES);
const LINK = new RegExp(`^(${LINK_SCHEMES.join('|')}):|^#`, 'i');

let hooked = false;
function ensureHooks(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('uponSanitizeAttribute', (node, data) => {
    if (data.attrName === 'src' && !/^data:image\/(png|jpe?g|gif|webp|avif);/i.test(data.attrValue)) {
      data.keepAttr = false;
    }
    if (data.attrName === 'class' && !CLASSES.has(data.attrValue)) data.keepAttr = false;
    if (data.attrName === 'href' && node.nodeName === 'A' && !LINK.test(data.attrValue)) {
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
