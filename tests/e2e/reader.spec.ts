import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { briefing, toTxt } from '../fixtures/generate';
import { describeViolations, seriousViolations } from './axe';
import { closeAppsAfterEachTest, openApp, type AppHandle } from './harness';

const SHOTS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
const SAMPLES = path.resolve(__dirname, '..', '..', 'resources', 'samples');
const REFERENCE = 'US Rejects Global AI Governance at UN General Assembly';
let app: AppHandle | null = null;
closeAppsAfterEachTest();

/** The app opened last (a function, so TypeScript does not narrow it after `app = null`). */
const live = (): AppHandle => {
  if (!app) throw new Error('no app is open');
  return app;
};

/** The reference briefing, one briefing titled like one of its teasers, and a few others. */
async function library(
  opts: { colorScheme?: 'light' | 'dark'; dbPath?: string; existing?: boolean; files?: Record<string, string> } = {},
): Promise<Page> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-reader-'));
  fs.copyFileSync(path.join(SAMPLES, 'us-rejects-global-ai-governance.txt'), path.join(dir, 'reference.txt'));
  fs.writeFileSync(
    path.join(dir, 'teaser.md'),
    '---\ntitle: "Preparing SMEs for EU AI Compliance Challenges"\nsource: Policy Desk\n---\n\nSmall firms face new AI compliance duties under the EU AI Act, with governance, documentation and risk management obligations.\n',
  );
  for (let i = 0; i < 6; i++) fs.writeFileSync(path.join(dir, `b${i}.txt`), toTxt(briefing(300 + i)));
  const { existing, files = {}, ...rest } = opts;
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  app = await openApp({ pickImportPaths: async () => [dir], ...rest });
  const { page } = app;
  if (!existing) await page.getByRole('button', { name: 'Import a folder…' }).click();
  await expect(page.getByText(`${8 + Object.keys(files).length} briefings`)).toBeVisible({ timeout: 30_000 });
  return page;
}

async function openReference(page: Page): Promise<void> {
  await page
    .getByRole('listbox', { name: 'Briefings list' })
    .getByRole('option')
    .filter({ hasText: REFERENCE })
    .click();
  await expect(page.getByRole('region', { name: 'Reader' }).getByRole('heading', { level: 1 })).toHaveText(REFERENCE);
}

/** A later report on the reference briefing's story: what "Related in your library" should offer. */
const FOLLOW_UP = `UN Global Dialogue on AI Governance Opens Without Washington

GENEVA — The Global Dialogue on AI Governance, launched by the U.N. General Assembly in New York, held its first session this week. Member states discussed the independent international scientific panel on AI that Secretary-General António Guterres proposed, while the United States delegation stayed away.

Michael Kratsios, director of the Office of Science and Technology Policy, repeated that Washington rejects centralized control and global governance of AI by international bodies. Amandeep Singh Gill, the U.N. special envoy for digital and emerging technologies, said the dialogue would not regulate AI top-down but help nations share what works.
`;

