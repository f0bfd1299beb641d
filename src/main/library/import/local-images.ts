import fs from 'node:fs';
import path from 'node:path';

const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
};
/** An embedded image larger than this is left out (a placeholder with its alt text shows). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/**
 * A relative image reference of a saved page or Markdown note ("Page_files/chart.png") as a data:
 * URL, so the image is stored with the briefing and shown offline. Only raster images, only
 * files in the document's own folder or below it (a hostile page cannot pull in ../../ files),
 * never for documents inside archives; null when it cannot or must not be read.
 */
export function localImageDataUrl(src: string, documentPath: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('/') || src.startsWith('\\') || documentPath.includes('!')) {
    return null;
  }
  let rel: string;
  try {
    rel = decodeURIComponent(src.split(/[?#]/)[0] ?? '');
  } catch {
    return null;
  }
  const dir = path.dirname(path.resolve(documentPath));
  const target = path.resolve(dir, rel);
  const mime = MIME[path.extname(target).toLowerCase()];
  if (!mime || !target.startsWith(dir + path.sep)) return null;
  try {
    const stat = fs.statSync(target);
    if (!stat.isFile() || stat.size > MAX_IMAGE_BYTES) return null;
    return `data:${mime};base64,${fs.readFileSync(target).toString('base64')}`;
  } catch {
    return null;
  }
}
