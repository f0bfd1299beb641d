import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { briefing, toTxt } from '../fixtures/generate';
import { closeAppsAfterEachTest, openApp, type AppHandle } from './harness';

const SHOTS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
const SAMPLES = path.resolve(__dirname, '..', '..', 'resources', 'samples');
let app: AppHandle | null = null;
closeAppsAfterEachTest();

async function library(): Promise<Page> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-tags-'));
  for (let i = 0; i < 12; i++) fs.writeFileSync(path.join(dir, `b${i}.txt`), toTxt(briefing(i)));
  fs.copyFileSync(path.join(SAMPLES, 'us-rejects-global-ai-governance.txt'), path.join(dir, 'reference.txt'));
  app = await openApp({ pickImportPaths: async () => [dir] });
  const { page } = app;
  await page.getByRole('button', { name: 'Import a folder…' }).click();
  await expect(page.getByText('13 briefings')).toBeVisible({ timeout: 30_000 });
  return page;
}

/** The count shown beside a tag in the sidebar tree, or null when the tag is not there. */
async function tagCount(page: Page, name: string): Promise<number | null> {
  const link = page.getByRole('button', { name: new RegExp(`^Tag ${name}, \\d+ briefings$`) });
  if ((await link.count()) === 0) return null;
  return Number(/, (\d+) briefings$/.exec((await link.getAttribute('aria-label')) ?? '')?.[1]);
}

test('tag three briefings at once, filter by the tag, rename, merge, undo the merge', async () => {
  const page = await library();
  const rows = page.getByRole('listbox', { name: 'Briefings list' }).getByRole('option');
  const bar = page.getByRole('toolbar', { name: /selected briefings/ });

  // Click, Shift-click: a range of three.
  await rows.nth(0).click();
  await rows.nth(2).click({ modifiers: ['Shift'] });
  await expect(bar).toContainText('3 selected');
  await bar.getByRole('button', { name: 'Add tag…' }).click();
  await page.getByRole('combobox', { name: 'Tag to add to 3 briefings' }).fill('climate');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: "Tagged 3 briefings 'climate'" })).toBeVisible();
  await expect.poll(() => tagCount(page, 'climate')).toBe(3);

  // Ctrl-click two others and give them a tag that will be the merge target.
  await rows.nth(5).click();
  await rows.nth(6).click({ modifiers: ['Control'] });
  await expect(bar).toContainText('2 selected');
  await bar.getByRole('button', { name: 'Add tag…' }).click();
  await page.getByRole('combobox', { name: 'Tag to add to 2 briefings' }).fill('Environment');
  await page.keyboard.press('Enter');
  await expect.poll(() => tagCount(page, 'Environment')).toBe(2);

  // Filter by the tag in the sidebar.
  await page.getByRole('button', { name: 'Tag climate, 3 briefings' }).click();
  await expect(page.getByText('3 briefings', { exact: true })).toBeVisible();

  // Rename it; the open tag view follows.
  await page.getByRole('button', { name: 'Manage tag climate' }).click();
  const dialog = page.getByRole('dialog', { name: "Tag 'climate'" });
  await dialog.getByLabel('Name or path').fill('weather');
  await dialog.getByRole('button', { name: 'Rename…' }).click();
  await expect(dialog.getByRole('status')).toHaveText("Rename 'climate' (3) to 'weather'?");
  await dialog.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect.poll(() => tagCount(page, 'weather')).toBe(3);
  expect(await tagCount(page, 'climate')).toBeNull();
  await expect(page.getByText('3 briefings', { exact: true })).toBeVisible();

  // Merge it into the other tag, with the preview of both counts.
  await page.getByRole('button', { name: 'Manage tag weather' }).click();
  const merge = page.getByRole('dialog', { name: "Tag 'weather'" });
  await merge.getByLabel('Name or path').fill('environment');
  await merge.getByRole('button', { name: 'Rename…' }).click();
  await expect(merge.getByRole('status')).toHaveText("Merge 'weather' (3) into 'Environment' (2)?");
  await merge.getByRole('button', { name: 'Merge' }).click();
  await expect.poll(() => tagCount(page, 'Environment')).toBe(5);
  expect(await tagCount(page, 'weather')).toBeNull();
  await page.getByRole('button', { name: 'Tag Environment, 5 briefings' }).click();
  await expect(page.getByText('5 briefings', { exact: true })).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'tags.png') });

  // Undo the merge with Ctrl+Z: both tags back with their own counts.
  await page.locator('body').press('Control+z');
  await expect(
    page.getByRole('status').filter({ hasText: "Undone: Merged 'weather' into 'Environment'" }),
  ).toBeVisible();
  await expect.poll(() => tagCount(page, 'weather')).toBe(3);
  await expect.poll(() => tagCount(page, 'Environment')).toBe(2);
  await expect(page.getByText('2 briefings', { exact: true })).toBeVisible();

  // Every step was an undoable action: undo the rename too.
  await page.locator('body').press('Control+z');
  await expect.poll(() => tagCount(page, 'climate')).toBe(3);

  // A tagging rule, previewed and applied to the library from its dialog.
  await page.getByRole('button', { name: /^Tagging rules/ }).click();
  const rules = page.getByRole('dialog', { name: 'Tagging rules' });
  await rules.getByLabel('When').selectOption('title');
  await rules.getByLabel('contains').fill('talks');
  await rules.getByLabel('add tag').fill('negotiations');
  await rules.getByRole('button', { name: 'Add rule' }).click();
  await rules.getByRole('button', { name: 'Apply to library…' }).click();
  const apply = rules.getByRole('button', { name: /^Tag \d+ briefings$/ });
  const n = Number(/(\d+)/.exec((await apply.textContent()) ?? '')?.[1]);
  expect(n).toBeGreaterThan(0);
  await apply.click();
  await page.keyboard.press('Escape');
  await expect.poll(() => tagCount(page, 'negotiations')).toBe(n);
  await page.screenshot({ path: path.join(SHOTS, 'tags.png') });
});

