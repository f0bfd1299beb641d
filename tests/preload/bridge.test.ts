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

  it('imports dropped files only with the token main issued for a trusted drop, and only their real paths', async () => {
    const seen: [string, unknown][] = [];
    let onDrop: (e: unknown) => void = () => undefined;
    const target = { addEventListener: (_type: string, fn: (e: unknown) => void) => (onDrop = fn) };
    const api = createBridge(
      {
        invoke: async (channel, payload) => {
          seen.push([channel, payload]);
          return { ok: true, value: channel === 'drop:register' ? { token: 'tok-1' } : null };
        },
        subscribe: () => () => undefined,
        pathForFile: (f) => (f.name === 'real.txt' ? '/home/u/real.txt' : ''),
      },
      target as unknown as EventTarget,
    );
    const real = new File(['x'], 'real.txt');
    const drop = (isTrusted: boolean, files: File[]) => onDrop({ isTrusted, dataTransfer: { files } });
    // No drop at all, or one made by page script: refused before main is asked.
    expect(await api.importDroppedFiles([real])).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    drop(false, [real]);
    expect(await api.importDroppedFiles([real])).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(seen).toEqual([]);
    // A real drop: main registers its paths and the import carries the token; page-made files
    // (no real path) are left out.
    drop(true, [real, new File(['y'], 'forged.txt')]);
    await api.importDroppedFiles([real, new File(['y'], 'forged.txt')]);
    expect(seen).toEqual([
      ['drop:register', { paths: ['/home/u/real.txt'] }],
      ['import:dropped', { token: 'tok-1', paths: ['/home/u/real.txt'] }],
    ]);
    // The token is used once: a second import without a new drop is refused.
    expect(await api.importDroppedFiles([real])).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(seen).toHaveLength(2);
  });
});