test('structure: outline with the current section, [ and ], related teasers in and not in the library, similar briefings', async () => {
  const page = await library({ files: { 'follow-up.txt': FOLLOW_UP } });
  await openReference(page);
  const reader = page.getByRole('region', { name: 'Reader' });
  const outline = reader.getByRole('navigation', { name: 'Outline' });
  await expect(outline.getByRole('link')).toHaveCount(6);
  await outline.getByRole('link', { name: 'Contrasting Views on AI Governance' }).click();
  await expect(outline.locator('a.current')).toHaveText('Contrasting Views on AI Governance');
  await page.locator('body').press(']');
  await expect(outline.locator('a.current')).not.toHaveText('Contrasting Views on AI Governance');
  await page.locator('body').press('[');
  await expect(outline.locator('a.current')).toHaveText('Contrasting Views on AI Governance');
  await expect(reader.locator('.quote').first()).toContainText('We totally reject');

  const related = reader.getByRole('complementary', { name: 'More insights' });
  await expect(related.getByRole('listitem')).toHaveCount(9);
  const inLibrary = related.getByRole('listitem').filter({ hasText: 'Preparing SMEs for EU AI Compliance Challenges' });
  await expect(inLibrary.locator('.badge')).toHaveText('in library');
  await expect(related.locator('.badge.not-in-library')).toHaveCount(8);
  // The later report on the same story is offered; the generated briefings on other topics are not.
  const similar = reader.getByRole('complementary', { name: 'Related in your library' });
  await expect(similar.getByRole('listitem')).toHaveCount(1);
  await expect(similar.getByRole('listitem').first()).toContainText('UN Global Dialogue on AI Governance Opens');
  await expect(similar.getByRole('listitem').first()).toContainText(/shares .*Dialogue/);
  await similar.scrollIntoViewIfNeeded();
  await similar.screenshot({ path: path.join(os.tmpdir(), 'briefings-related.png') });
  await inLibrary.getByRole('link').click();
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText('Preparing SMEs for EU AI Compliance Challenges');
});

test('keyboard: j/k, u, s, e, ? and Space; every action has a key', async () => {
  const page = await library();
  const list = page.getByRole('listbox', { name: 'Briefings list' });
  await list.getByRole('option').first().click();
  const title = page.getByRole('region', { name: 'Reader' }).getByRole('heading', { level: 1 });
  const first = await title.textContent();
  await page.locator('.article-body').click();
  await page.keyboard.press('j');
  await expect(title).not.toHaveText(first ?? '');
  await page.keyboard.press('k');
  await expect(title).toHaveText(first ?? '');
  const toolbar = page.getByRole('toolbar', { name: 'Briefing actions' });
  await page.keyboard.press('s');
  await expect(toolbar.getByRole('button', { name: '★ Starred' })).toBeVisible();
  await page.keyboard.press('u');
  await expect(toolbar.getByRole('button', { name: 'Mark unread' })).toBeVisible();
  await page.keyboard.press('e');
  await expect(toolbar.getByRole('button', { name: 'Unarchive' })).toBeVisible();
  await page.keyboard.press('e');
  await openReference(page);
  await page.locator('.article-body').click();
  const scroller = page.locator('.reader-scroll');
  const before = await scroller.evaluate((el) => el.scrollTop);
  await page.keyboard.press(' ');
  await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(before);
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toContainText('next / previous briefing');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // Briefings scrolled into wait under Continue reading, with their progress (Space scrolled
  // the reference; its position is saved once scrolling pauses).
  await expect(page.getByRole('button', { name: /^In progress/ })).toContainText('1');
  await page.getByRole('button', { name: /^In progress/ }).click();
  await expect(page.getByText('Continue reading ·')).toBeVisible();
  await expect(page.getByRole('listbox', { name: 'Briefings list' })).toContainText(REFERENCE);
});

