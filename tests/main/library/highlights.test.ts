import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compose } from '../../../src/main/compose';
import { getBriefing } from '../../../src/main/library/repos/briefings';
import { exportLibrary } from '../../../src/main/library/services/export-service';
import { briefingToMarkdown } from '../../../src/main/library/services/markdown-export';
import type { Highlight } from '../../../src/shared/model';
import { testPlatform } from '../../helpers/platform';
import { SAMPLE, tempDb, tempDir } from '../../helpers/temp';

function setup() {
  const { db } = tempDb();
  const out = tempDir();
  const { platform } = testPlatform({ pickMarkdownPath: async (name) => path.join(out, name) });
  const app = compose({ db, platform, samplesDir: path.dirname(SAMPLE), poolSize: 1 });
  return { db, app, out };
}

describe('highlights and notes', () => {
  it('are stored, updated, listed per briefing and across the library, and removed with their briefing', async () => {
    const { db, app } = setup();
    const h = app.handlers;
    await h['import:sample']({});
    const add = (quote: string, start: number, note?: string): Highlight =>
      h['highlights:add']({
        briefingId: 1 as never,
        quote,
        prefix: '',
        suffix: '',
        start,
        color: 'yellow',
        note,
      }) as Highlight;
    const first = add('We totally reject all efforts by international bodies', 900, 'the key quote');
    add('Global Dialogue on AI Governance', 200);
    expect((h['highlights:list']({ briefingId: 1 as never }) as Highlight[]).map((x) => x.start)).toEqual([200, 900]);
    const changed = h['highlights:update']({ id: first.id, color: 'pink', note: 'Kratsios, verbatim' }) as Highlight;
    expect(changed).toMatchObject({
      color: 'pink',
      note: 'Kratsios, verbatim',
      briefingTitle: expect.stringContaining('US Rejects'),
    });
    expect(h['highlights:list']({}) as Highlight[]).toHaveLength(2);
    expect(() => h['highlights:update']({ id: 999, note: 'x' })).toThrow(/no longer exists/);
    expect(() =>
      h['highlights:add']({ briefingId: 42 as never, quote: 'q', prefix: '', suffix: '', start: 0, color: 'blue' }),
    ).toThrow(/does not exist/);
    await app.organize.remove({ ids: [1 as never] });
    expect(db.prepare('SELECT count(*) AS n FROM highlights').get()).toEqual({ n: 0 });
    await app.entities.close();
  });

  it('are searchable with in:highlights, words in the quote or the note', async () => {
    const { app } = setup();
    const h = app.handlers;
    await h['import:sample']({});
    h['highlights:add']({
      briefingId: 1 as never,
      quote: 'independence and sovereignty of nations',
      prefix: '',
      suffix: '',
      start: 0,
      color: 'green',
      note: 'compare with the EU position',
    });
    const q = async (query: string): Promise<number> => (await app.search.search({ query })).total;
    expect(await q('in:highlights sovereignty')).toBe(1);
    expect(await q('in:highlights eu position')).toBe(1);
    expect(await q('in:highlights kratsios')).toBe(0);
    expect(await q('kratsios')).toBe(1);
    expect(await q('in:highlights is:starred')).toBe(0);
    expect((await app.search.search({ query: 'in:margins x' })).problem).toMatch(/in:highlights/);
    await app.entities.close();
  });

  it('exports a briefing with its highlights and notes as Markdown', async () => {
    const { db, app, out } = setup();
    const h = app.handlers;
    await h['import:sample']({});
    h['highlights:add']({
      briefingId: 1 as never,
      quote: 'We totally reject all efforts',
      prefix: '',
      suffix: '',
      start: 5,
      color: 'yellow',
      note: 'Quote for the memo',
    });
    const r = (await h['briefings:export-markdown']({ id: 1 as never })) as { path: string };
    expect(path.dirname(r.path)).toBe(out);
    const md = fs.readFileSync(r.path, 'utf8');
    expect(md).toMatch(/^---\ntitle: "US Rejects Global AI Governance at UN General Assembly"\n/);
    expect(md).toContain('## Highlights\n\n> We totally reject all efforts');
    expect(md).toContain('**Note:** Quote for the memo');
    expect(md).toContain('## U.S. Criticism of Centralized Governance');
    expect(md).toContain('## More insights\n\n- US Rejects UN’s Call for Global AI Governance Framework');
    const b = getBriefing(db, 1 as never);
    if (b) expect(briefingToMarkdown(b, [])).not.toContain('## Highlights');
    await app.entities.close();
  });

  it('joins the same words highlighted twice, or overlapping ones, into one highlight', async () => {
    const { db, app } = setup();
    const h = app.handlers;
    await h['import:sample']({});
    const text = 'the independence and sovereignty of nations';
    const add = (from: number, to: number, color: 'yellow' | 'blue' | 'green', note?: string): Highlight =>
      h['highlights:add']({
        briefingId: 1 as never,
        quote: text.slice(from, to),
        prefix: text.slice(Math.max(0, from - 4), from),
        suffix: text.slice(to, to + 4),
        start: 1000 + from,
        color,
        note,
      }) as Highlight;
    const first = add(4, 32, 'yellow', 'first note'); // "independence and sovereignty"
    const again = add(4, 32, 'blue'); // the same words again
    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({ quote: 'independence and sovereignty', color: 'blue', note: 'first note' });
    const joined = add(21, 43, 'green', 'second note'); // "sovereignty of nations", running into it
    expect(joined).toMatchObject({
      id: first.id,
      quote: 'independence and sovereignty of nations',
      start: 1004,
      prefix: 'the ',
      color: 'green',
      note: 'first note\n\nsecond note',
      createdAt: first.createdAt,
    });
    // A separate highlight elsewhere stays separate; one spanning two highlights joins all three.
    const apart = add(0, 3, 'yellow'); // "the": touches, does not overlap
    expect(apart.id).not.toBe(first.id);
    expect(db.prepare('SELECT count(*) AS n FROM highlights').get()).toEqual({ n: 2 });
    const all = add(0, 10, 'blue');
    expect(all).toMatchObject({ quote: text, start: 1000, color: 'blue' });
    expect(db.prepare('SELECT count(*) AS n FROM highlights').get()).toEqual({ n: 1 });
    await app.entities.close();
  });

  it('keeps a note on the whole briefing: edited with undo, searchable, in both exports and back', async () => {
    const { db, app, out } = setup();
    const h = app.handlers;
    await h['import:sample']({});
    const r = h['briefings:edit-details']({
      id: 1 as never,
      note: '  Follow up with Geneva.\r\nAsk about\u0007 the EU.  ',
    });
    expect(r).toMatchObject({ affected: 1, undoable: true, label: expect.stringContaining('Edited the note of') });
    expect(getBriefing(db, 1 as never)?.note).toBe('Follow up with Geneva.\nAsk about the EU.');
    expect((await app.search.search({ query: 'in:highlights geneva' })).total).toBe(1);
    expect((await app.search.search({ query: 'in:highlights geneva is:starred' })).total).toBe(0);
    const md = fs.readFileSync(
      ((await h['briefings:export-markdown']({ id: 1 as never })) as { path: string }).path,
      'utf8',
    );
    expect(md).toContain('## Note\n\nFollow up with Geneva.\nAsk about the EU.');
    // The JSON export carries it, and importing that export into a new library restores it.
    const file = path.join(out, 'library.json');
    exportLibrary(db, file);
    const other = setup();
    await other.app.importer.importPaths([file], { source: 'test' });
    const back = other.db.prepare('SELECT note FROM briefings').get() as { note: string };
    expect(back.note).toBe('Follow up with Geneva.\nAsk about the EU.');
    // Undo puts the briefing back without its note; an empty note removes it.
    await h['history:undo']({});
    expect(getBriefing(db, 1 as never)?.note).toBeNull();
    h['briefings:edit-details']({ id: 1 as never, note: 'x' });
    h['briefings:edit-details']({ id: 1 as never, note: '   ' });
    expect(getBriefing(db, 1 as never)?.note).toBeNull();
    await app.entities.close();
    await other.app.entities.close();
  });
});
