import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { calls, preloadCalls } from '../shared/channels';
import type { EventPayloads } from '../shared/contract';
import { err } from '../shared/result';
import { APP_ORIGIN, originOf } from './app-protocol';
import type { Dispatch } from './dispatch';

/**
 * The only file that touches ipcMain. Every channel of the contract is registered, and only
 * those; each call must come from the main window's own top frame, loaded from the app.
 */
export function registerIpc(dispatch: Dispatch, getWindow: () => BrowserWindow | null): string[] {
  const registered: string[] = [];
  for (const channel of [...Object.values(calls), ...Object.values(preloadCalls)]) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      if (!isTrustedSender(event, getWindow())) {
        return err('FORBIDDEN', 'this request did not come from the Briefings window');
      }
      return dispatch(channel, payload);
    });
    registered.push(channel);
  }
  return registered;
}

export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>,
  win: BrowserWindow | null,
): boolean {
  const frame = event.senderFrame;
  // A null frame means it navigated or was destroyed: treat as forbidden.
  if (!frame || !win || win.isDestroyed()) return false;
  if (event.sender !== win.webContents || frame !== win.webContents.mainFrame) return false;
  // Only the app's own origin (and the dev server in development). Not file://: any local page
  // could be loaded there.
  const origin = originOf(frame.url);
  const dev = process.env.ELECTRON_RENDERER_URL;
  return origin === APP_ORIGIN || (dev !== undefined && origin === originOf(dev));
}

export function createEmitter(getWindow: () => BrowserWindow | null) {
  return <E extends keyof EventPayloads>(channel: E, payload: EventPayloads[E]): void => {
    const win = getWindow();
    if (win && !win.isDestroyed()) win.webContents.send(channel, payload);
  };
}