test('typography and themes apply at once and persist; links ask before leaving; light and dark screenshots', async () => {
  const dbPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-prefs-')), 'library.db');
  let page = await library({ dbPath });
  await openReference(page);
  await page.getByRole('button', { name: 'Reading settings' }).click();
  const settings = page.getByRole('group', { name: 'Reading settings' });
  await settings.getByLabel('Sepia').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'sepia');
  await settings.getByLabel('Sans serif').check();
  await settings.getByRole('slider', { name: 'Text size' }).fill('22');
  await settings.getByLabel('Wide').check();
  await expect(page.locator('.article')).toHaveCSS('font-size', '22px');
  await settings.getByRole('slider', { name: 'Reading speed' }).fill('100');
  await expect(page.locator('.byline-row')).toContainText('5 min read');
  await page.keyboard.press('Escape');
  await live().close();
  app = null;

  // A restart keeps every setting.
  page = await library({ dbPath, existing: true });
  await openReference(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'sepia');
  await expect(page.locator('.article')).toHaveCSS('font-size', '22px');
  await page.getByRole('button', { name: 'Reading settings' }).click();
  await page.getByRole('group', { name: 'Reading settings' }).getByLabel('High contrast').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'contrast');
  await page.getByRole('group', { name: 'Reading settings' }).getByLabel('Follow system').check();
  await page.getByRole('group', { name: 'Reading settings' }).getByLabel('Serif', { exact: true }).check();
  await page.getByRole('group', { name: 'Reading settings' }).getByRole('slider', { name: 'Text size' }).fill('18');
  await page.getByRole('group', { name: 'Reading settings' }).getByLabel('Medium').check();
  await page
    .getByRole('group', { name: 'Reading settings' })
    .getByRole('slider', { name: 'Reading speed' })
    .fill('230');
  await page.keyboard.press('Escape');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.+/);
  await expect(page.getByText('Suggested:')).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: path.join(SHOTS, 'reader-light.png') });

  // A web link asks first, in main's own dialog (not one the page could click): No keeps the app
  // where it is, Yes hands it to the system browser.
  await page.evaluate(() => {
    const a = document.createElement('a');
    a.href = 'https://example.org/report';
    a.textContent = 'the full report';
    document.querySelector('.article-body p')?.append(' ', a);
  });
  live().answerLinks(false);
  await page.getByRole('link', { name: 'the full report' }).click();
  await expect.poll(() => live().askedLinks).toEqual(['https://example.org/report']);
  expect(live().openedLinks).toEqual([]);
  live().answerLinks(true);
  await page.getByRole('link', { name: 'the full report' }).click();
  await expect.poll(() => live().openedLinks).toEqual(['https://example.org/report']);
  expect(live().askedLinks).toHaveLength(2);
  expect(page.url()).toMatch(/^http:\/\/127\.0\.0\.1/);
  await live().close();
  app = null;

  page = await library({ colorScheme: 'dark' });
  await openReference(page);
  await expect(page.getByText('Suggested:')).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: path.join(SHOTS, 'reader-dark.png') });
});

test('accessibility: no serious or critical axe violations on the library, reader and search views', async () => {
  const page = await library();
  const report: string[] = [];
  report.push(...describeViolations(await seriousViolations(page)).map((v) => `library: ${v}`));
  await openReference(page);
  report.push(...describeViolations(await seriousViolations(page)).map((v) => `reader: ${v}`));
  await page.getByRole('button', { name: 'Reading settings' }).click();
  report.push(...describeViolations(await seriousViolations(page)).map((v) => `reader settings: ${v}`));
  await page.keyboard.press('Escape');
  await page.locator('body').press('/');
  await page.keyboard.type('governance');
  await expect(page.getByText(/\d+ results?/)).toBeVisible();
  report.push(...describeViolations(await seriousViolations(page)).map((v) => `search: ${v}`));
  expect(report).toEqual([]);
});

/** Selects `text` inside the article (as a reader's drag would) and lets the page see the mouseup. */
async function selectText(page: Page, text: string): Promise<void> {
  await page.evaluate((needle) => {
    const body = document.querySelector('.article-body') as HTMLElement;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = (n as Text).data.indexOf(needle);
      if (at < 0) continue;
      (n.parentElement as HTMLElement).scrollIntoView({ block: 'center' });
      const range = document.createRange();
      range.setStart(n, at);
      range.setEnd(n, at + needle.length);
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
      body.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
      return;
    }
    throw new Error(`"${needle}" is not in the article`);
  }, text);
}

