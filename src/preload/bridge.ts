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
export function createBridge(transport: Transport): BriefingsApi {
  const api: Record<string, unknown> = {};
  for (const [method, channel] of Object.entries(calls)) {
    api[method] = (input: unknown) => transport.invoke(channel, input === undefined ? {} : input);
  }
  api.importDroppedFiles = async (files: unknown) => {
    const list = Array.isArray(files) ? files : [];
    const paths = list.map((f) => (f instanceof File ? transport.pathForFile(f) : '')).filter((p) => p !== '');
    if (paths.length === 0) return err('VALIDATION', 'only files dropped from your computer can be imported');
    return transport.invoke(preloadCalls.importDropped, { paths });
  };
  for (const [method, channel] of Object.entries(events)) {
    api[method] = (listener: (payload: unknown) => void) => transport.subscribe(channel, (p) => listener(p));
  }
  return Object.freeze(api) as BriefingsApi;
}
