import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './temp';

/** Runs the `briefings` CLI in its own process, as a user would, and waits for it. */
export function runBriefings(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'briefings.cjs'), ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