test('highlights and notes: colours, a note, survive a restart, listed, searchable, exported as Markdown', async () => {
  const dbPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-hl-')), 'library.db');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-md-'));
  let page = await library({ dbPath });
  await openReference(page);
  await selectText(page, 'independence and sovereignty of nations');
  await page
    .getByRole('toolbar', { name: 'Highlight the selection' })
    .getByRole('button', { name: 'Highlight pink' })
    .click();
  await expect(page.locator('mark.hl.hl-pink')).toHaveText('independence and sovereignty of nations');
  await selectText(page, 'Global Dialogue on AI Governance');
  const bar = page.getByRole('toolbar', { name: 'Highlight the selection' });
  await bar.getByRole('button', { name: 'Note…' }).click();
  await bar.getByRole('textbox', { name: 'Note for the highlight' }).fill('Ask the delegation about the timetable');
  await page.keyboard.press('Enter');
  await expect(page.locator('mark.hl')).toHaveCount(2);
  await expect(page.getByRole('list', { name: 'Highlights in this briefing' }).getByRole('listitem')).toHaveCount(2);
  await live().close();
  app = null;

  // After a restart they are anchored again in the same places.
  page = await library({ dbPath, existing: true });
  await openReference(page);
  await expect(page.locator('mark.hl.hl-pink')).toHaveText('independence and sovereignty of nations');
  await expect(page.locator('mark.hl.hl-yellow').first()).toContainText('Global Dialogue');
  await page.screenshot({ path: path.join(SHOTS, 'highlights.png') });

  // Click a highlight to recolour it.
  await page.locator('mark.hl.hl-pink').click();
  const editor = page.getByRole('dialog', { name: 'Highlight' });
  await editor.getByRole('button', { name: 'Colour green' }).click();
  await editor.getByRole('button', { name: 'Save note' }).click();
  await expect(page.locator('mark.hl.hl-green')).toHaveText('independence and sovereignty of nations');

  // Searchable with in:highlights (notes too).
  await page.locator('body').press('/');
  await page.keyboard.type('in:highlights timetable');
  await expect(page.getByText('1 result')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search briefings' }).fill('');

  // Every highlight in the library; opening one shows it.
  await page.getByRole('button', { name: 'All highlights…' }).click();
  const all = page.getByRole('dialog', { name: 'All highlights' });
  await expect(all.getByRole('listitem')).toHaveCount(2);
  await all.getByRole('button', { name: /independence and sovereignty/ }).click();
  await expect(page.getByRole('region', { name: 'Reader' }).getByRole('heading', { level: 1 })).toHaveText(REFERENCE);

  // Export with highlights and notes.
  await live().close();
  app = null;
  app = await openApp({ dbPath, pickMarkdownPath: async (name) => path.join(out, name) });
  page = app.page;
  await openReference(page);
  await page.getByRole('button', { name: 'More ▾' }).click();
  await page.getByRole('menuitem', { name: 'Export as Markdown…' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  const md = fs.readFileSync(path.join(out, `${REFERENCE}.md`), 'utf8');
  expect(md).toContain('> independence and sovereignty of nations');
  expect(md).toContain('**Note:** Ask the delegation about the timetable');

  // Delete one.
  await page.locator('mark.hl.hl-green').click();
  await page.getByRole('dialog', { name: 'Highlight' }).getByRole('button', { name: 'Delete highlight' }).click();
  await expect(page.locator('mark.hl')).toHaveCount(1);
});

test('images: embedded ones are shown, remote ones never load and show their alt text', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-img-'));
  fs.mkdirSync(path.join(dir, 'Page_files'));
  fs.writeFileSync(
    path.join(dir, 'Page_files', 'chart.png'),
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    ),
  );
  const body = 'The ministers met in Geneva to discuss the budget and the treaty. '.repeat(12);
  fs.writeFileSync(
    path.join(dir, 'page.html'),
    `<html><head><title>Chart page</title></head><body><article><h1>Chart page</h1><p>${body}</p><img src="Page_files/chart.png" alt="Budget chart"><img src="https://cdn.example/photo.jpg" alt="Delegates in the hall"><p>${body}</p></article></body></html>`,
  );
  app = await openApp({ pickImportPaths: async () => [dir] });
  const { page } = app;
  await page.getByRole('button', { name: 'Import a folder…' }).click();
  await page.getByRole('listbox', { name: 'Briefings list' }).getByRole('option').first().click();
  const reader = page.getByRole('region', { name: 'Reader' });
  await expect(reader.locator('.article-body img[src^="data:image/png"]')).toHaveCount(1);
  await expect(reader.getByRole('img', { name: 'Image not loaded: Delegates in the hall' })).toBeVisible();
  expect(app.externalRequests).toEqual([]);
});

