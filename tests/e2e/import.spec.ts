import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { briefing, toDocx, toEml, toHtml, toMd, toPdf, toTxt, toZip } from '../fixtures/generate';
import { closeAppsAfterEachTest, openApp, type AppHandle } from './harness';
import { mailFiles, writeRealMarkdown } from '../helpers/real-material';

const SHOTS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
let app: AppHandle | null = null;
closeAppsAfterEachTest();

/** A realistic mixed folder: every format, nested folders, a zip, and a few broken files. */
async function mixedFolder(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-mixed-'));
  const sub = (p: string) => {
    fs.mkdirSync(path.join(dir, p), { recursive: true });
    return path.join(dir, p);
  };
  for (let i = 0; i < 300; i++) fs.writeFileSync(path.join(sub('clippings'), `clip-${i}.txt`), toTxt(briefing(i)));
  for (let i = 300; i < 320; i++) fs.writeFileSync(path.join(sub('notes'), `note-${i}.md`), toMd(briefing(i)));
  for (let i = 320; i < 330; i++) fs.writeFileSync(path.join(sub('web'), `page-${i}.html`), toHtml(briefing(i), 40));
  for (let i = 330; i < 335; i++) fs.writeFileSync(path.join(sub('mail'), `mail-${i}.eml`), toEml(briefing(i)));
  fs.writeFileSync(path.join(sub('reports'), 'report.pdf'), await toPdf(briefing(340)));
  fs.writeFileSync(path.join(sub('reports'), 'memo.docx'), await toDocx(briefing(341)));
  fs.writeFileSync(path.join(dir, 'archive.zip'), await toZip([{ name: 'old/a.txt', data: toTxt(briefing(350)) }]));
  fs.writeFileSync(path.join(sub('reports'), 'broken.pdf'), 'this is not a pdf');
  fs.writeFileSync(path.join(sub('reports'), 'empty.docx'), '');
  fs.writeFileSync(path.join(dir, 'slides.pptx'), 'PK');
  return dir;
}

test('import a mixed folder through the UI: progress, then failed files with reasons, then retry', async () => {
  const dir = await mixedFolder();
  app = await openApp({ pickImportPaths: async () => [dir] });
  const { page } = app;
  await page.getByRole('button', { name: 'Import a folder…' }).click();

  // The progress bar shows while the import runs, then gives way to the summary.
  const status = page.getByRole('status', { name: 'Import progress' });
  await expect(status).toBeVisible();
  await expect(page.getByText('Imported 338, 1 skipped, 2 failed.')).toBeVisible({ timeout: 60_000 });
  await expect(status).toBeHidden();
  await expect(page.getByText('338 briefings')).toBeVisible();

  await page.getByRole('button', { name: 'View report' }).click();
  const report = page.getByRole('dialog', { name: 'Import report' });
  await report.getByRole('tab', { name: /Failed/ }).click();
  const rows = report.getByRole('listitem');
  await expect(rows).toHaveCount(2);
  await expect(report.getByText('not a valid PDF (damaged or truncated)')).toBeVisible();
  await expect(report.getByText('the file is empty')).toBeVisible();
  await report.getByRole('tab', { name: /Skipped/ }).click();
  await expect(report.getByText('not a supported format (.pptx)')).toBeVisible();
  await report.getByRole('tab', { name: /All/ }).click();
  await page.screenshot({ path: path.join(SHOTS, 'import-report.png') });

  // Fix one file and retry the failures.
  fs.writeFileSync(path.join(dir, 'reports', 'broken.pdf'), await toPdf(briefing(999)));
  await report.getByRole('button', { name: 'Retry failed' }).click();
  await expect(page.getByText('Imported 1, 1 failed.')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('339 briefings')).toBeVisible();

  // Import history lists both runs.
  await expect(page.getByRole('region', { name: 'Import history' }).getByRole('button')).toHaveCount(2);
});

test('re-importing the same folder is a fast no-op', async () => {
  const dir = await mixedFolder();
  app = await openApp({ pickImportPaths: async () => [dir] });
  const { page } = app;
  await page.getByRole('button', { name: 'Import a folder…' }).click();
  await expect(page.getByText(/^Imported 338/)).toBeVisible({ timeout: 60_000 });
  await page.getByRole('group', { name: 'Import' }).getByRole('button', { name: 'Import folder…' }).click();
  await expect(page.getByText('Imported 0, 338 already in the library, 1 skipped, 2 failed.')).toBeVisible({
    timeout: 30_000,
  });
});

