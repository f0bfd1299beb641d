import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordFigures } from '../helpers/figures';
import { REPO_ROOT } from '../helpers/temp';

type Allowed = { id: string; file: string; reason: string };

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
    const unexplained = result.issues.filter((i) => !allow.some((a) => a.id === i.id && a.file === i.file));
    expect(
      unexplained.map((i) => `${i.id} ${i.file}:${i.location.line} (${i.severity.name})`),
      'new electronegativity findings: fix them, or allow-list them with a reason',
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
