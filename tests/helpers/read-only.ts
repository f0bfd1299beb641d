import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A real read-only view of a folder: a read-only bind mount where the machine allows it (root,
 * as on CI), else the folder without write permission (a normal user). Null when neither is
 * possible (root without mount rights); callers skip and say so.
 */
export function readOnlyView(dir: string): { path: string; how: string; release(): void } | null {
  const view = `${dir}-ro`;
  fs.mkdirSync(view, { recursive: true });
  if (spawnSync('mount', ['--bind', dir, view]).status === 0) {
    if (spawnSync('mount', ['-o', 'remount,ro,bind', view]).status === 0)
      return { path: view, how: 'a read-only bind mount', release: () => void spawnSync('umount', [view]) };
    spawnSync('umount', [view]);
  }
  if (process.getuid?.() !== 0) {
    for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o444);
    fs.chmodSync(dir, 0o555);
    return { path: dir, how: 'a folder without write permission', release: () => fs.chmodSync(dir, 0o755) };
  }
  return null;
}