test('files dropped on the window are imported; page-made drops and forged paths are refused', async () => {
  const dir = await mixedFolder();
  app = await openApp();
  const { page } = app;
  const real = path.join(dir, 'notes', 'note-300.md');
  const secret = path.join(dir, 'notes', 'note-301.md');
  await page.evaluate((p) => {
    (window as unknown as { __harnessDropPaths: Record<string, string> }).__harnessDropPaths = { 'note-300.md': p };
  }, real);
  // A drop made by page script (untrusted), even of a file name the harness would resolve.
  const scriptDrop = (name: string) =>
    page.evaluate((n) => {
      const dt = new DataTransfer();
      dt.items.add(new File(['x'], n));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    }, name);
  await scriptDrop('note-300.md');
  await expect(page.getByRole('alert')).toContainText('only files dropped from your computer can be imported');
  await page.getByRole('button', { name: 'Dismiss' }).click();

  // A renderer that was taken over calls the IPC channel itself: with a made-up token, or with the
  // token of a real drop for a file that drop did not carry. Both are refused by main.
  const invoke = (channel: string, payload: unknown) =>
    page.evaluate(
      ([c, p]) =>
        (window as unknown as { __briefingsInvoke(c: string, p: unknown): Promise<unknown> }).__briefingsInvoke(c, p),
      [channel, payload] as const,
    );
  expect(
    await invoke('import:dropped', { token: '00000000-0000-4000-8000-000000000000', paths: [secret] }),
  ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

  // A real drop, as the OS makes it: trusted drag events with the file, through the DevTools protocol.
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: [real], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
    await cdp.send('Input.dispatchDragEvent', { type, x: 400, y: 300, data });
  }
  await expect(page.getByText('Imported 1.')).toBeVisible();
  await expect(page.getByRole('option', { name: new RegExp(briefing(300).title.replace(/[()]/g, '.')) })).toBeVisible();
  expect(await app.db.prepare('SELECT count(*) AS n FROM briefings').get()).toEqual({ n: 1 });
});

test('a watched folder imports new files by itself', async () => {
  const inbox = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-inbox-'));
  fs.writeFileSync(path.join(inbox, 'first.txt'), toTxt(briefing(501)));
  app = await openApp({ pickWatchFolder: async () => inbox });
  const { page } = app;
  await page.getByRole('button', { name: 'Import the sample briefing' }).click();
  await page.getByRole('button', { name: 'Watch a folder…' }).click();
  const watched = page.getByRole('region', { name: 'Watched folders' });
  await expect(watched.getByText(path.basename(inbox))).toBeVisible();
  // The file already there is picked up by the start-up scan; a new one arrives later.
  await expect(page.getByText('2 briefings')).toBeVisible({ timeout: 20_000 });
  fs.writeFileSync(path.join(inbox, 'second.md'), toMd(briefing(502)));
  await expect(page.getByText('3 briefings')).toBeVisible({ timeout: 20_000 });
  expect(fs.readdirSync(inbox).sort()).toEqual(['first.txt', 'second.md']);
  await watched.getByRole('button', { name: `Stop watching ${inbox}` }).click();
  await expect(watched.getByText(path.basename(inbox))).toBeHidden();
});

test('real files read as they should: raw HTML in a README renders, a 2002 HTML newsletter keeps its letter', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-real-ui-'));
  // Real READMEs with raw HTML blocks (<details>, <p align>) from the installed npm packages.
  const readmes = writeRealMarkdown(
    path.join(dir, 'readmes'),
    12,
    (t) => /^<details>/m.test(t) && /^<p align/m.test(t),
  );
  expect(readmes.length).toBeGreaterThan(0);
  const zdnet = mailFiles('hard-ham-1').find((m) => m.name.endsWith('00029')) as { file: string };
  fs.copyFileSync(zdnet.file, path.join(dir, 'zdnet.eml'));
  // A mailbox of three real messages, as a mail client writes one (mboxrd: body "From " escaped).
  const mbox = mailFiles('easy-ham-2')
    .slice(0, 3)
    .map((m) => {
      const raw = fs.readFileSync(m.file, 'latin1').replace(/^From .*\n/, '');
      return `From list@example.org Wed Aug 21 08:33:03 2002\n${raw.replace(/^(>*From )/gm, '>$1')}`;
    })
    .join('\n');
  fs.writeFileSync(path.join(dir, 'list.mbox'), mbox, 'latin1');
  app = await openApp({ pickImportPaths: async () => [dir] });
  const { page } = app;
  await page.getByRole('button', { name: 'Import a folder…' }).click();
  const imported = readmes.length + 4;
  await expect(page.getByText(new RegExp(`Imported ${imported}\\.`))).toBeVisible({ timeout: 60_000 });
  // The report's counts add up: the mailbox is one file and three entries.
  await page.getByRole('button', { name: 'View report' }).click();
  const report = page.getByRole('dialog', { name: 'Import report' });
  await expect(report).toContainText(`${imported} entries from ${readmes.length + 2} files`);
  await report.getByRole('button', { name: 'Close report' }).click();

  const list = page.getByRole('listbox', { name: 'Briefings list' });
  const reader = page.getByRole('region', { name: 'Reader' });
  await list.getByRole('option', { name: /Get the Perfect Mix of ZDNet/ }).click();
  await expect(reader.locator('.article-body')).toContainText('ZDNet');
  const words = (await reader.locator('.article-body').innerText()).split(/\s+/).length;
  expect(words).toBeGreaterThan(150);

  // The first README: its <details> is a real disclosure widget, and no tag shows as text.
  await list.getByRole('option').filter({ hasNotText: 'ZDNet' }).first().click();
  const body = reader.locator('.article-body');
  await expect(body.locator('details').first()).toBeAttached();
  await expect(body).not.toContainText('<details>');
  await expect(body).not.toContainText('<p align');
  await expect(reader.locator('#article-title')).not.toContainText('[![');
  // Opened, as a reader would: the summary toggles the section.
  const details = body.locator('details').first();
  await details.locator('summary').click();
  await expect(details).toHaveAttribute('open', '');
  await details.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'real-readme.png') });
});

