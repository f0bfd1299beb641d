import { app, BrowserWindow, dialog, nativeTheme, protocol, screen, session, type Session } from 'electron';
import path from 'node:path';
import { APP_SCHEME, APP_URL, appRequestHandler } from './app-protocol';
import { CONTENT_SECURITY_POLICY } from './csp';

export { CONTENT_SECURITY_POLICY };

/*
 * The renderer shows untrusted article HTML, so the window is locked down from the first line:
 * isolated, sandboxed, no Node, no navigation, no new windows, no permissions, and no network
 * except the dev server. Each option is written out literally (not left to defaults) so that
 * reviewers and electronegativity can see it.
 */

/**
 * app:// must be registered as privileged before the app is ready: standard (so relative URLs
 * and the origin work like https) and secure (so the page is a secure context).
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves out/renderer on app://briefings/ through the pure handler in app-protocol.ts. */
export function serveRenderer(ses: Session, rendererDir: string): void {
  ses.protocol.handle(APP_SCHEME, appRequestHandler(rendererDir));
}

/**
 * The main window. The options are written inside `new BrowserWindow({...})` itself because
 * electronegativity only credits webPreferences it can read there.
 */
export function newMainWindow(preloadPath: string, devTools: boolean): BrowserWindow {
  return new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Briefings',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#16181d' : '#fbfaf7',
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Only in development: a packaged app has no console into the renderer.
      devTools,
      // A middle click must not open links in new windows.
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

/** Session-wide guards: deny every permission, block remote requests, enforce the CSP header. */
export function secureSession(ses: Session, devServerUrl: string | undefined): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : null;
  ses.webRequest.onBeforeRequest((details, callback) => {
    const u = details.url;
    const remote = /^(https?|wss?|ftp):/i.test(u);
    const allowed = devOrigin !== null && (u.startsWith(devOrigin) || u.startsWith(devOrigin.replace(/^http/, 'ws')));
    callback({ cancel: remote && !allowed });
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

/**
 * No navigation away from the app, no new windows. A web link the page tries to open in a new
 * window goes to `openLink`, which asks the user in main's own dialog before the browser opens.
 */
export function guardNavigation(win: BrowserWindow, appUrl: string, openLink: (url: string) => void): void {
  const wc = win.webContents;
  wc.on('will-navigate', (event, url) => {
    if (url !== appUrl) {
      event.preventDefault();
    }
  });
  wc.on('will-redirect', (event) => event.preventDefault());
  wc.on('will-attach-webview', (event) => event.preventDefault());
  wc.setWindowOpenHandler(({ url }) => {
    openLink(url);
    return { action: 'deny' };
  });
}

export function createMainWindow(outDir: string, openLink: (url: string) => void): BrowserWindow {
  const devServerUrl = process.env.ELECTRON_RENDERER_URL;
  secureSession(session.defaultSession, devServerUrl);
  serveRenderer(session.defaultSession, path.join(outDir, 'renderer'));
  const win = newMainWindow(path.join(outDir, 'preload', 'index.js'), !app.isPackaged);
  const appUrl = devServerUrl ?? APP_URL;
  guardNavigation(win, appUrl, openLink);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(appUrl);
  return win;
}

/** Main's own question before a link leaves the app; the renderer cannot click it for the user. */
export async function confirmExternalInDialog(win: BrowserWindow | null, url: string): Promise<boolean> {
  const options: Electron.MessageBoxOptions = {
    type: 'question',
    title: 'Open in your browser?',
    message: 'Open this link in your browser?',
    detail: url,
    buttons: ['Open in Browser', 'Cancel'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  };
  const { response } =
    win && !win.isDestroyed() ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
  return response === 0;
}

/** Whether the pointer is inside the window now: a file dropped on the window was let go there. */
export function pointerOverWindow(win: BrowserWindow | null): boolean {
  if (!win || win.isDestroyed()) return false;
  const p = screen.getCursorScreenPoint();
  const b = win.getBounds();
  return p.x >= b.x && p.x < b.x + b.width && p.y >= b.y && p.y < b.y + b.height;
}
