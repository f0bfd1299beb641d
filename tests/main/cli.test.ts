import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/library/db/open';
import { addHighlight } from '../../src/main/library/repos/highlights';
import { createSearchService } from '../../src/main/library/search/search-service';
import { createOrganizeService } from '../../src/main/library/services/organize-service';
import { toBriefingId } from '../../src/shared/model';
import { runBriefings } from '../helpers/cli';
import { writeRealTextFiles } from '../helpers/real-text';
import { REPO_ROOT, SAMPLE, tempDir } from '../helpers/temp';

const BIN = path.join(REPO_ROOT, 'bin', 'briefings.cjs');

/** Runs the real `briefings` executable, as a user or script would. */
function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: REPO_ROOT,
    env: { ...process.env, BRIEFINGS_DB: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('terminal escapes in what was imported', () => {
  it('strips them from a mail Subject at import, and escapes any in an older library on output', () => {
    const dir = tempDir();
    const hostile = 'Budget talks \u001b]0;pwned\u0007resume\u001b[2J\u009b31m today';
    const subject = `=?UTF-8?B?${Buffer.from(hostile).toString('base64')}?=`;
    fs.writeFileSync(
      path.join(dir, 'mail.eml'),
      `From: Desk <desk@example.org>\r\nTo: you@example.org\r\nSubject: ${subject}\r\nDate: Mon, 7 Dec 2026 09:00:00 +0000\r\n` +
        `Content-Type: text/plain; charset=utf-8\r\n\r\nThe ministers agreed the budget after a long night of talks in Brussels.\r\n`,
    );
    const db = path.join(dir, 'b.db');
    expect(cli(['import', dir, '--db', db]).code).toBe(0);
    const stored = new Database(db, { readonly: true });
    const { id, title } = stored.prepare('SELECT id, title FROM briefings').get() as { id: number; title: string };
    stored.close();
    expect(title).toBe('Budget talks ]0;pwnedresume[2J31m today');
    // A library written before this (or by another tool) may still hold them: output escapes.
    const raw = new Database(db);
    raw.prepare('UPDATE briefings SET title = ?, source = ? WHERE id = ?').run(hostile, 'Wire\u001b[31m', id);
    raw.close();
    for (const args of [
      ['list'],
      ['show', String(id)],
      ['list', '--json'],
      ['show', String(id), '--json'],
      ['search', 'budget'],
    ]) {
      const r = cli([...args, '--db', db]);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.out, args.join(' ')).not.toMatch(CONTROL);
      expect(r.out, args.join(' ')).toContain('\\u001b]0;pwned\\u0007');
      if (args.includes('--json')) JSON.parse(r.out);
    }
    expect(JSON.parse(cli(['list', '--json', '--db', db]).out)[0].title).toBe(hostile);
  });
});