test('long URLs and unbroken words wrap inside the reader instead of running off the right edge', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-wide-'));
  // Real mail with 180+ character URLs, and a README whose title line is a row of badge links.
  for (const m of mailFiles('easy-ham-1').filter((x) => /00166|00704|01808/.test(x.name)))
    fs.copyFileSync(m.file, path.join(dir, `${m.name}.eml`));
  const garbage = `${'x'.repeat(400)}\n\nA paragraph with ${'supercalifragilistic'.repeat(20)} inside it.\n`;
  fs.writeFileSync(path.join(dir, 'unbroken.txt'), `Unbroken ${'word'.repeat(60)}\n\n${garbage}`);
  app = await openApp({ pickImportPaths: async () => [dir] });
  const { page } = app;
  await page.getByRole('button', { name: 'Import a folder…' }).click();
  await expect(page.getByText('Imported 4.')).toBeVisible({ timeout: 60_000 });
  const list = page.getByRole('listbox', { name: 'Briefings list' });
  const scroller = page.locator('.reader-scroll');
  for (let i = 0; i < 4; i++) {
    await list.getByRole('option').nth(i).click();
    await expect(page.locator('.article-body')).not.toBeEmpty();
    // Nothing in the article is wider than the reading column.
    const overflow = await page.locator('.article').evaluate((el) => {
      const right = el.getBoundingClientRect().right;
      return [...el.querySelectorAll('*')].filter(
        (n) => n.closest('pre, table') === null && n.getBoundingClientRect().right > right + 1,
      ).length;
    });
    expect(overflow).toBe(0);
    expect(await scroller.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  }
  await list.getByRole('option', { name: /Unbroken/ }).click();
  await page.screenshot({ path: path.join(os.tmpdir(), 'briefings-wrap.png') });
});

test('real newsletters from one publisher are told apart in the sidebar, full names in the tooltip', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-senders-'));
  // Every real SpamAssassin message from a CNET newsletter ("CNET News.com Daily Dispatch"...).
  const groups = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2'] as const;
  const cnet = groups
    .flatMap((g) => mailFiles(g))
    .filter((m) => /^From: *"?CNET /m.test(fs.readFileSync(m.file, 'latin1').slice(0, 4000)));
  expect(cnet.length).toBeGreaterThan(2);
  for (const m of cnet) fs.copyFileSync(m.file, path.join(dir, `${m.name}.eml`));
  app = await openApp({ pickImportPaths: async () => [dir] });
  const { page } = app;
  await page.getByRole('button', { name: 'Import a folder…' }).click();
  await expect(page.getByText(/^Imported \d+/)).toBeVisible({ timeout: 60_000 });
  const section = page.locator('.sidebar-section', { has: page.locator('#sources-title') });
  const buttons = section.locator('li button');
  await expect(buttons.first()).toBeVisible();
  // What a user can see of each (the label up to where the narrow column cuts it) differs.
  const seen = await buttons.evaluateAll((els) =>
    els.map((el) => {
      const label = el.querySelector('.ellipsis') as HTMLElement;
      // The characters that fit before the ellipsis, measured in the page.
      const range = document.createRange();
      const text = label.firstChild as Text;
      let fit = 0;
      for (let i = 1; i <= text.length; i++) {
        range.setStart(text, 0);
        range.setEnd(text, i);
        if (range.getBoundingClientRect().width > label.clientWidth) break;
        fit = i;
      }
      return { visible: text.data.slice(0, fit), full: el.getAttribute('title') ?? '' };
    }),
  );
  const names = seen.map((s) => s.full);
  const cnetNames = names.filter((n) => n.startsWith('CNET'));
  expect(cnetNames.length).toBeGreaterThan(2);
  const visible = seen.filter((s) => s.full.startsWith('CNET')).map((s) => s.visible);
  expect(new Set(visible).size).toBe(visible.length);
  await section.screenshot({ path: path.join(SHOTS, 'sources.png') });
});
