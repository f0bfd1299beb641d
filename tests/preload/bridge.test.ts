import { describe, expect, it } from 'vitest';
import { createBridge } from '../../src/preload/bridge';
import { calls, events } from '../../src/shared/channels';

const noPaths = { pathForFile: () => '' };

describe('createBridge', () => {
  it('exposes exactly the contract methods, frozen', () => {
    const api = createBridge({ invoke: async () => null, subscribe: () => () => undefined, ...noPaths });
    expect(Object.keys(api).sort()).toEqual(
      [...Object.keys(calls), 'importDroppedFiles', ...Object.keys(events)].sort(),
    );
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('maps each method to its channel and passes the payload through', async () => {
    const seen: [string, unknown][] = [];
    const api = createBridge({
      invoke: async (channel, payload) => {
        seen.push([channel, payload]);
        return { ok: true, value: null };
      },
      subscribe: () => () => undefined,
      ...noPaths,
    });
    await api.getBriefing({ id: 3 });
    await api.getLibraryStats({});
    expect(seen).toEqual([
      ['briefings:get', { id: 3 }],
      ['library:stats', {}],
    ]);
  });

  it('hands listeners the payload only and returns a working unsubscribe', () => {
    const listeners = new Map<string, (p: unknown) => void>();
    const api = createBridge({
      invoke: async () => null,
      subscribe: (channel, l) => {
        listeners.set(channel, l);
        return () => listeners.delete(channel);
      },
      ...noPaths,
    });
    const got: unknown[] = [];
    const off = api.onLibraryChanged((p) => got.push(p));
    listeners.get('library:changed')?.({ reason: 'import' });
    expect(got).toEqual([{ reason: 'import' }]);
    off();
    expect(listeners.has('library:changed')).toBe(false);
  });

  it('resolves dropped files in the preload and refuses files without a real path', async () => {
    const seen: [string, unknown][] = [];
    const api = createBridge({
      invoke: async (channel, payload) => {
        seen.push([channel, payload]);
        return { ok: true, value: null };
      },
      subscribe: () => () => undefined,
      pathForFile: (f) => (f.name === 'real.txt' ? '/home/u/real.txt' : ''),
    });
    const forged = await api.importDroppedFiles([new File(['x'], 'made-in-page.txt')]);
    expect(forged).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await api.importDroppedFiles([new File(['x'], 'real.txt'), new File(['y'], 'forged.txt')]);
    expect(seen).toEqual([['import:dropped', { paths: ['/home/u/real.txt'] }]]);
  });
});
