import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { briefing, toTxt } from '../fixtures/generate';
import { closeAppsAfterEachTest, openApp, type AppHandle } from './harness';

const SHOTS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
const SAMPLES = path.resolve(__dirname, '..', '..', 'resources', 'samples');
let app: AppHandle | null = null;
closeAppsAfterEachTest();

test('type a query, see highlighted snippets, open a result, step through its matches', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-search-'));
  for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(dir, `b${i}.txt`), toTxt(briefing(i)));
  fs.copyFileSync(path.join(SAMPLES, 'us-rejects-global-ai-governance.txt'), path.join(dir, 'reference.txt'));
  app = await openApp({ pickImportPaths: async () => [dir] });
  const { page } = app;
  await page.getByRole('button', { name: 'Import a folder…' }).click();
  await expect(page.getByText('41 briefings')).toBeVisible({ timeout: 30_000 });

  // "/" focuses the search box from anywhere.
  await page.locator('body').press('/');
  await expect(page.getByRole('searchbox', { name: 'Search briefings' })).toBeFocused();
  await page.keyboard.type('governance kratsio');
  const results = page.getByRole('listbox', { name: 'Results' });
  await expect(page.getByText('1 result')).toBeVisible();
  const first = results.getByRole('option').first();
  await expect(first).toContainText('US Rejects Global AI Governance at UN General Assembly');
  await expect(first.locator('mark')).not.toHaveCount(0);
  await expect(first.locator('mark').filter({ hasText: 'Kratsios' }).first()).toBeVisible();

  // Enter opens the selected result; the reader highlights every match.
  await page.keyboard.press('Enter');
  const reader = page.getByRole('region', { name: 'Reader' });
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText(
    'US Rejects Global AI Governance at UN General Assembly',
  );
  const bar = reader.getByRole('group', { name: 'Matches' });
  await expect(bar).toContainText(/\d+ of \d+/);
  const total = Number(/of (\d+)/.exec((await bar.textContent()) ?? '')?.[1]);
  expect(total).toBeGreaterThan(8);
  await expect(reader.locator('mark.hit')).toHaveCount(total);
  await page.screenshot({ path: path.join(SHOTS, 'search.png') });

  // Next / previous match with the buttons and with Enter / Shift+Enter.
  const position = async () => Number(/^(\d+)/.exec((await bar.locator('span').textContent()) ?? '')?.[1]);
  const start = await position();
  await bar.getByRole('button', { name: /Next match/ }).click();
  expect(await position()).toBe((start % total) + 1);
  await reader.locator('.article-body').click();
  await page.keyboard.press('Shift+Enter');
  expect(await position()).toBe(start);
  await expect(reader.locator('mark.hit.current')).toHaveCount(1);
});

test('a malformed query gets an inline message; the syntax help is one click away', async () => {
  app = await openApp();
  const { page } = app;
  await page.getByRole('button', { name: 'Import the sample briefing' }).click();
  await expect(page.getByText('1 briefing')).toBeVisible();
  const box = page.getByRole('searchbox', { name: 'Search briefings' });
  await box.fill('"global dialogue');
  await expect(page.getByRole('alert')).toHaveText('a quote is not closed: add the closing "');
  await box.fill('"global dialogue"');
  await expect(page.getByText('1 result')).toBeVisible();
  await page.getByRole('button', { name: 'Search syntax' }).click();
  await expect(page.getByRole('dialog', { name: 'Search syntax' })).toContainText('tag:policy');
  await page.getByRole('button', { name: 'Close' }).click();
  await box.fill('');
  await expect(page.getByRole('listbox', { name: 'Briefings list' })).toBeVisible();
});

test('save a search: it stays in the sidebar with a live count and runs again on click', async () => {
  app = await openApp();
  const { page } = app;
  await page.getByRole('button', { name: 'Import the sample briefing' }).click();
  await expect(page.getByText('1 briefing')).toBeVisible();
  const box = page.getByRole('searchbox', { name: 'Search briefings' });
  await box.fill('kratsios');
  await expect(page.getByText('1 result')).toBeVisible();
  await page.getByRole('button', { name: 'Save search…' }).click();
  await page.getByRole('textbox', { name: 'Name of the saved search' }).fill('UN watch');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const saved = page.getByRole('region', { name: 'Saved searches' });
  await expect(saved.getByRole('button', { name: /^UN watch/ })).toContainText('1');

  // The same name again is refused with a reason.
  await page.getByRole('button', { name: 'Save search…' }).click();
  await page.getByRole('textbox', { name: 'Name of the saved search' }).fill('un WATCH');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('a saved search named "un WATCH" already exists');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await box.fill('');
  await saved.getByRole('button', { name: /^UN watch/ }).click();
  await expect(box).toHaveValue('kratsios');
  await expect(page.getByText('1 result')).toBeVisible();
  await saved.getByRole('button', { name: 'Delete saved search UN watch' }).click();
  await expect(saved).toBeHidden();
});

test('a search in a sidebar view names its scope, and an empty one points to the hits elsewhere', async () => {
  app = await openApp();
  const { page } = app;
  await page.getByRole('button', { name: 'Import the sample briefing' }).click();
  await expect(page.getByText('1 briefing')).toBeVisible();
  const views = page.getByRole('navigation', { name: 'Library views' });
  await views.getByRole('button', { name: /^Starred/ }).click();
  const box = page.getByRole('searchbox', { name: 'Search briefings' });
  await box.fill('kratsios');
  const results = page.getByRole('region', { name: 'Search results' });
  await expect(results.getByText('0 results', { exact: true })).toBeVisible();
  await expect(results.getByText('Searching in Starred ·')).toBeVisible();
  // Never "check the spelling" when the view hid the hits.
  await expect(results.getByText('No briefing in Starred matches, but 1 in the whole library does.')).toBeVisible();
  await expect(results.getByText(/check the spelling/)).toHaveCount(0);
  await page.screenshot({ path: path.join(os.tmpdir(), 'briefings-search-scope.png') });
  await results.getByRole('button', { name: 'Show them' }).click();
  await expect(results.getByText('1 result', { exact: true })).toBeVisible();
  await expect(results.getByRole('button', { name: 'search everything' })).toHaveCount(0);
  // A word found nowhere still suggests the spelling.
  await views.getByRole('button', { name: /^Starred/ }).click();
  await box.fill('zzyzxqq');
  await expect(results.getByText(/in Starred or anywhere else\. Try fewer words or check the spelling/)).toBeVisible();
});
