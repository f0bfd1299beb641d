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
 * The first bytes of each image format this accepts, so a file is embedded only when it is the
 * image it claims to be: a text file, key or database renamed chart.png stays out.
 */
const MAGIC: Record<string, (b: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => /^GIF8[79]a/.test(b.subarray(0, 6).toString('latin1')),
  'image/webp': (b) =>
    b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'image/avif': (b) =>
    b.subarray(4, 8).toString('latin1') === 'ftyp' && /^avi[fs]/.test(b.subarray(8, 12).toString('latin1')),
};

/** The image type a file's content shows, whatever its name says; null for anything else. */
export function sniffImage(bytes: Buffer): string | null {
  for (const [mime, test] of Object.entries(MAGIC)) if (bytes.length >= 12 && test(bytes)) return mime;
  return null;
}

/**
 * A relative image reference of a saved page or Markdown note ("Page_files/chart.png") as a data:
 * URL, so the image is stored with the briefing and shown offline. Only raster images whose
 * content is an image, only files whose real path (symbolic links resolved) is in the
 * document's own real folder or below it (neither ../../ nor a symlink can pull in a file from
 * elsewhere), never for documents inside archives; null when it cannot or must not be read.
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
  if (!MIME[path.extname(rel).toLowerCase()]) return null;
  try {
    const dir = fs.realpathSync(path.dirname(path.resolve(documentPath)));
    const target = fs.realpathSync(path.resolve(path.dirname(path.resolve(documentPath)), rel));
    if (!target.startsWith(dir + path.sep)) return null;
    const stat = fs.statSync(target);
    if (!stat.isFile() || stat.size > MAX_IMAGE_BYTES) return null;
    const bytes = fs.readFileSync(target);
    const mime = sniffImage(bytes);
    return mime ? `data:${mime};base64,${bytes.toString('base64')}` : null;
  } catch {
    return null;
  }
}
