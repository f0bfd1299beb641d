/**
 * npm run bench:cli: how long `briefings <command>` takes from start to exit on a small library,
 * as a script calling it in a loop sees it (a fresh process each time). Prints the median and p95
 * of 30 runs per command, for the built CLI (what bin/briefings.cjs runs) and, for comparison,
 * the same CLI compiled from source through tsx at every start (what it did before).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeRealTextFiles } from '../tests/helpers/real-text';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'briefings.cjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-bench-cli-'));
const db = path.join(dir, 'library.db');

function time(args: string[], viaTsx = false): number {
  const started = performance.now();
  const r = viaTsx
    ? spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(root, 'src', 'main', 'cli.ts'), ...args], {
        cwd: root,
        encoding: 'utf8',
      })
    : spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`briefings ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return performance.now() - started;
}

const stats = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
  return `median ${q(0.5).toFixed(0).padStart(4)} ms   p95 ${q(0.95).toFixed(0).padStart(4)} ms`;
};

function main(): void {
  console.log(`bench:cli on ${os.cpus().length} cores, Node ${process.version}`);
  const inbox = path.join(dir, 'inbox');
  const files = writeRealTextFiles(inbox, 60);
  time(['import', inbox, '--db', db]);
  console.log(`library: ${files.length} real text files from /usr/share/doc`);
  const runs = 30;
  const words = ['license', 'debian', 'copyright', 'upstream', 'version', 'package', 'source', 'bug'];
  const commands: [string, (i: number) => string[]][] = [
    ['list', () => ['list', '--db', db]],
    ['list --json', () => ['list', '--json', '--db', db]],
    ['show <id>', (i) => ['show', String(1 + (i % files.length)), '--db', db]],
    ['search <word>', (i) => ['search', words[i % words.length] as string, '--db', db]],
    ['tags', () => ['tags', '--db', db]],
    ['--help', () => ['--help']],
  ];
  for (const [label, args] of commands) {
    const built = Array.from({ length: runs }, (_, i) => time(args(i)));
    console.log(`briefings ${label.padEnd(14)} built: ${stats(built)}`);
  }
  const tsx = Array.from({ length: 10 }, () => time(['list', '--db', db], true));
  console.log(`briefings list (from source through tsx, as before): ${stats(tsx)}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main();
