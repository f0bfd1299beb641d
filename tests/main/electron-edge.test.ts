import { beforeEach, describe, expect, it, vi } from 'vitest';

// The one place electron is mocked: these tests check how the window, session and IPC are
// configured, which only exists inside Electron.
const h = vi.hoisted(() => ({
  handlers: new Map<string, (...a: unknown[]) => unknown>(),
  opened: [] as string[],
  quit: vi.fn(),
  schemes: [] as unknown[],
  messageBoxes: [] as { owner: unknown; options: Record<string, unknown> }[],
  answer: 1,
  cursor: { x: 0, y: 0 },
  lock: true,
}));

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => [];
    options: unknown;
    constructor(options: unknown) {
      this.options = options;
    }
  }
  return {
    BrowserWindow,
    nativeTheme: { shouldUseDarkColors: false },
    session: { defaultSession: {} },
    shell: { openExternal: (url: string) => h.opened.push(url) },
    ipcMain: { handle: (channel: string, fn: (...a: unknown[]) => unknown) => h.handlers.set(channel, fn) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: vi.fn() },
    dialog: {
      showMessageBox: async (a: unknown, b?: Record<string, unknown>) => {
        h.messageBoxes.push(b ? { owner: a, options: b } : { owner: null, options: a as Record<string, unknown> });
        return { response: h.answer };
      },
    },
    protocol: { registerSchemesAsPrivileged: (s: unknown[]) => h.schemes.push(...s) },
    screen: { getCursorScreenPoint: () => h.cursor },
    app: {
      requestSingleInstanceLock: () => h.lock,
      quit: h.quit,
      on: vi.fn(),
      whenReady: () => new Promise(() => undefined),
      isPackaged: false,
      getAppPath: () => '/app',
    },
  };
});

import { createEmitter, isTrustedSender, registerIpc } from '../../src/main/ipc';
import { buildMenuTemplate } from '../../src/main/menu';
import {
  confirmExternalInDialog,
  CONTENT_SECURITY_POLICY,
  guardNavigation,
  newMainWindow,
  pointerOverWindow,
  registerAppScheme,
  secureSession,
  serveRenderer,
} from '../../src/main/window';
import { contract } from '../../src/shared/contract';

type Listener = (...args: unknown[]) => void;
function fakeWindow() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  const mainFrame = { url: 'app://briefings/index.html' };
  const webContents = {
    mainFrame,
    on: (name: string, l: Listener) => listeners.set(name, l),
    setWindowOpenHandler: (fn: typeof openHandler) => {
      openHandler = fn;
    },
    send: vi.fn(),
  };
  return {
    win: {
      webContents,
      isDestroyed: () => false,
      getBounds: () => ({ x: 100, y: 50, width: 800, height: 600 }),
    } as never,
    listeners,
    mainFrame,
    webContents,
    open: (url: string) => openHandler?.({ url }),
  };
}

beforeEach(() => {
  h.opened.length = 0;
  h.handlers.clear();
});