describe('briefings CLI', () => {
  it('imports the samples folder, lists and shows the briefing as JSON', () => {
    const db = path.join(tempDir(), 'b.db');
    const imp = cli(['import', path.join(REPO_ROOT, 'resources', 'samples'), '--db', db, '--json']);
    expect(imp.code).toBe(0);
    expect(JSON.parse(imp.out)).toEqual({ imported: 1, duplicates: 0, failed: 0, skipped: 0, errors: [] });

    const list = cli(['list', '--db', db, '--json']);
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.out) as { id: number }[];
    expect(rows).toEqual([
      {
        id: expect.any(Number),
        title: 'US Rejects Global AI Governance at UN General Assembly',
        source: null,
        publishedAt: null,
        tags: [],
      },
    ]);

    const show = cli(['show', String(rows[0]?.id), '--db', db, '--json']);
    expect(show.code).toBe(0);
    const b = JSON.parse(show.out);
    expect(b.title).toBe('US Rejects Global AI Governance at UN General Assembly');
    expect(b.headings).toHaveLength(6);
    expect(b.related).toHaveLength(9);
    expect(b.related[0]).toEqual({ title: expect.any(String), teaser: expect.any(String) });
    expect(b.originalPath).toBe(SAMPLE);
    expect(b.html).toContain('<h2>');

    const again = cli(['import', SAMPLE, '--db', db, '--json']);
    expect(JSON.parse(again.out)).toMatchObject({ imported: 0, duplicates: 1 });

    const found = cli(['search', 'kratsios', '--db', db, '--json']);
    expect(JSON.parse(found.out)).toHaveLength(1);
    expect(JSON.parse(cli(['search', 'zzzqqq', '--db', db, '--json']).out)).toEqual([]);

    const human = cli(['list', '--db', db]);
    expect(human.out).toMatch(/US Rejects Global AI Governance/);
  });

  it('tags briefings, lists tags with counts, renames and merges', () => {
    const dir = tempDir();
    const db = path.join(dir, 'b.db');
    fs.writeFileSync(path.join(dir, 'a.txt'), 'Alpha\n\nFirst body text about trade.');
    fs.writeFileSync(path.join(dir, 'b.txt'), 'Beta\n\nSecond body text about chips.');
    expect(cli(['import', dir, '--db', db]).code).toBe(0);
    const ids = (JSON.parse(cli(['list', '--db', db, '--json']).out) as { id: number }[]).map((r) => String(r.id));

    const tagged = cli(['tag', ...ids, '--add', 'policy/eu, AI', '--db', db]);
    expect(tagged).toMatchObject({ code: 0, out: "Tagged 2 briefings 'policy/eu', 'AI'.\n" });
    expect(cli(['tag', ids[0] as string, '--add', 'ml', '--remove', 'ai', '--db', db]).code).toBe(0);
    const tags = (): unknown => JSON.parse(cli(['tags', '--json', '--db', db]).out);
    expect(tags()).toEqual([
      { name: 'AI', count: 1, color: null },
      { name: 'ml', count: 1, color: null },
      { name: 'policy/eu', count: 2, color: null },
    ]);
    expect(cli(['tags', 'color', 'ml', '#00aa00', '--db', db]).code).toBe(0);
    const merged = cli(['tags', 'rename', 'ai', 'ML', '--db', db]);
    expect(merged).toMatchObject({ code: 0, out: "Merged 'AI' into 'ml'.\n" });
    expect(cli(['tags', 'rename', 'policy', 'europe', '--db', db]).code).toBe(0);
    expect(tags()).toEqual([
      { name: 'europe/eu', count: 2, color: null },
      { name: 'ml', count: 2, color: '#00aa00' },
    ]);
    expect(cli(['tags', '--db', db]).out).toBe('     2  europe/eu\n     2  ml  #00aa00\n');

    expect(cli(['tag', '999', '--add', 'x', '--db', db])).toMatchObject({
      code: 1,
      err: 'briefings: no briefing with id 999\n',
    });
    expect(cli(['tag', ids[0] as string, '--db', db]).code).toBe(2);
    expect(cli(['tags', 'rename', 'nope', 'x', '--db', db])).toMatchObject({
      code: 1,
      err: "briefings: there is no tag named 'nope'\n",
    });
    expect(cli(['tags', 'color', 'ml', 'green', '--db', db]).code).toBe(2);
    expect(cli(['tags', 'explode', '--db', db]).code).toBe(2);
  });

  it('a missing path exits non-zero with one clear line and creates no library', () => {
    const db = path.join(tempDir(), 'never.db');
    const r = cli(['import', '/no/such/folder', '--db', db]);
    expect(r.code).not.toBe(0);
    expect(r.err.trim()).toBe('briefings: no such file or folder: /no/such/folder');
    expect(fs.existsSync(db)).toBe(false);
  });

  it('an unsupported file named on the command line is reported and exits non-zero', () => {
    const dir = tempDir();
    const f = path.join(dir, 'slides.pptx');
    fs.writeFileSync(f, 'PK');
    const r = cli(['import', f, '--db', path.join(dir, 'b.db'), '--json']);
    // 3: the import ran, but not every file made it.
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out)).toMatchObject({
      imported: 0,
      skipped: 1,
      errors: [{ path: f, reason: 'not a supported format (.pptx)' }],
    });
    expect(r.err).toContain('not a supported format (.pptx)');
  });

  it('an unusable database path gets a clear message, not a stack trace', () => {
    const dir = tempDir();
    const notDb = path.join(dir, 'notes.db');
    fs.writeFileSync(notDb, 'plain text, not a database '.repeat(200));
    const r = cli(['list', '--db', notDb]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^briefings: .*not a usable Briefings library/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(cli(['list', '--db', dir]).err).toMatch(/^briefings: cannot open the library/);
  });

  it('usage errors exit 2 with help', () => {
    expect(cli([]).code).toBe(2);
    expect(cli(['frobnicate']).err).toContain('unknown command "frobnicate"');
    expect(cli(['show', 'abc', '--db', path.join(tempDir(), 'x.db')]).code).toBe(2);
    expect(cli(['list', '--limit', '0']).code).toBe(2);
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: briefings');
  });

  it('show of an unknown id says so', () => {
    const db = path.join(tempDir(), 'b.db');
    const r = cli(['show', '42', '--db', db, '--create']);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe('briefings: briefing 42 does not exist (it may have been deleted)');
  });
});

