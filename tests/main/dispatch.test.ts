import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compose } from '../../src/main/compose';
import { createDispatcher } from '../../src/main/dispatch';
import { isExternalWebUrl, type Platform } from '../../src/main/handlers';
import { calls, preloadCalls } from '../../src/shared/channels';
import { contract } from '../../src/shared/contract';
import { testPlatform } from '../helpers/platform';
import { SAMPLE, tempDb, tempDir } from '../helpers/temp';
import { writeRealTextFiles } from '../helpers/real-text';
import { updateReading } from '../../src/main/library/repos/briefings';
import { createImportService } from '../../src/main/library/services/import-service';
import { withinFor } from '../../src/renderer/src/store/library-slice';
import type { SavedSearchCount, SearchResult } from '../../src/shared/model';

function setup(overrides: Partial<Platform> = {}) {
  const { db } = tempDb();
  const { platform, events, opened, asked, answers } = testPlatform({
    pickImportPaths: async () => [SAMPLE],
    ...overrides,
  });
  const { handlers } = compose({ db, platform, samplesDir: path.dirname(SAMPLE), poolSize: 1 });
  const logged: unknown[] = [];
  return {
    db,
    events,
    opened,
    asked,
    answers,
    dispatch: createDispatcher(handlers, (e) => logged.push(e)),
    handlers,
    logged,
  };
}

describe('saved searches', () => {
  it('count what their results show: archived briefings are left out of both', async () => {
    const { dispatch, db } = setup();
    const dir = path.join(tempDir(), 'docs');
    writeRealTextFiles(dir, 40);
    await createImportService({ db, poolSize: 1 }).importPaths([dir], { source: 'test' });
    const query = 'copyright';
    const all = await dispatch('search:query', { query, limit: 200 });
    if (!all.ok) throw new Error(all.error.message);
    const hits = (all.value as SearchResult).items.map((i) => i.briefing.id);
    expect(hits.length).toBeGreaterThan(5);
    for (const id of hits.slice(0, 3)) updateReading(db, { id, archived: true });
    await dispatch('saved:add', { name: 'Licences', query });
    const saved = await dispatch('saved:list', {});
    if (!saved.ok) throw new Error(saved.error.message);
    const shown = await dispatch('search:query', { query, limit: 200, within: withinFor('all') });
    if (!shown.ok) throw new Error(shown.error.message);
    const count = (saved.value as SavedSearchCount[])[0]?.count;
    expect(count).toBe((shown.value as SearchResult).total);
    expect(count).toBe(hits.length - 3);
  });
});

