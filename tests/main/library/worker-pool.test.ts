import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/main/library/import/limits';
import { allowedMs, createParsePool } from '../../../src/main/library/import/worker-pool';
import { SAMPLE, tempDir } from '../../helpers/temp';

describe('parse worker pool', () => {
  it('parses in worker threads and returns prepared briefings', async () => {
    const pool = createParsePool({ size: 2, timeoutMs: 30_000, maxHeapMb: 256 });
    try {
      const [a, b] = await Promise.all([
        pool.parse({ path: SAMPLE, limits: DEFAULT_LIMITS }),
        pool.parse({ path: SAMPLE, limits: DEFAULT_LIMITS }),
      ]);
      expect(a?.[0]).toMatchObject({
        outcome: 'parsed',
        briefing: { title: 'US Rejects Global AI Governance at UN General Assembly' },
      });
      expect(b?.[0]?.outcome).toBe('parsed');
    } finally {
      await pool.close();
    }
  });

  it('a file that takes too long is reported with a reason and the pool keeps working', async () => {
    const dir = tempDir();
    // Deeply nested markup makes extraction slow enough to trip a short timeout.
    const slow = path.join(dir, 'slow.html');
    fs.writeFileSync(slow, `<html><body>${'<div><p>x '.repeat(60_000)}</body></html>`);
    const pool = createParsePool({ size: 1, timeoutMs: 300, maxHeapMb: 512 });
    try {
      const [timedOut] = await pool.parse({ path: slow, limits: DEFAULT_LIMITS });
      expect(timedOut).toEqual({
        displayPath: slow,
        outcome: 'failed',
        reason: 'parsing took longer than 0 s (the file may be damaged or too complex)',
      });
      const [after] = await pool.parse({ path: SAMPLE, limits: DEFAULT_LIMITS });
      expect(after?.outcome).toBe('parsed');
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('gives a large file time in proportion to its size, so the limit does not depend on load', () => {
    expect(allowedMs(30_000)).toBe(30_000);
    expect(allowedMs(30_000, 500_000)).toBe(30_000);
    expect(allowedMs(30_000, 9 * 1024 * 1024)).toBe(70_000);
  });

  it('close() settles queued work as cancelled', async () => {
    const pool = createParsePool({ size: 1, timeoutMs: 30_000, maxHeapMb: 256 });
    const pending = [
      pool.parse({ path: SAMPLE, limits: DEFAULT_LIMITS }),
      pool.parse({ path: SAMPLE, limits: DEFAULT_LIMITS }),
    ];
    await pool.close();
    const results = await Promise.all(pending);
    expect(results.every((r) => r[0]?.outcome === 'skipped' && r[0].reason === 'import cancelled')).toBe(true);
    expect(await pool.parse({ path: SAMPLE, limits: DEFAULT_LIMITS })).toEqual([
      { displayPath: SAMPLE, outcome: 'skipped', reason: 'import cancelled' },
    ]);
  });
});