describe('window security', () => {
  it('sets every webPreference that keeps the renderer isolated', () => {
    const win = newMainWindow('/app/out/preload/index.js', false) as unknown as {
      options: { webPreferences: Record<string, unknown> };
    };
    const wp = win.options.webPreferences;
    expect(wp).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    });
  });

  it('registers app:// as a privileged standard, secure scheme and serves the renderer through the pure handler', async () => {
    registerAppScheme();
    expect(h.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    let handler: (r: Request) => Promise<Response> = async () => new Response(null, { status: 500 });
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-renderer-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Briefings</title>');
    serveRenderer({ protocol: { handle: (_s: string, fn: typeof handler) => (handler = fn) } } as never, dir);
    const res = await handler(new Request('app://briefings/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await handler(new Request('app://briefings/../../etc/passwd'))).status).toBe(404);
  });

  it("asks in main's own dialog before a link opens, showing the whole URL", async () => {
    const w = fakeWindow();
    h.answer = 1;
    expect(await confirmExternalInDialog(w.win, 'https://evil.example/?d=secret')).toBe(false);
    h.answer = 0;
    expect(await confirmExternalInDialog(null, 'https://example.org/a')).toBe(true);
    expect(h.messageBoxes.map((m) => [m.owner === w.win, m.options.detail, m.options.cancelId])).toEqual([
      [true, 'https://evil.example/?d=secret', 1],
      [false, 'https://example.org/a', 1],
    ]);
  });

  it('registers a drop only while the pointer is over the window', () => {
    const w = fakeWindow();
    h.cursor = { x: 500, y: 300 };
    expect(pointerOverWindow(w.win)).toBe(true);
    h.cursor = { x: 950, y: 300 };
    expect(pointerOverWindow(w.win)).toBe(false);
    expect(pointerOverWindow(null)).toBe(false);
  });

  it('has a CSP without remote origins or inline script, matching index.html', async () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*|unsafe-eval|script-src[^;]*unsafe-inline/);
    const fs = await import('node:fs');
    const html = fs.readFileSync('src/renderer/index.html', 'utf8');
    expect(html).toContain(`content="${CONTENT_SECURITY_POLICY}"`);
  });

  it('denies every permission and blocks remote requests at the session', () => {
    const hooks: {
      request?: (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
      check?: () => boolean;
      before?: (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void;
      headers?: (d: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void;
    } = {};
    const ses = {
      setPermissionRequestHandler: (fn: typeof hooks.request) => (hooks.request = fn),
      setPermissionCheckHandler: (fn: typeof hooks.check) => (hooks.check = fn),
      webRequest: {
        onBeforeRequest: (fn: typeof hooks.before) => (hooks.before = fn),
        onHeadersReceived: (fn: typeof hooks.headers) => (hooks.headers = fn),
      },
    };
    secureSession(ses as never, undefined);
    const { request, check, before, headers } = hooks;
    let granted: boolean | null = null;
    request?.({}, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(check?.()).toBe(false);
    const cancelled = (url: string) => {
      let c: boolean | null = null;
      before?.({ url }, (r) => (c = r.cancel));
      return c;
    };
    expect(cancelled('https://tracker.example/pixel.gif')).toBe(true);
    expect(cancelled('http://example.org/')).toBe(true);
    expect(cancelled('wss://example.org/socket')).toBe(true);
    expect(cancelled('file:///app/out/renderer/index.html')).toBe(false);
    expect(cancelled('data:image/png;base64,AAAA')).toBe(false);
    let out: { responseHeaders?: Record<string, string[]> } = {};
    headers?.({ responseHeaders: {} }, (r) => (out = r as typeof out));
    expect(out.responseHeaders?.['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('allows only the dev server origin in development', () => {
    const hooks: { before?: (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void } = {};
    const ses = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      webRequest: { onBeforeRequest: (fn: typeof hooks.before) => (hooks.before = fn), onHeadersReceived: vi.fn() },
    };
    secureSession(ses as never, 'http://localhost:5173');
    const { before } = hooks;
    const results: boolean[] = [];
    for (const url of ['http://localhost:5173/src/main.tsx', 'ws://localhost:5173/', 'http://localhost:9999/']) {
      before?.({ url }, (r) => results.push(r.cancel));
    }
    expect(results).toEqual([false, false, true]);
  });

  it('blocks navigation away from the app and new windows; web links go to the confirming opener', () => {
    const w = fakeWindow();
    const links: string[] = [];
    guardNavigation(w.win, 'app://briefings/index.html', (url) => links.push(url));
    const nav = (url: string) => {
      const e = { preventDefault: vi.fn() };
      w.listeners.get('will-navigate')?.(e, url);
      return e.preventDefault.mock.calls.length > 0;
    };
    expect(nav('https://evil.example/')).toBe(true);
    expect(nav('file:///etc/passwd')).toBe(true);
    expect(nav('file:///app/out/renderer/index.html')).toBe(true);
    expect(nav('app://briefings/index.html')).toBe(false);
    expect(w.open('https://example.org/story')).toEqual({ action: 'deny' });
    expect(w.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    // Every window.open goes to the one opener (openExternalConfirmed), never to the shell here.
    expect(links).toEqual(['https://example.org/story', 'javascript:alert(1)']);
    expect(h.opened).toEqual([]);
  });
});

describe('IPC registration', () => {
  it('registers exactly the contract channels', () => {
    const registered = registerIpc(
      async () => ({ ok: true, value: null }),
      () => null,
    );
    expect(registered.sort()).toEqual(Object.keys(contract).sort());
    expect([...h.handlers.keys()].sort()).toEqual(Object.keys(contract).sort());
  });

  it('refuses calls from an unknown sender, a subframe, a null frame or a remote page', async () => {
    const w = fakeWindow();
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 'ran' }));
    registerIpc(dispatch, () => w.win);
    const handler = h.handlers.get('library:stats');
    const call = (event: unknown) => handler?.(event, {});
    expect(await call({ sender: w.webContents, senderFrame: w.mainFrame })).toEqual({ ok: true, value: 'ran' });
    expect(await call({ sender: w.webContents, senderFrame: null })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await call({ sender: {}, senderFrame: w.mainFrame })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await call({ sender: w.webContents, senderFrame: { url: 'file:///x' } })).toMatchObject({ ok: false });
    // file:// is not the app, even as the main frame: any local page could be loaded there.
    w.mainFrame.url = 'file:///app/out/renderer/index.html';
    expect(isTrustedSender({ sender: w.webContents, senderFrame: w.mainFrame } as never, w.win)).toBe(false);
    w.mainFrame.url = 'app://briefings.evil/index.html';
    expect(isTrustedSender({ sender: w.webContents, senderFrame: w.mainFrame } as never, w.win)).toBe(false);
    w.mainFrame.url = 'https://evil.example/';
    expect(isTrustedSender({ sender: w.webContents, senderFrame: w.mainFrame } as never, w.win)).toBe(false);
    expect(dispatch).toHaveBeenCalledTimes(1);
  });

  it('pushes events to the window only while it exists', () => {
    const w = fakeWindow();
    createEmitter(() => w.win)('library:changed', { reason: 'import' });
    expect(w.webContents.send).toHaveBeenCalledWith('library:changed', { reason: 'import' });
    createEmitter(() => null)('library:changed', { reason: 'import' });
  });
});

describe('packaging (electron-builder.yml)', () => {
  it('flips the fuses that turn a packaged app into a plain Node or an inspectable process off', async () => {
    const fs = await import('node:fs');
    const { parse } = await import('yaml');
    const config = parse(fs.readFileSync('electron-builder.yml', 'utf8')) as Record<string, Record<string, unknown>>;
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
    expect(config.asar).toBe(true);
    // Signed, notarized, and with a place to publish updates.
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true });
    expect(fs.existsSync(String(config.mac?.entitlements))).toBe(true);
    expect(config.win).toMatchObject({ verifyUpdateCodeSignature: true });
    expect(config.win?.signtoolOptions).toMatchObject({ signingHashAlgorithms: ['sha256'] });
    expect(config.publish).toMatchObject({ provider: 'generic', url: expect.stringMatching(/^https:\/\//) });
  });

  it('runs on a supported Electron (one of the latest three majors) with better-sqlite3 12', async () => {
    const fs = await import('node:fs');
    const version = (p: string) => (JSON.parse(fs.readFileSync(p, 'utf8')) as { version: string }).version;
    expect(Number(version('node_modules/electron/package.json').split('.')[0])).toBeGreaterThanOrEqual(43);
    expect(version('node_modules/better-sqlite3/package.json')).toMatch(/^12\./);
  });
});

describe('menu and lifecycle', () => {
  it('offers import, backup and restore actions, with accelerators', () => {
    const actions = {
      importFiles: vi.fn(),
      importFolder: vi.fn(),
      importSample: vi.fn(),
      exportLibrary: vi.fn(),
      backupLibrary: vi.fn(),
      restoreLibrary: vi.fn(),
      command: vi.fn(),
    };
    const template = buildMenuTemplate(actions, 'linux');
    // DevTools and Reload only in a development build.
    const roles = (t: typeof template) =>
      (t.find((m) => m.label === 'View')?.submenu as { role?: string }[]).map((i) => i.role);
    expect(roles(template)).not.toContain('toggleDevTools');
    expect(roles(buildMenuTemplate(actions, 'linux', true))).toContain('toggleDevTools');
    const file = template.find((m) => m.label === 'File');
    const items = file?.submenu as { label?: string; accelerator?: string; click?: () => void }[];
    expect(items.find((i) => i.label === 'Import Files…')?.accelerator).toBe('CmdOrCtrl+O');
    items.find((i) => i.label === 'Import Folder…')?.click?.();
    expect(actions.importFolder).toHaveBeenCalled();
    items.find((i) => i.label === 'Back Up Library…')?.click?.();
    items.find((i) => i.label === 'Restore Library from Backup…')?.click?.();
    expect(actions.backupLibrary).toHaveBeenCalled();
    expect(actions.restoreLibrary).toHaveBeenCalled();
    // Reader commands: every one in the menu with its key; single keys are not taken from text fields.
    const go = template.find((m) => m.label === 'Go')?.submenu as {
      label?: string;
      accelerator?: string;
      registerAccelerator?: boolean;
      click?: () => void;
    }[];
    const next = go.find((i) => i.label === 'Next Briefing');
    expect(next).toMatchObject({ accelerator: 'J', registerAccelerator: false });
    next?.click?.();
    expect(actions.command).toHaveBeenCalledWith('next-briefing');
    expect(go.map((i) => i.accelerator).filter(Boolean)).toEqual([
      'J',
      'K',
      'O',
      'Space',
      'Shift+Space',
      ']',
      '[',
      'CmdOrCtrl+K',
    ]);
    const briefing = template.find((m) => m.label === 'Briefing')?.submenu as { accelerator?: string }[];
    expect(briefing.map((i) => i.accelerator).filter(Boolean)).toEqual([
      'U',
      'S',
      'E',
      'T',
      'N',
      'CmdOrCtrl+Shift+Enter',
      'CmdOrCtrl+Shift+R',
      'CmdOrCtrl+P',
      'CmdOrCtrl+Z',
    ]);
    // The window prints on Ctrl/Cmd+P itself; a registered accelerator too would print twice.
    expect(
      (briefing as { label?: string; registerAccelerator?: boolean }[]).find((i) => i.label === 'Print Briefing…'),
    ).toMatchObject({ registerAccelerator: false });
    expect(buildMenuTemplate(actions, 'darwin')[0]).toEqual({ role: 'appMenu' });
  });

  it('quits a second instance (single-instance lock)', async () => {
    h.lock = false;
    vi.resetModules();
    await import('../../src/main/index');
    expect(h.quit).toHaveBeenCalled();
  });
});
