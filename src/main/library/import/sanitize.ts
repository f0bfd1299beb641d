import type SanitizeHtml from 'sanitize-html';
import { lazyRequire } from './lazy';

type Sanitize = typeof SanitizeHtml;
// Loaded on first use: a batch of plain text or text-only mail never needs it (41 ms a worker).
const sanitizeHtml = lazyRequire<Sanitize>('sanitize-html');
import { ARTICLE_ATTRIBUTES, ARTICLE_CLASSES, ARTICLE_TAGS, LINK_SCHEMES } from '../../../shared/article-policy';

/**
 * The storage-time sanitizer for article HTML (the renderer sanitizes again with DOMPurify
 * before display); the allow-list is shared with it (src/shared/article-policy.ts).
 */
const OPTIONS: SanitizeHtml.IOptions = {
  allowedTags: [...ARTICLE_TAGS],
  allowedAttributes: Object.fromEntries(Object.entries(ARTICLE_ATTRIBUTES).map(([tag, attrs]) => [tag, [...attrs]])),
  allowedClasses: { span: [...ARTICLE_CLASSES], p: [...ARTICLE_CLASSES] },
  allowedSchemes: [...LINK_SCHEMES],
  allowedSchemesByTag: { img: ['data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'title',
    'template',
    'iframe',
    'object',
    'svg',
    'math',
  ],
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer' } }),
    // Only embedded raster images are kept; a relative or remote source is dropped (the alt text
    // stays, and the reader shows it in a placeholder), since it could never load offline.
    img: (tagName, attribs) => {
      const { src, ...rest } = attribs;
      return {
        tagName,
        attribs: src && /^data:image\/(png|jpe?g|gif|webp|avif);/i.test(src) ? { ...rest, src } : rest,
      };
    },
  },
};

export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml()(html, OPTIONS);
}
