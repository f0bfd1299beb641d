/**
 * Runs in the page (bundled by the harness): builds window.briefings with the preload's own
 * factory, over Playwright bindings instead of Electron IPC. Only the transport differs.
 */
import { createBridge } from '../../src/preload/bridge';

type HarnessWindow = Window & {
  __briefingsInvoke(channel: string, payload: unknown): Promise<unknown>;
  __briefingsEmit?: (channel: string, payload: unknown) => void;
};

const w = window as unknown as HarnessWindow;
const searchTimes: { sent: number; received: number; response: unknown }[] = [];
(window as unknown as { __searchTimes: typeof searchTimes }).__searchTimes = searchTimes;
const listeners = new Map<string, Set<(payload: unknown) => void>>();

w.__briefingsEmit = (channel, payload) => {
  for (const l of listeners.get(channel) ?? []) l(payload);
};

const api = createBridge(
  {
    // Round-trip through JSON so the page sees exactly what structured clone over IPC would give.
    invoke: async (channel, payload) => {
      const sent = performance.now();
      const r = await w.__briefingsInvoke(channel, payload === undefined ? {} : JSON.parse(JSON.stringify(payload)));
      // Timings of searches, for the keystroke-to-results figure (large-library.spec.ts).
      if (channel === 'search:query') searchTimes.push({ sent, received: performance.now(), response: r });
      return r;
    },
    subscribe: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
    // Playwright cannot make an OS-level drop: a spec registers which dropped file names stand for
    // which real paths, the way webUtils.getPathForFile would resolve them.
    pathForFile: (file) =>
      (window as unknown as { __harnessDropPaths?: Record<string, string> }).__harnessDropPaths?.[file.name] ?? '',
  },
  window,
);

Object.defineProperty(window, 'briefings', { value: api, writable: false, configurable: false });
