import { BrowserWindow, nativeTheme, session, shell, type Session } from 'electron';
import path from 'node:path';
import { isExternalWebUrl } from './handlers';

/**
 * The renderer shows untrusted article HTML, so the window is locked down from the first line:
 * isolated, sandboxed, no Node, no navigation, no new windows, no permissions, and no network
 * except the dev server. Each option is written out literally (not left to defaults) so that
 * reviewers and electronegativity can see it.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "object-src 'none'",
  "media-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
].join('; ');

/**
 * The main window. The options are written inside `new BrowserWindow({...})` itself because
 * electronegativity only credits webPreferences it can read there.
 */
export function newMainWindow(preloadPath: string): BrowserWindow {
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

/** No navigation away from the app, no new windows; web links go to the system browser. */
export function guardNavigation(win: BrowserWindow, appUrl: string): void {
  const wc = win.webContents;
  wc.on('will-navigate', (event, url) => {
    if (url !== appUrl) {
      event.preventDefault();
    }
  });
  wc.on('will-redirect', (event) => event.preventDefault());
  wc.on('will-attach-webview', (event) => event.preventDefault());
  wc.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export function createMainWindow(outDir: string): BrowserWindow {
  const devServerUrl = process.env.ELECTRON_RENDERER_URL;
  secureSession(session.defaultSession, devServerUrl);
  const win = newMainWindow(path.join(outDir, 'preload', 'index.js'));
  const appUrl = devServerUrl ?? `file://${path.join(outDir, 'renderer', 'index.html')}`;
  guardNavigation(win, appUrl);
  win.once('ready-to-show', () => win.show());
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(path.join(outDir, 'renderer', 'index.html'));
  return win;
}
