import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchReplacement } from '../../../src/main/library/db/replaced';
import { insertBriefing } from '../../../src/main/library/repos/briefings';
import { make } from '../../helpers/briefings';
import { tempDb } from '../../helpers/temp';

describe('noticing that the library file was replaced under the app', () => {
  it('fires once when another file is renamed over it, not when it is only written', () => {
    const { db, file, dir } = tempDb();
    let fired = 0;
    const watch = watchReplacement(file, () => fired++, 0);
    // Writes through the connection (and checkpoints) keep the same file.
    for (let i = 0; i < 20; i++) insertBriefing(db, make({ title: `B${i}`, contentHash: `h${i}` }));
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(watch.check()).toBe(false);
    // Another program puts a different file in its place, as a restore or a sync tool does.
    const other = path.join(dir, 'other.db');
    fs.copyFileSync(file, other);
    fs.renameSync(other, file);
    expect(watch.check()).toBe(true);
    expect(watch.check()).toBe(true);
    expect(fired).toBe(1);
    watch.stop();
  });

  it('fires when the file is deleted, and checks by itself on its timer', async () => {
    const { file } = tempDb();
    let fired = 0;
    const watch = watchReplacement(file, () => fired++, 20);
    fs.rmSync(file);
    await new Promise((r) => setTimeout(r, 120));
    expect(fired).toBe(1);
    watch.stop();
  });
});
