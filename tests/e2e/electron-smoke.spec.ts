import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..', '..');

function electronBinary(): string | null {
  try {
    const binary = createRequire(__filename)('electron') as unknown;
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  console.log(
    'electron-smoke: skipped: no Electron binary is installed here (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1).',
  );
}

test('the real Electron app starts, is locked down, and imports the sample', async () => {
  test.skip(!binary, 'no Electron binary is installed on this machine');
  const binding = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs'), 'prepare'], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .at(-1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-electron-'));
  const app = await electron.launch({
    executablePath: binary ?? undefined,
    args: [path.join(ROOT, 'out', 'main', 'index.js'), '--no-sandbox'],
    env: { ...process.env, BRIEFINGS_DB: path.join(dir, 'library.db'), BRIEFINGS_SQLITE_BINDING: binding ?? '' },
  });
  try {
    const page = await app.firstWindow();
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined');
    await page.getByRole('button', { name: 'Import the sample briefing' }).click();
    await page.getByRole('option', { name: /US Rejects Global AI Governance/ }).click();
    await expect(page.locator('.article-body h2')).toHaveCount(6);
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
