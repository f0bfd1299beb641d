import type { BriefingsApi } from '../shared/api';
import { calls, events, preloadCalls } from '../shared/channels';
import { err } from '../shared/result';

export type Transport = {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  /** Subscribes to a push channel; returns the unsubscribe function. */
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
  /** The real path of a dropped File ('' for a File made by page script): Electron's webUtils. */
  pathForFile(file: File): string;
};

/**
 * Builds window.briefings from the channel table. The preload passes Electron's ipcRenderer as
 * the transport; the e2e harness passes Playwright bindings. Only names in the table become
 * functions, and listeners receive the payload only, never Electron's event object.
 */
export function createBridge(transport: Transport, dropTarget?: EventTarget): BriefingsApi {
  const api: Record<string, unknown> = {};
  for (const [method, channel] of Object.entries(calls)) {
    api[method] = (input: unknown) => transport.invoke(channel, input === undefined ? {} : input);
  }
  const pathsOf = (files: readonly unknown[]): string[] =>
    files.map((f) => (f instanceof File ? transport.pathForFile(f) : '')).filter((p) => p !== '');
  // The last real drop: main's one-time token for the paths it carried. Only a trusted event (the
  // user let go of files over the window; page script cannot make one) asks main for a token. This
  // listener is registered before any page script runs, in the capture phase, so it sees the drop
  // before the page's own handler calls importDroppedFiles.
  let lastDrop: Promise<{ token: string } | null> = Promise.resolve(null);
  dropTarget?.addEventListener(
    'drop',
    (event) => {
      if (!event.isTrusted) return;
      const paths = pathsOf(Array.from((event as DragEvent).dataTransfer?.files ?? []));
      if (paths.length === 0) return;
      lastDrop = transport.invoke(preloadCalls.registerDrop, { paths }).then((r) => {
        const value = (r as { ok: boolean; value?: { token?: unknown } }).value;
        return typeof value?.token === 'string' ? { token: value.token } : null;
      });
    },
    { capture: true },
  );
  api.importDroppedFiles = async (files: unknown) => {
    const paths = pathsOf(Array.isArray(files) ? files : []);
    const drop = await lastDrop;
    lastDrop = Promise.resolve(null);
    if (paths.length === 0 || drop === null) {
      return err('VALIDATION', 'only files dropped from your computer can be imported');
    }
    return transport.invoke(preloadCalls.importDropped, { token: drop.token, paths });
  };
  for (const [method, channel] of Object.entries(events)) {
    api[method] = (listener: (payload: unknown) => void) => transport.subscribe(channel, (p) => listener(p));
  }
  return Object.freeze(api) as BriefingsApi;
}