describe('briefings import on a terminal', () => {
  it('draws a progress bar on stderr and ends with a summary line', async () => {
    const { runCli } = await import('../../src/main/cli');
    const dir = tempDir();
    for (let i = 0; i < 30; i++)
      fs.writeFileSync(path.join(dir, `b${i}.txt`), `Briefing ${i}\n\nBody number ${i} of the test.`);
    let out = '';
    let err = '';
    const code = await runCli(['import', dir, '--db', path.join(tempDir(), 'b.db')], {
      out: (s) => (out += s),
      err: (s) => (err += s),
      isTTY: true,
    });
    expect(code).toBe(0);
    expect(err).toMatch(/\[#+\] 30\/30/);
    expect(out).toBe('Imported 30, duplicates 0, skipped 0, failed 0.\n');
  });
});

describe('output into a pipe the reader closes early', () => {
  it('ends quietly, as `briefings show 1 | head` expects, with no stack trace', async () => {
    const { spawn } = await import('node:child_process');
    const db = path.join(tempDir(), 'pipe.db');
    expect(runBriefings(['import', path.join(REPO_ROOT, 'resources', 'samples'), '--db', db]).code).toBe(0);
    const child = spawn(process.execPath, [BIN, 'show', '1', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // Close our end at once, as `head -0` would, before the CLI has written.
    child.stdout.destroy();
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(err).not.toMatch(/EPIPE|Unhandled|at .*\.js/);
    expect(code).toBe(0);
  });
});

describe('the CLI scripts lean on', () => {
  const library = (): { db: string; ids: string[] } => {
    const dir = tempDir();
    const inbox = path.join(dir, 'inbox');
    writeRealTextFiles(inbox, 4);
    const db = path.join(dir, 'library.db');
    expect(cli(['import', inbox, '--db', db]).code).toBe(0);
    const ids = (JSON.parse(cli(['list', '--db', db, '--json']).out) as { id: number }[]).map((b) => String(b.id));
    expect(ids).toHaveLength(4);
    return { db, ids };
  };

  it('marks read, starred and archived, with --json, and refuses contradictions and unknown ids', () => {
    const { db, ids } = library();
    const [a, b] = ids as [string, string];
    const r = cli(['mark', a, b, '--read', '--star', '--db', db, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ affected: 2, undoable: true });
    const shown = JSON.parse(cli(['show', a, '--db', db, '--json']).out) as { readState: string; starred: boolean };
    expect(shown).toMatchObject({ readState: 'read', starred: true });
    expect(cli(['mark', a, '--archive', '--db', db]).out).toBe('Archived 1 briefing.\n');
    expect(JSON.parse(cli(['show', a, '--db', db, '--json']).out)).toMatchObject({ archived: true });
    expect(cli(['mark', a, '--unarchive', '--unstar', '--unread', '--db', db]).code).toBe(0);
    expect(JSON.parse(cli(['show', a, '--db', db, '--json']).out)).toMatchObject({
      archived: false,
      starred: false,
      readState: 'unread',
    });
    const both = cli(['mark', a, '--read', '--unread', '--db', db]);
    expect(both).toMatchObject({ code: 2 });
    expect(both.err.split('\n')[0]).toBe('briefings: mark takes --read or --unread, not both');
    expect(cli(['mark', a, '--db', db]).code).toBe(2);
    const missing = cli(['mark', '999', '--read', '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.err.trim()).toBe('briefings: no briefing with id 999');
  });

  it('deletes briefings, and the app (another process) can undo the delete', async () => {
    const { db, ids } = library();
    const [a, b] = ids as [string, string];
    const before = JSON.parse(cli(['show', a, '--db', db, '--json']).out) as { title: string };
    const r = cli(['delete', a, b, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Deleted 2 briefings\. Undo in the app/);
    expect(cli(['show', a, '--db', db]).code).toBe(1);
    // The app's organiser, started later in its own process, offers the CLI's delete as Undo.
    const handle = openDatabase(db);
    const organize = createOrganizeService({
      db: handle,
      search: createSearchService({ db: handle }),
      entities: { extract: () => Promise.resolve([]), close: () => Promise.resolve() },
    });
    expect(organize.canUndo()).toBe(1);
    expect(organize.undo()).toEqual({ undone: 'Deleted 2 briefings', remaining: 0 });
    expect(organize.undo()).toEqual({ undone: null, remaining: 0 });
    handle.close();
    expect(JSON.parse(cli(['show', a, '--db', db, '--json']).out)).toMatchObject({ title: before.title });
    expect(cli(['delete', 'x', '--db', db]).code).toBe(2);
  });

  it('lists highlights and notes, of one briefing or all', () => {
    const { db, ids } = library();
    const handle = openDatabase(db);
    const text = (handle.prepare('SELECT text FROM briefings WHERE id = ?').get(Number(ids[0])) as { text: string })
      .text;
    addHighlight(
      handle,
      {
        briefingId: toBriefingId(Number(ids[0])),
        quote: text.slice(0, 40),
        prefix: '',
        suffix: '',
        start: 0,
        color: 'green',
        note: 'check this',
      },
      new Date().toISOString(),
    );
    handle.close();
    const all = cli(['highlights', '--db', db, '--json']);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.out)).toMatchObject([{ briefingId: Number(ids[0]), note: 'check this', color: 'green' }]);
    expect(cli(['highlights', ids[0] as string, '--db', db]).out).toContain('note: check this');
    expect(cli(['highlights', ids[1] as string, '--db', db]).out).toBe('No highlights.\n');
    expect(cli(['highlights', '777', '--db', db]).code).toBe(1);
  });

  it('tells a usage error, a failed command and an import with failed files apart by exit status', () => {
    const dir = tempDir();
    const db = path.join(dir, 'library.db');
    fs.writeFileSync(path.join(dir, 'good.txt'), 'A note\n\nWith a body of text.\n');
    fs.writeFileSync(path.join(dir, 'bad.pdf'), 'not a pdf');
    expect(cli(['import', dir, '--db', db]).code).toBe(3);
    expect(cli(['list', '--limit', '-5', '--db', db])).toMatchObject({
      code: 2,
      err: 'briefings: --limit must be a number from 1 to 100000\nRun "briefings --help" for usage.\n',
    });
    // A mistyped --db is an error, not a new empty library; --create makes one on purpose.
    const typo = cli(['list', '--db', path.join(dir, 'no-such-folder', 'library.db')]);
    expect(typo.code).toBe(1);
    expect(typo.err).toMatch(
      /^briefings: the folder of --db does not exist: .*no-such-folder \(check the path, or add --create/,
    );
    expect(fs.existsSync(path.join(dir, 'no-such-folder'))).toBe(false);
    expect(cli(['list', '--db', path.join(dir, 'libary.db')]).err).toMatch(/^briefings: no library at .*libary\.db/);
    const made = cli(['list', '--db', path.join(dir, 'new', 'library.db'), '--create']);
    expect(made).toMatchObject({ code: 0, out: 'No briefings.\n' });
    // /proc refuses folders in a way that made Node's recursive mkdir spin: now it is one line.
    const proc = cli(['list', '--db', '/proc/nope/library.db', '--create']);
    expect(proc.code).toBe(1);
    expect(proc.err).toMatch(/^briefings: cannot create the library folder \/proc\/nope/);
    const exported = cli(['export', '/missing-dir/out.json', '--db', db]);
    expect(exported).toMatchObject({
      code: 1,
      err: 'briefings: cannot write /missing-dir/out.json: the folder /missing-dir does not exist\n',
    });
  });

  it('lists in the order asked for', () => {
    const { db } = library();
    const titles = (sort: string): string[] =>
      (JSON.parse(cli(['list', '--sort', sort, '--db', db, '--json']).out) as { title: string }[]).map((b) => b.title);
    const byTitle = titles('title');
    expect(byTitle).toEqual([...byTitle].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    expect(titles('oldest')).toEqual([...titles('newest')].reverse());
    expect(cli(['list', '--sort', 'random', '--db', db]).err).toMatch(/^briefings: --sort is one of newest, oldest/);
  });

  it('--help lists every command the CLI runs', () => {
    const help = cli(['--help']).out;
    const source = fs.readFileSync(path.join(REPO_ROOT, 'src', 'main', 'cli.ts'), 'utf8');
    const commands = [...source.matchAll(/^ {6}case '([a-z]+)':/gm)].map((m) => m[1]);
    expect(commands.length).toBeGreaterThanOrEqual(13);
    for (const c of commands) expect(help, c).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    expect(help).toMatch(/Exit status:[\s\S]*3 {2}import finished, but some files failed/);
  });
});
