import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordFigures } from '../helpers/figures';
import { REPO_ROOT } from '../helpers/temp';

/** One reviewed finding: the check, the file, the line and that line's code, and why it is fine. */
type Allowed = { id: string; file: string; line: number; code: string; reason: string };

/**
 * electronegativity over the sources, through its programmatic API (its CLI exits 0 even with
 * findings). Any finding that is not in security/electronegativity-allowlist.json with a written
 * reason fails the build.
 */
describe('electronegativity', () => {
  it('finds nothing that is not reviewed and allow-listed with a reason', async () => {
    const run = (await import('@doyensec/electronegativity')).default;
    const electron = (
      JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules/electron/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    const result = await run({ input: path.join(REPO_ROOT, 'src'), electronVersion: electron, isRelative: true });
    const allow = (
      JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'security/electronegativity-allowlist.json'), 'utf8')) as {
        allowed: Allowed[];
      }
    ).allowed;
    for (const a of allow) expect(a.reason.length, `${a.id} ${a.file} needs a reason`).toBeGreaterThan(20);
    // Each finding must match an entry exactly, line and code included: a second openExternal
    // in a file that already has a reviewed one is a new finding, not a covered one.
    const codeAt = (file: string, line: number): string =>
      (fs.readFileSync(path.join(REPO_ROOT, 'src', file), 'utf8').split('\n')[line - 1] ?? '').trim();
    const covers = (a: Allowed, i: (typeof result.issues)[number]): boolean =>
      a.id === i.id && a.file === i.file && a.line === i.location.line && a.code === codeAt(i.file, i.location.line);
    const unexplained = result.issues.filter((i) => !allow.some((a) => covers(a, i)));
    expect(
      unexplained.map(
        (i) =>
          `${i.id} ${i.file}:${i.location.line} ${JSON.stringify(codeAt(i.file, i.location.line))} (${i.severity.name})`,
      ),
      'new electronegativity findings: fix them, or allow-list them (id, file, line, code) with a reason',
    ).toEqual([]);
    const stale = allow.filter((a) => !result.issues.some((i) => covers(a, i)));
    expect(
      stale.map((a) => `${a.id} ${a.file}:${a.line}`),
      'allow-list entries that match no finding',
    ).toEqual([]);
    expect(result.errors).toEqual([]);
    recordFigures('electron', {
      title: 'Electron configuration checked by a tool',
      source: 'tests/main/electronegativity.test.ts, tests/main/electron-edge.test.ts',
      rows: [
        ['electronegativity findings', result.issues.length],
        [
          'allow-listed with a written reason (security/electronegativity-allowlist.json)',
          result.issues.length - unexplained.length,
        ],
        ['unexplained findings', unexplained.length],
      ],
    });
  }, 120_000);
});
