import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/main/library/db/open';
import { createImportService } from '../../src/main/library/services/import-service';
import { readOnlyView } from '../helpers/read-only';
import { closeAppsAfterEachTest, openApp, type AppHandle } from './harness';

const SHOTS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
let app: AppHandle;
closeAppsAfterEachTest();

test('empty library -> import the sample -> listed -> open -> structure visible', async () => {
  app = await openApp();
  const { page } = app;
  await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'empty-library.png') });

  await page.getByRole('button', { name: 'Import the sample briefing' }).click();

  const list = page.getByRole('listbox', { name: 'Briefings list' });
  const row = list.getByRole('option', { name: /US Rejects Global AI Governance at UN General Assembly/ });
  await expect(row).toBeVisible();
  await row.click();

  const reader = page.getByRole('region', { name: 'Reader' });
  await expect(
    reader.getByRole('heading', { level: 1, name: 'US Rejects Global AI Governance at UN General Assembly' }),
  ).toBeVisible();
  await expect(reader.getByText('U.S. Rejects International AI Oversight at U.N. General Assembly')).toBeVisible();
  await expect(reader.locator('.dateline-label')).toHaveText('NEW YORK');
  const headings = reader.locator('.article-body h2');
  await expect(headings).toHaveCount(6);
  await expect(headings.first()).toHaveText('U.S. Criticism of Centralized Governance');
  await expect(headings.last()).toHaveText('Looking Ahead');
  await expect(reader.locator('.article-body p').first()).toContainText('The United States has recently engaged');

  const related = reader.getByRole('complementary', { name: 'More insights' }).getByRole('listitem');
  await expect(related).toHaveCount(9);
  // Teasers are related items, never body text.
  await expect(reader.locator('.article-body')).not.toContainText('Agentic AI');
  await expect(page.getByText('Imported 1')).toBeVisible();
  // The README's reader screenshots are taken by reader.spec.ts, with the full library around it.
  expect(app.externalRequests).toEqual([]);
});

test('the same library in dark mode, and a re-import reports the duplicate', async () => {
  const dbPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-e2e-')), 'library.db');
  app = await openApp({ colorScheme: 'dark', dbPath });
  const { page } = app;
  await page.getByRole('button', { name: 'Import the sample briefing' }).click();
  await page.getByRole('option', { name: /US Rejects Global AI Governance/ }).click();
  await expect(page.locator('.article-body h2')).toHaveCount(6);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(22, 24, 29)');
  await expect(page.locator('.article')).toBeVisible();

  // The File menu's import goes through the same handler; pick the sample again.
  await app.close();
  app = await openApp({
    dbPath,
    pickImportPaths: async () => [path.resolve(__dirname, '..', '..', 'resources', 'samples')],
  });
  await expect(app.page.getByRole('option', { name: /US Rejects Global AI Governance/ })).toBeVisible();
  await app.page.getByRole('group', { name: 'Import' }).getByRole('button', { name: 'Import files…' }).click();
  await expect(app.page.getByText('Imported 0, 1 already in the library.')).toBeVisible();
});

test('a library on a read-only disk opens for reading and says why nothing can be saved', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-e2e-ro-'));
  const lib = path.join(dir, 'lib');
  const seeded = openDatabase(path.join(lib, 'library.db'));
  await createImportService({ db: seeded }).importPaths([path.resolve(__dirname, '..', '..', 'resources', 'samples')], {
    source: 'test',
  });
  seeded.close();
  const view = readOnlyView(lib);
  test.skip(!view, 'this machine allows neither a read-only mount nor a folder without write permission (root)');
  try {
    app = await openApp({ dbPath: path.join((view as { path: string }).path, 'library.db') });
    const banner = app.page.getByRole('status').filter({ hasText: 'read-only disk or folder' });
    await expect(banner).toContainText(
      'you can read and search, but changes (imports, tags, highlights) cannot be saved',
    );
    await app.page.getByRole('option', { name: /US Rejects Global AI Governance/ }).click();
    await expect(app.page.locator('.article-body h2')).toHaveCount(6);
    // Opening it tries to mark it read: refused in words, never "something went wrong".
    await expect(app.page.getByText(/something went wrong/)).toHaveCount(0);
    await app.page.screenshot({ path: path.join(os.tmpdir(), 'briefings-read-only.png') });
    await app.close();
  } finally {
    view?.release();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
