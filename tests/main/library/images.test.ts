import { Document, ImageRun, Packer, Paragraph, TextRun } from 'docx';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createImportService } from '../../../src/main/library/services/import-service';
import { tempDb, tempDir } from '../../helpers/temp';

// A 1x1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const BODY = 'The ministers met in Geneva to discuss the budget. '.repeat(20);

describe('images', () => {
  it('embeds images saved beside HTML and Markdown and inside DOCX; never fetches or reads outside the folder', async () => {
    const root = tempDir();
    const dir = path.join(root, 'inbox');
    fs.mkdirSync(path.join(dir, 'Page_files'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'Page_files', 'chart.png'), PNG);
    fs.writeFileSync(path.join(root, 'secret.png'), PNG);
    fs.writeFileSync(
      path.join(dir, 'page.html'),
      `<html><head><title>Saved page</title></head><body><article><h1>Saved page</h1><p>${BODY}</p>
       <img src="Page_files/chart.png" alt="Budget chart"><img src="https://cdn.example/remote.jpg" alt="Remote photo">
       <img src="../secret.png" alt="Escape attempt"><p>${BODY}</p></article></body></html>`,
    );
    fs.writeFileSync(
      path.join(dir, 'note.md'),
      `---\ntitle: Note with images\n---\n\n${BODY}\n\n![Local chart](Page_files/chart.png)\n\n![Remote](https://cdn.example/x.png)\n\n![Escape](../secret.png)\n`,
    );
    const docx = new Document({
      sections: [
        {
          children: [
            new Paragraph({ children: [new TextRun('Memo with a picture')] }),
            new Paragraph({ children: [new TextRun(BODY)] }),
            new Paragraph({
              children: [new ImageRun({ type: 'png', data: PNG, transformation: { width: 10, height: 10 } })],
            }),
          ],
        },
      ],
    });
    fs.writeFileSync(path.join(dir, 'memo.docx'), await Packer.toBuffer(docx));
    const { db } = tempDb();
    const report = await createImportService({ db, poolSize: 1 }).importPaths([dir], { source: 'test' });
    expect(report.imported).toBe(3);
    const html = (name: string): string =>
      (db.prepare('SELECT html FROM briefings WHERE original_path LIKE ?').get(`%${name}`) as { html: string }).html;
    const dataImages = (h: string): number => (h.match(/src="data:image\/png;base64,/g) ?? []).length;
    for (const name of ['page.html', 'note.md']) {
      const h = html(name);
      expect(dataImages(h), name).toBe(1);
      expect(h, name).not.toContain('cdn.example');
      if (name === 'page.html') expect(h, name).not.toContain('secret.png');
      expect(h, name).not.toMatch(/src="[^"]*secret/);
    }
    expect(html('page.html')).toContain('alt="Remote photo"');
    expect(dataImages(html('memo.docx'))).toBe(1);
  });

  it('never embeds a symlink that leads out of the folder, nor a file that is not the image it is named', async () => {
    const root = tempDir();
    const dir = path.join(root, 'notes');
    fs.mkdirSync(path.join(dir, 'img'), { recursive: true });
    // Files outside the note's folder, one of them a real PNG: the folder is the boundary, not the type.
    const secret = path.join(root, 'private.txt');
    fs.writeFileSync(secret, 'ssh-rsa AAAA private key material '.repeat(20));
    fs.writeFileSync(path.join(root, 'outside.png'), PNG);
    fs.symlinkSync(secret, path.join(dir, 'chart.png'));
    fs.symlinkSync(path.join(root, 'outside.png'), path.join(dir, 'real-outside.png'));
    // A symlinked folder inside the note's folder that points outside it.
    fs.symlinkSync(root, path.join(dir, 'img', 'up'));
    // Inside the folder but not an image, and a symlink that stays inside (allowed).
    fs.writeFileSync(path.join(dir, 'renamed.png'), 'this is a text file named .png');
    fs.writeFileSync(path.join(dir, 'img', 'ok.png'), PNG);
    fs.symlinkSync(path.join(dir, 'img', 'ok.png'), path.join(dir, 'alias.png'));
    fs.writeFileSync(
      path.join(dir, 'note.md'),
      `# Note\n\n${BODY}\n\n![chart](chart.png)\n\n![outside](real-outside.png)\n\n![up](img/up/outside.png)\n\n` +
        `![renamed](renamed.png)\n\n![alias](alias.png)\n`,
    );
    const { db } = tempDb();
    const report = await createImportService({ db, poolSize: 1 }).importPaths([path.join(dir, 'note.md')], {
      source: 'test',
    });
    expect(report.imported).toBe(1);
    const { html } = db.prepare('SELECT html FROM briefings').get() as { html: string };
    const embedded = [...html.matchAll(/src="data:([^;]+);base64,([^"]+)"/g)].map((m) =>
      Buffer.from(m[2] ?? '', 'base64'),
    );
    // Only the in-folder alias of ok.png is embedded; the key never is, under any name.
    expect(embedded).toHaveLength(1);
    expect(embedded[0]?.equals(PNG)).toBe(true);
    expect(html).not.toContain(Buffer.from('ssh-rsa').toString('base64').slice(0, 8));
    for (const alt of ['chart', 'outside', 'up', 'renamed']) expect(html).toContain(`alt="${alt}"`);
  });
});
