import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compose } from '../../../src/main/compose';
import { originalToOpen, resolveOriginal } from '../../../src/main/library/services/original-file';
import { testPlatform } from '../../helpers/platform';
import { SAMPLE, tempDb, tempDir } from '../../helpers/temp';

describe('the original file of a briefing', () => {
  it('is the stored path, or the archive an entry came out of, or a clear error', () => {
    const dir = tempDir();
    const page = path.join(dir, 'page.html');
    fs.writeFileSync(page, '<p>x</p>');
    const zip = path.join(dir, 'mail.zip');
    fs.writeFileSync(zip, 'PK');
    expect(resolveOriginal(page)).toEqual({ file: page, inArchive: false });
    expect(resolveOriginal(path.join(zip, 'inner', 'note.eml'))).toEqual({ file: zip, inArchive: true });
    expect(() => resolveOriginal(path.join(dir, 'gone.html'))).toThrow(/no longer at .*gone\.html/);
    // A folder where the file was is not the file.
    expect(() => resolveOriginal(dir)).toThrow(/no longer at/);
    expect(() => resolveOriginal(null)).toThrow(/not imported from a file/);
  });

  it('is opened only when it is a kind of file Briefings imports, never a program a stored path names', () => {
    const dir = tempDir();
    const tool = path.join(dir, 'setup.sh');
    fs.writeFileSync(tool, '#!/bin/sh\necho hi\n');
    expect(() => originalToOpen(tool)).toThrow(/not a kind of file Briefings imports/);
    expect(resolveOriginal(tool).file).toBe(tool);
  });

  it('goes through main: the renderer names a briefing, main opens or shows what it stored', async () => {
    const { db } = tempDb();
    const { platform, files } = testPlatform();
    const app = compose({ db, platform, samplesDir: path.dirname(SAMPLE), poolSize: 1 });
    const h = app.handlers;
    await h['import:sample']({});
    expect(await h['briefings:open-original']({ id: 1 as never })).toEqual({ path: SAMPLE, inArchive: false });
    expect(h['briefings:show-original']({ id: 1 as never })).toEqual({ path: SAMPLE, inArchive: false });
    expect(files).toEqual([
      { action: 'open', file: SAMPLE },
      { action: 'show', file: SAMPLE },
    ]);
    // A stored path that names a program (as a JSON export from elsewhere could) is refused.
    db.prepare('UPDATE briefings SET original_path = ? WHERE id = 1').run('/bin/sh');
    await expect(h['briefings:open-original']({ id: 1 as never })).rejects.toThrow(/not a kind of file/);
    expect(files).toHaveLength(2);
    // The system failing to open it is reported, not swallowed.
    db.prepare('UPDATE briefings SET original_path = ? WHERE id = 1').run(SAMPLE);
    const failing = testPlatform({ openPath: async () => 'No application knows how to open this file' });
    const { db: db2 } = tempDb();
    const app2 = compose({ db: db2, platform: failing.platform, samplesDir: path.dirname(SAMPLE), poolSize: 1 });
    await app2.handlers['import:sample']({});
    await expect(app2.handlers['briefings:open-original']({ id: 1 as never })).rejects.toThrow(
      /could not open .*No application knows/,
    );
    await app.entities.close();
    await app2.entities.close();
  });
});
