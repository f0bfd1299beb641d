import fs from 'node:fs';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from './csp';

/**
 * The renderer is served from `app://briefings/`, not `file://`. With file:// any local page in a
 * frame would pass as the app, and response headers (the CSP) never apply. This handler is pure
 * (a fetch Request in, a Response out) so Electron's protocol.handle and the e2e harness serve the
 * renderer through the same code.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'briefings';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/**
 * scheme://host[:port] of a URL, or null. Node's URL.origin is "null" for schemes it does not
 * know (app:), so the origin is put together from its parts.
 */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.host === '' ? null : `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
};

const notFound = (): Response => new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });

/**
 * The handler for `rendererDir`: each request on the app's origin gets one file of it; anything
 * else is a 404. The folder's real path is resolved once, here, not per request.
 */
export function appRequestHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = fs.realpathSync(rendererDir);
  return (request) => serve(root, request);
}

async function serve(root: string, request: Request): Promise<Response> {
  // The whole origin must match: app://briefings.evil or another scheme is not us.
  if (originOf(request.url) !== APP_ORIGIN || request.method !== 'GET') return notFound();
  const url = new URL(request.url);
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    return notFound();
  }
  if (rel.includes('\0')) return notFound();
  const wanted = path.resolve(root, '.' + (rel === '/' ? '/index.html' : rel));
  let real: string;
  try {
    // Resolve symlinks too: a link inside the folder must not serve a file from outside it.
    real = fs.realpathSync(wanted);
  } catch {
    return notFound();
  }
  if (!real.startsWith(root + path.sep) || !fs.statSync(real).isFile()) return notFound();
  const body = await fs.promises.readFile(real);
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': MIME[path.extname(real).toLowerCase()] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}