test('opening or stepping past a briefing does not start it; scrolling into it or staying with it does', async () => {
  const page = await library();
  const inProgress = page.getByRole('button', { name: /^In progress/ });
  const count = async (): Promise<number> => Number(/(\d+)\s*$/.exec((await inProgress.innerText()).trim())?.[1]);
  const unread = page.getByRole('button', { name: /^Unread/ });
  await expect(unread).toContainText('8');
  const before = await count();
  // Five j presses through the list: nothing is "in progress" for being passed.
  const list = page.getByRole('listbox', { name: 'Briefings list' });
  await list.getByRole('option').first().click();
  await page.locator('.article-body').click();
  for (let i = 0; i < 5; i++) await page.keyboard.press('j');
  await page.waitForTimeout(600);
  expect(await count()).toBe(before);
  await expect(unread).toContainText('8');
  // Scrolling into the long reference briefing starts it.
  await openReference(page);
  await page.locator('.reader-scroll').evaluate((el) => el.scrollBy(0, el.clientHeight));
  await expect.poll(count).toBe(before + 1);
  // A short briefing read without scrolling counts once the reader has stayed with it a while.
  await page.clock.install();
  await list.getByRole('option', { name: /Preparing SMEs/ }).click();
  await page.clock.runFor(13_000);
  await expect.poll(count).toBe(before + 2);
});