test('tag from the reader with t, accept an explained suggestion, bulk read and delete with undo', async () => {
  const page = await library();
  const rows = page.getByRole('listbox', { name: 'Briefings list' }).getByRole('option');
  await rows.filter({ hasText: 'US Rejects Global AI Governance' }).click();
  const reader = page.getByRole('region', { name: 'Reader' });
  const suggested = reader.getByRole('list', { name: 'Suggested tags' });
  await expect(
    suggested.getByRole('button', { name: /^Add suggested tag Michael Kratsios \(person named/ }),
  ).toBeVisible({
    timeout: 20_000,
  });
  await expect(suggested.getByRole('button', { name: /^Add suggested tag United Nations/ })).toBeVisible();
  await expect(suggested).toContainText('person named in the text');
  await suggested.getByRole('button', { name: /^Add suggested tag Michael Kratsios/ }).click();
  const tags = reader.getByRole('list', { name: 'Tags', exact: true });
  await expect(tags).toContainText('Michael Kratsios');
  await expect(suggested.getByRole('button', { name: /Michael Kratsios/ })).toHaveCount(0);

  // `t` opens the field; autocomplete offers existing tags.
  await reader.locator('.article-body').click();
  await page.keyboard.press('t');
  await expect(reader.getByRole('combobox', { name: 'Add a tag' })).toBeFocused();
  await page.keyboard.type('policy/un');
  await page.keyboard.press('Enter');
  await expect(tags).toContainText('policy/un');
  await expect.poll(() => tagCount(page, 'policy')).toBe(1);
  await reader.getByRole('button', { name: 'Remove tag policy/un' }).click();
  await expect(tags).not.toContainText('policy/un');
  await page.screenshot({ path: path.join(SHOTS, 'reader-tags.png') });

  // Select all loaded rows, mark them read, then delete and undo the delete.
  await rows.first().click();
  await page.getByRole('listbox', { name: 'Briefings list' }).press('Control+a');
  const bar = page.getByRole('toolbar', { name: /selected briefings/ });
  await expect(bar).toContainText('13 selected');
  await bar.getByRole('button', { name: 'Mark read' }).click();
  await expect(page.getByRole('button', { name: /^Unread/ })).toContainText('0');
  await bar.getByRole('button', { name: 'Delete…' }).click();
  await bar.getByRole('button', { name: 'Delete 13' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted 13 briefings' })).toBeVisible();
  await page
    .getByRole('status')
    .filter({ hasText: 'Deleted 13 briefings' })
    .getByRole('button', { name: 'Undo' })
    .click();
  await expect(page.getByText('13 briefings', { exact: true })).toBeVisible();
  await expect.poll(() => tagCount(page, 'Michael Kratsios')).toBe(1);
});

test('the tag field applies what was typed, closes after Enter, and a second t opens it empty', async () => {
  const page = await library();
  const reader = page.getByRole('region', { name: 'Reader' });
  const rows = page.getByRole('listbox', { name: 'Briefings list' }).getByRole('option');
  const tags = reader.getByRole('list', { name: 'Tags', exact: true });
  const field = reader.getByRole('combobox', { name: 'Add a tag' });
  // A tag "tspeech" exists (the one a stray "t" once made).
  await rows.nth(1).click();
  await reader.locator('.article-body').click();
  await page.keyboard.press('t');
  await page.keyboard.type('tspeech');
  await page.keyboard.press('Enter');
  await expect(tags).toContainText('tspeech');
  await expect(field).toHaveCount(0);

  await rows.nth(0).click();
  await reader.locator('.article-body').click();
  await page.keyboard.press('t');
  await expect(field).toBeFocused();
  // "SPEECH" is a substring of "tspeech", which is offered, but Enter applies what was typed.
  await page.keyboard.type('SPEECH');
  await expect(reader.getByRole('listbox', { name: 'Matching tags' })).toContainText('tspeech');
  await page.keyboard.press('Enter');
  await expect(tags).toContainText('SPEECH');
  await expect(tags).not.toContainText('tspeech');
  // The field closed: the next t is the shortcut again, and the field opens empty.
  await expect(field).toHaveCount(0);
  await page.keyboard.press('t');
  await expect(field).toBeFocused();
  await expect(field).toHaveValue('');
  // A suggestion chosen with the arrow keys is what Enter takes; an existing name in other case
  // is that tag, not a second one.
  await page.keyboard.type('spee');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(tags).toContainText('tspeech');
  await page.keyboard.press('t');
  await page.keyboard.type('Tspeech');
  await page.keyboard.press('Escape');
  await expect(field).toHaveCount(0);
  await expect.poll(() => tagCount(page, 'tspeech')).toBe(2);
});