describe('IPC dispatcher (the trust boundary)', () => {
  it('has a handler for exactly the contract channels', () => {
    const { handlers } = setup();
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(contract).sort());
    expect([...Object.values(calls), ...Object.values(preloadCalls)].sort()).toEqual(Object.keys(contract).sort());
  });

  it('runs a real round trip: import the sample, list it, open it', async () => {
    const { dispatch, events } = setup();
    const imported = await dispatch('import:sample', {});
    expect(imported).toMatchObject({ ok: true, value: { imported: 1 } });
    expect(events.map((e) => e.channel)).toContain('import:progress');
    expect(events.at(-1)).toEqual({ channel: 'library:changed', payload: { reason: 'import' } });
    const list = await dispatch('briefings:list', { limit: 10 });
    expect(list.ok && (list.value as { total: number }).total).toBe(1);
    const got = await dispatch('briefings:get', { id: 1 });
    expect(got.ok && (got.value as { related: unknown[] }).related).toHaveLength(9);
  });

  it.each([
    ['briefings:get', { id: '1' }],
    ['briefings:get', { id: -1 }],
    ['briefings:get', { id: 1.5 }],
    ['briefings:get', {}],
    ['briefings:get', { id: 1, extra: true }],
    ['briefings:get', null],
    ['briefings:list', { limit: 1e9 }],
    ['briefings:list', { text: 'x'.repeat(10_000_000) }],
    ['briefings:list', JSON.parse('{"__proto__": {"polluted": true}}')],
    ['briefings:update-reading', { id: 1, scrollProgress: 7 }],
    ['briefings:update-reading', { id: 1, readState: 'skimmed' }],
    ['import:dialog', { kind: '/etc' }],
    ['import:dialog', { kind: 'files', paths: ['/etc/passwd'] }],
    ['links:open', { url: 'x'.repeat(5000) }],
  ])('refuses %s %j with a VALIDATION error', async (channel, payload) => {
    const { dispatch } = setup();
    const r = await dispatch(channel, payload);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.message).toMatch(new RegExp(`^invalid request for ${channel}`));
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses channels outside the contract', async () => {
    const { dispatch } = setup();
    for (const channel of ['fs:read', '__proto__', 'constructor', 'toString', '']) {
      const r = await dispatch(channel, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('turns NOT_FOUND into a typed error', async () => {
    const { dispatch } = setup();
    expect(await dispatch('briefings:get', { id: 77 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await dispatch('briefings:delete', { id: 77 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('never leaks a stack trace: unexpected errors become INTERNAL and are logged', async () => {
    const { dispatch, logged } = setup({
      pickImportPaths: async () => {
        throw new Error('disk exploded at /home/secret/path');
      },
    });
    const r = await dispatch('import:dialog', { kind: 'files' });
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.not.stringContaining('secret') } });
    expect(logged).toHaveLength(1);
  });

  it('a cancelled dialog imports nothing and returns null', async () => {
    const { dispatch } = setup({ pickImportPaths: async () => null });
    expect(await dispatch('import:dialog', { kind: 'folder' })).toEqual({ ok: true, value: null });
  });

  it('opens a link only after main asked the user, and never when the user says no', async () => {
    const { dispatch, opened, asked, answers } = setup();
    answers.confirm = false;
    expect(await dispatch('links:open', { url: 'https://evil.example/?d=secret' })).toEqual({
      ok: true,
      value: { opened: false },
    });
    expect(asked).toEqual(['https://evil.example/?d=secret']);
    expect(opened).toEqual([]);
  });

  it('imports a drop only with the one-time token main issued for it', async () => {
    const { dispatch, db } = setup();
    const r = await dispatch('drop:register', { paths: [SAMPLE] });
    expect(r.ok).toBe(true);
    const token = r.ok ? (r.value as { token: string }).token : '';
    const imported = await dispatch('import:dropped', { token, paths: [SAMPLE] });
    expect(imported).toMatchObject({ ok: true, value: { imported: 1 } });
    // Used once: the same token again is refused, and nothing more is imported.
    expect(await dispatch('import:dropped', { token, paths: [SAMPLE] })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'only files dropped on the Briefings window can be imported' },
    });
    expect(db.prepare('SELECT count(*) AS n FROM briefings').get()).toEqual({ n: 1 });
  });

  it('refuses to register a drop when the pointer is not over the window', async () => {
    const { dispatch } = setup({ pointerOverWindow: () => false });
    expect(await dispatch('drop:register', { paths: [SAMPLE] })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('opens only http(s) links in the system browser', async () => {
    const { dispatch, opened } = setup();
    expect(await dispatch('links:open', { url: 'https://example.org/a' })).toEqual({
      ok: true,
      value: { opened: true },
    });
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'briefings://x',
      'https://user:pw@example.org',
      'not a url',
    ]) {
      expect(await dispatch('links:open', { url })).toEqual({ ok: true, value: { opened: false } });
    }
    expect(opened).toEqual(['https://example.org/a']);
    expect(isExternalWebUrl('HTTP://EXAMPLE.ORG')).toBe(true);
  });

  it('updates reading state and announces the change', async () => {
    const { dispatch, events } = setup();
    await dispatch('import:sample', {});
    const r = await dispatch('briefings:update-reading', {
      id: 1,
      starred: true,
      readState: 'read',
      scrollProgress: 1,
    });
    expect(r).toMatchObject({ ok: true, value: { starred: true, readState: 'read', scrollProgress: 1 } });
    expect(events.at(-1)).toEqual({ channel: 'library:changed', payload: { reason: 'update' } });
  });
});