test('the library list sorts by date either way, import time, title or source, and keeps the choice', async () => {
  const page = await library();
  const list = page.getByRole('listbox', { name: 'Briefings list' });
  const firstTitle = async (): Promise<string> =>
    (await list.getByRole('option').first().innerText()).split('\n')[0] ?? '';
  const sort = page.getByRole('combobox', { name: 'Sort the list' });
  await expect(sort).toHaveValue('newest');
  await sort.selectOption('title');
  await expect.poll(firstTitle).toMatch(/^[A-C]/);
  const byTitle = (await list.getByRole('option').allInnerTexts()).map((t) => t.split('\n')[0] ?? '');
  expect(byTitle).toEqual([...byTitle].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
  await sort.selectOption('oldest');
  const oldest = await firstTitle();
  await sort.selectOption('newest');
  await expect.poll(firstTitle).not.toBe(oldest);
  await sort.selectOption('source');
  await expect.poll(firstTitle).toBe('Preparing SMEs for EU AI Compliance Challenges');
  // The choice outlives a reload of the window.
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Sort the list' })).toHaveValue('source');
  await expect.poll(firstTitle).toBe('Preparing SMEs for EU AI Compliance Challenges');
  await page.screenshot({
    path: path.join(os.tmpdir(), 'briefings-sort.png'),
    clip: { x: 0, y: 0, width: 900, height: 400 },
  });
});

test('fix a file-name title and a missing source by hand; search and the list follow; Undo takes it back', async () => {
  const page = await library();
  const list = page.getByRole('listbox', { name: 'Briefings list' });
  const reader = page.getByRole('region', { name: 'Reader' });
  await openReference(page);
  await reader.getByRole('button', { name: 'More ▾' }).click();
  await reader.getByRole('menuitem', { name: 'Edit details…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit details' });
  await expect(dialog.getByLabel('Title')).toHaveValue(REFERENCE);
  await dialog.getByLabel('Title').fill('');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('A title cannot be empty.');
  await dialog.getByLabel('Title').fill('Washington walks out of the AI governance dialogue');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await dialog.getByLabel('Source').fill('Policy Wire');
  await dialog.getByLabel('Published').fill('2025-09-26');
  await page.screenshot({ path: path.join(SHOTS, 'edit-details.png') });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(reader.locator('#article-title')).toHaveText('Washington walks out of the AI governance dialogue');
  await expect(list).toContainText('Washington walks out of the AI governance dialogue');
  await expect(reader).toContainText('Policy Wire');
  const toast = page.getByRole('status').filter({ hasText: 'Edited the title, source, date of' });
  await expect(toast).toBeVisible();
  // Search finds the new title.
  await page.getByRole('searchbox').fill('title:walks');
  await expect(page.getByRole('region', { name: 'Search results' })).toContainText('Washington walks out');
  await page.getByRole('searchbox').fill('');
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(reader.locator('#article-title')).toHaveText(REFERENCE);
  await expect(list).toContainText(REFERENCE);
  await expect(reader).not.toContainText('Policy Wire');
});

test('a note on the whole briefing; the same words highlighted twice become one highlight', async () => {
  const page = await library();
  const reader = page.getByRole('region', { name: 'Reader' });
  await openReference(page);
  // n opens the note field; Ctrl+Enter saves; the toast offers Undo.
  await reader.locator('.reader-scroll').focus();
  await page.keyboard.press('n');
  const field = reader.getByRole('textbox', { name: 'Note on this briefing' });
  await expect(field).toBeFocused();
  await field.fill('Follow up with the mission in Geneva.\nCompare with the EU position.');
  await page.keyboard.press('Control+Enter');
  const note = reader.getByRole('complementary', { name: 'Your note' });
  await expect(note).toContainText('Follow up with the mission in Geneva.');
  await expect(note).toContainText('Compare with the EU position.');
  await expect(page.getByRole('status').filter({ hasText: 'Edited the note of' })).toBeVisible();
  const row = live().db.prepare('SELECT note FROM briefings WHERE title = ?').get(REFERENCE) as { note: string };
  expect(row.note).toBe('Follow up with the mission in Geneva.\nCompare with the EU position.');
  // Found with in:highlights, as highlight notes are.
  await page.getByRole('searchbox').fill('in:highlights mission geneva');
  await expect(page.getByRole('region', { name: 'Search results' })).toContainText(REFERENCE);
  await page.getByRole('searchbox').fill('');
  await openReference(page);
  await page.screenshot({ path: path.join(SHOTS, 'briefing-note.png') });

  // The same words highlighted twice, and a selection running into a highlight, join it.
  await selectText(page, 'independence and sovereignty');
  const bar = page.getByRole('toolbar', { name: 'Highlight the selection' });
  await bar.getByRole('button', { name: 'Highlight pink' }).click();
  await expect(page.locator('mark.hl')).toHaveCount(1);
  await selectText(page, 'independence and sovereignty');
  await bar.getByRole('button', { name: 'Highlight blue' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Joined with the highlight it overlaps' })).toBeVisible();
  await expect(page.locator('mark.hl')).toHaveCount(1);
  await selectAcross(page, 'sovereignty of nations');
  await bar.getByRole('button', { name: 'Highlight green' }).click();
  await expect(page.locator('mark.hl')).toHaveCount(1);
  await expect(page.locator('mark.hl.hl-green')).toHaveText('independence and sovereignty of nations');
  const stored = live().db.prepare('SELECT quote, color FROM highlights').all();
  expect(stored).toEqual([{ quote: 'independence and sovereignty of nations', color: 'green' }]);

  // Removing the note takes it away.
  await note.getByRole('button', { name: 'Edit note' }).click();
  await reader.getByRole('button', { name: 'Remove note' }).click();
  await expect(note).toHaveCount(0);
});

test('open the original file or show it in its folder (main resolves the path); print the reading view', async () => {
  const page = await library();
  const reader = page.getByRole('region', { name: 'Reader' });
  await openReference(page);
  const stored = live().db.prepare('SELECT original_path AS p FROM briefings WHERE title = ?').get(REFERENCE) as {
    p: string;
  };
  await reader.getByRole('button', { name: 'More ▾' }).click();
  const menu = page.getByRole('menu', { name: 'More actions' });
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await page.screenshot({ path: path.join(SHOTS, 'more-menu.png'), clip: { x: 500, y: 0, width: 780, height: 320 } });
  await menu.getByRole('menuitem', { name: 'Open original file' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Opened ${stored.p}` })).toBeVisible();
  await reader.getByRole('button', { name: 'More ▾' }).click();
  // Keyboard: ArrowDown moves to the next item, Enter runs it.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  expect(live().openedFiles).toEqual([
    { action: 'open', file: stored.p },
    { action: 'show', file: stored.p },
  ]);
  // A file moved away since the import: a clear message, nothing opened.
  fs.renameSync(stored.p, `${stored.p}.moved`);
  await reader.getByRole('button', { name: 'More ▾' }).click();
  await page.getByRole('menuitem', { name: 'Open original file' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'the original file is no longer at' })).toBeVisible();
  expect(live().openedFiles).toHaveLength(2);

  // Print: Ctrl+P calls the browser's print; the print layout is the briefing alone.
  await selectText(page, 'independence and sovereignty of nations');
  await page
    .getByRole('toolbar', { name: 'Highlight the selection' })
    .getByRole('button', { name: 'Highlight pink' })
    .click();
  await page.evaluate(() => {
    (window as unknown as { __printed: number }).__printed = 0;
    window.print = () => {
      (window as unknown as { __printed: number }).__printed++;
    };
  });
  await page.locator('body').press('Control+p');
  expect(await page.evaluate(() => (window as unknown as { __printed: number }).__printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.sidebar')).toBeHidden();
  await expect(page.locator('.list-pane')).toBeHidden();
  await expect(reader.getByRole('toolbar', { name: 'Briefing actions' })).toBeHidden();
  await expect(reader.locator('#article-title')).toBeVisible();
  const mark = page.locator('mark.hl.hl-pink');
  await expect(mark).toBeVisible();
  expect(await mark.evaluate((m) => getComputedStyle(m).printColorAdjust)).toBe('exact');
  // The whole text flows onto pages instead of staying inside the scrolling pane.
  const scroll = await reader.locator('.reader-scroll').evaluate((el) => getComputedStyle(el).overflowY);
  expect(scroll).toBe('visible');
  await page.screenshot({ path: path.join(os.tmpdir(), 'briefings-print.png') });
  const pdf = await page.pdf({ format: 'A4' });
  fs.writeFileSync(path.join(os.tmpdir(), 'briefings-print.pdf'), pdf);
  expect(pdf.length).toBeGreaterThan(10_000);
  await page.emulateMedia({ media: 'screen' });
});

/** Selects text that may run across element boundaries (into or out of a highlight). */
async function selectAcross(page: Page, text: string): Promise<void> {
  await page.evaluate((needle) => {
    const body = document.querySelector('.article-body') as HTMLElement;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    const nodes: { node: Text; from: number }[] = [];
    let all = '';
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      nodes.push({ node: n as Text, from: all.length });
      all += (n as Text).data;
    }
    const at = all.indexOf(needle);
    if (at < 0) throw new Error(`"${needle}" is not in the article`);
    const where = (offset: number, end: boolean): [Text, number] => {
      const hit = nodes.find((x) =>
        end
          ? offset > x.from && offset <= x.from + x.node.data.length
          : offset >= x.from && offset < x.from + x.node.data.length,
      );
      if (!hit) throw new Error('offset outside the article');
      return [hit.node, offset - hit.from];
    };
    const range = document.createRange();
    range.setStart(...where(at, false));
    range.setEnd(...where(at + needle.length, true));
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    body.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  }, text);
}
