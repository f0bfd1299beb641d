import { build } from 'esbuild';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { test } from '@playwright/test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { APP_ORIGIN, appRequestHandler } from '../../src/main/app-protocol';
import { compose } from '../../src/main/compose';
import type { Platform } from '../../src/main/handlers';
import { openDatabase, type Db } from '../../src/main/library/db/open';
import type { EventPayloads } from '../../src/shared/contract';
import { testPlatform } from '../helpers/platform';

/**
 * The end-to-end rig: the built renderer (out/renderer) in Debian's Chromium, with
 * window.briefings built by the preload's own bridge factory and every call routed through
 * Playwright's exposeBinding to the real main-process handlers and a real SQLite file in this
 * process. Renderer -> bridge -> dispatcher -> handler -> SQLite all run for real; only
 * Electron's IPC transport is swapped.
 */
export type OpenAppOptions = {
  /** Library file to use; a fresh temp file when omitted. */
  dbPath?: string;
  /** What the dialogs "return" (the paths a user would pick). */
  pickImportPaths?: Platform['pickImportPaths'];
  pickWatchFolder?: Platform['pickWatchFolder'];
  pickExportPath?: Platform['pickExportPath'];
  pickMarkdownPath?: Platform['pickMarkdownPath'];
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
};

export type AppHandle = {
  page: Page;
  db: Db;
  dbPath: string;
  /** Every request the page made that did not go to the app's own origin. */
  externalRequests: string[];
  openedLinks: string[];
  /** Every file main opened in its application or showed in the file manager. */
  openedFiles: { action: 'open' | 'show'; file: string }[];
  /** Every link main asked the user about in its own dialog. */
  askedLinks: string[];
  /** What the user answers in main's link dialog from now on. */
  answerLinks(open: boolean): void;
  /** How long main took to answer each search (dispatch to answer, without the binding's transport). */
  searchDispatchMs: number[];
  close(): Promise<void>;
};

const ROOT = path.resolve(__dirname, '..', '..');
const RENDERER_DIR = path.join(ROOT, 'out', 'renderer');
/** Set by global-setup.ts from find-browser.ts; Debian's Chromium when run without it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

let bridgeScript: Promise<string> | null = null;
function bundleBridge(): Promise<string> {
  bridgeScript ??= build({
    entryPoints: [path.join(__dirname, 'bridge-entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
  }).then((r) => r.outputFiles[0]?.text ?? '');
  return bridgeScript;
}

/**
 * Serves the built renderer on loopback through the app's own app:// handler (appRequestHandler,
 * the function Electron's protocol.handle calls), so its path checks and CSP header are the ones
 * the page runs under. Chromium outside Electron cannot register app://, hence the HTTP wrapper.
 */
function serveRenderer(): Promise<{ url: string; close(): Promise<void> }> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error('out/renderer/index.html is missing: run `npm run build` before the e2e tests');
  }
  const serveAppRequest = appRequestHandler(RENDERER_DIR);
  const server = http.createServer((req, res) => {
    void serveAppRequest(new Request(`${APP_ORIGIN}${req.url ?? '/'}`, { method: req.method })).then(
      async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      },
    );
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

let sharedBrowser: Promise<Browser> | null = null;
function browser(): Promise<Browser> {
  sharedBrowser ??= chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  return sharedBrowser;
}

export async function openApp(opts: OpenAppOptions = {}): Promise<AppHandle> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-e2e-'));
  const dbPath = opts.dbPath ?? path.join(tmp, 'library.db');
  const db = openDatabase(dbPath);
  const server = await serveRenderer();
  const origin = new URL(server.url).origin;
  const externalRequests: string[] = [];
  let context: BrowserContext | null = null;
  let page: Page | null = null;

  const {
    platform: base,
    opened,
    asked,
    answers,
    files,
  } = testPlatform({
    ...(opts.pickImportPaths ? { pickImportPaths: opts.pickImportPaths } : {}),
    ...(opts.pickWatchFolder ? { pickWatchFolder: opts.pickWatchFolder } : {}),
    ...(opts.pickExportPath ? { pickExportPath: opts.pickExportPath } : {}),
    ...(opts.pickMarkdownPath ? { pickMarkdownPath: opts.pickMarkdownPath } : {}),
  });
  const platform: Platform = {
    ...base,
    emit: <E extends keyof EventPayloads>(channel: E, payload: EventPayloads[E]) => {
      void page
        ?.evaluate(
          ([c, p]) =>
            (window as unknown as { __briefingsEmit?: (c: string, p: unknown) => void }).__briefingsEmit?.(c, p),
          [channel, payload] as const,
        )
        .catch(() => undefined);
    },
  };
  const app = compose({
    db,
    platform,
    samplesDir: path.join(ROOT, 'resources', 'samples'),
    watchTiming: { debounceMs: 200, stabilityMs: 300 },
    // As in the app: the index in its worker thread, with its snapshot beside the library.
    searchWorker: true,
  });
  const { dispatch } = app;

  context = await (
    await browser()
  ).newContext({
    colorScheme: opts.colorScheme ?? 'light',
    viewport: opts.viewport ?? { width: 1280, height: 820 },
  });
  // Anything not served by the app itself is recorded and refused: the app must work offline.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
    externalRequests.push(url);
    return route.abort();
  });
  const searchDispatchMs: number[] = [];
  await context.exposeBinding('__briefingsInvoke', async (_source, channel: string, payload: unknown) => {
    const started = performance.now();
    const answer = await dispatch(channel, payload);
    if (channel === 'search:query') searchDispatchMs.push(performance.now() - started);
    return answer;
  });
  await context.addInitScript({ content: await bundleBridge() });
  page = await context.newPage();
  await page.goto(server.url);

  const handle: AppHandle = {
    page,
    db,
    dbPath,
    externalRequests,
    openedLinks: opened,
    openedFiles: files,
    askedLinks: asked,
    answerLinks: (open) => {
      answers.confirm = open;
    },
    searchDispatchMs,
    async close() {
      if (!openApps.delete(handle)) return;
      await app.watcher.close();
      await app.entities.close();
      await app.search.close();
      await context?.close();
      await server.close();
      if (db.open) db.close();
      if (!opts.dbPath) fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
  openApps.add(handle);
  return handle;
}

/** Apps opened and not yet closed (close() is idempotent). */
const openApps = new Set<AppHandle>();

/**
 * The lifecycle every spec file needs: apps a test left open are closed after it, and the shared
 * browser after the file.
 */
export function closeAppsAfterEachTest(): void {
  test.afterEach(async () => {
    for (const a of [...openApps]) await a.close();
  });
  test.afterAll(closeBrowser);
}

export async function closeBrowser(): Promise<void> {
  if (sharedBrowser) await (await sharedBrowser).close();
  sharedBrowser = null;
}
