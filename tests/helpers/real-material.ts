import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { toDocx, toPdf, type GenBriefing } from '../fixtures/generate';

/**
 * Real files nobody here wrote, for import tests and `npm run bench:import`: mail from the
 * SpamAssassin corpus and State of the Union speeches (both shipped by npm as devDependencies),
 * README.md files of the installed npm packages (many with raw HTML), the saved web pages of
 * ../shared/corpus and the PDFs Debian ships under /usr/share/doc. Every writer copies distinct
 * files into `dir` and returns their paths; none repeats a file to reach a count.
 */

const root = path.resolve(__dirname, '..', '..');
const stdlib = path.join(root, 'node_modules', '@stdlib');
export const SPAM_ASSASSIN = path.join(stdlib, 'datasets-spam-assassin', 'data');
export const SOTU = path.join(stdlib, 'datasets-sotu', 'data');
export const WEB_PAGES = path.join(root, '..', 'shared', 'corpus', 'web-pages');

export type MailGroup = 'easy-ham-1' | 'easy-ham-2' | 'hard-ham-1' | 'spam-1' | 'spam-2';

/** The raw messages of a SpamAssassin group, sorted, as `{ name, file }`. */
export function mailFiles(group: MailGroup): { name: string; file: string }[] {
  const dir = path.join(SPAM_ASSASSIN, group);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ name: `${group}-${f.split('.')[0]}`, file: path.join(dir, f) }));
}

/**
 * Real mail as .eml files. The dataset's files are the messages exactly as received (the mbox
 * "From " line first), which is how many mail clients save a message.
 */
export function writeRealMail(dir: string, max: number, groups: MailGroup[] = ['easy-ham-1', 'easy-ham-2']): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (const group of groups) {
    for (const { name, file } of mailFiles(group)) {
      if (out.length >= max) return out;
      const target = path.join(dir, `${name}.eml`);
      fs.copyFileSync(file, target);
      out.push(target);
    }
  }
  return out;
}

/** Is this raw message HTML-only (no text/plain part)? Used to pick the hard real cases. */
export function isHtmlOnly(raw: string): boolean {
  const head = raw.slice(0, raw.search(/\r?\n\r?\n/) + 1);
  return /^content-type:\s*text\/html/im.test(head) && !/text\/plain/i.test(raw);
}

/** State of the Union speeches (1790-2021) as .txt files, newest first. */
export function writeRealSpeeches(dir: string, max: number): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files = fs
    .readdirSync(SOTU)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .reverse()
    .slice(0, max);
  return files.map((f) => {
    const target = path.join(dir, f);
    fs.copyFileSync(path.join(SOTU, f), target);
    return target;
  });
}

/** One speech's text and metadata from the dataset (for building PDFs and Word files from it). */
export function speeches(max: number): { name: string; year: number; president: string; text: string }[] {
  return fs
    .readdirSync(SOTU)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .reverse()
    .slice(0, max)
    .map((f) => {
      const meta = JSON.parse(fs.readFileSync(path.join(SOTU, f), 'utf8')) as {
        year: number;
        name: string;
        text: string;
      };
      return { name: f.replace(/\.json$/, ''), year: meta.year, president: meta.name, text: meta.text };
    });
}

/**
 * README.md files of the installed npm packages, distinct by content, at least 1 KB (smaller ones
 * are stubs). Real Markdown as people write it: badges, raw HTML blocks, tables, code.
 */
export function writeRealMarkdown(
  dir: string,
  max: number,
  filter?: (text: string) => boolean,
  which: 'readme' | 'any' = 'readme',
): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const seen = new Set<string>();
  const out: string[] = [];
  for (const file of markdownFiles(which)) {
    if (out.length >= max) break;
    const text = fs.readFileSync(file, 'utf8');
    if (text.length < 1024 || seen.has(text) || (filter && !filter(text))) continue;
    seen.add(text);
    const name = path
      .relative(path.join(root, 'node_modules'), path.dirname(file))
      .replace(/node_modules\//g, '')
      .replace(/[/@]/g, '_');
    const base = path.basename(file, path.extname(file));
    const target = path.join(dir, `${name}${which === 'any' ? `-${base}` : ''}.md`);
    fs.writeFileSync(target, text);
    out.push(target);
  }
  return out;
}

const markdownCache = new Map<string, string[]>();
function markdownFiles(which: 'readme' | 'any'): string[] {
  const cached = markdownCache.get(which);
  if (cached) return cached;
  const wanted = which === 'readme' ? /^readme\.md$/i : /\.(md|markdown)$/i;
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && !e.isSymbolicLink() && depth < 6 && e.name !== '.bin' && e.name !== 'test')
        walk(p, depth + 1);
      else if (e.isFile() && wanted.test(e.name)) found.push(p);
    }
  };
  walk(path.join(root, 'node_modules'), 0);
  markdownCache.set(which, found.sort());
  return found;
}

/** The saved news and blog pages of ../shared/corpus (130 real pages, 2-1,000 KB). */
export function writeRealPages(dir: string, max = Infinity): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (const name of fs.readdirSync(WEB_PAGES).sort()) {
    const source = path.join(WEB_PAGES, name, 'source.html');
    if (out.length >= max || !fs.existsSync(source)) continue;
    const target = path.join(dir, `${name}.html`);
    fs.copyFileSync(source, target);
    out.push(target);
  }
  return out;
}

/** The PDF manuals Debian's packages ship under /usr/share/doc (some gzipped), if any. */
export function writeDebianPdfs(dir: string, max = Infinity): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (out.length >= max) return;
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.pdf(\.gz)?$/.test(e.name)) {
        const target = path.join(dir, `${path.basename(d)}-${e.name.replace(/\.gz$/, '')}`);
        const bytes = fs.readFileSync(p);
        fs.writeFileSync(target, e.name.endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes);
        out.push(target);
      }
    }
  };
  if (fs.existsSync('/usr/share/doc')) walk('/usr/share/doc');
  return out;
}

/** A speech as the generator's briefing shape: real sentences, 4 to a paragraph, 6 paragraphs to a section. */
export function speechBriefing(s: { year: number; president: string; text: string }, seed: number): GenBriefing {
  const sentences = s.text.match(/[^.!?]+[.!?]+["”’)]*\s*/g) ?? [s.text];
  const paragraphs: string[] = [];
  for (let i = 0; i < sentences.length; i += 4)
    paragraphs.push(
      sentences
        .slice(i, i + 4)
        .join('')
        .trim(),
    );
  const sections: GenBriefing['sections'] = [];
  for (let i = 0; i < paragraphs.length; i += 6)
    sections.push({ heading: `Part ${sections.length + 1}`, paragraphs: paragraphs.slice(i, i + 6) });
  return {
    seed,
    title: `State of the Union ${s.year}, ${s.president}`,
    source: 'The American Presidency Project',
    author: s.president,
    place: 'WASHINGTON',
    date: `${s.year}-02-01`,
    sections,
  };
}

/** Real speeches as PDF and Word files (real text in a container made here: Debian ships few PDFs). */
export async function writeSpeechDocuments(dir: string, max: number, format: 'pdf' | 'docx'): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (const [i, s] of speeches(max).entries()) {
    const target = path.join(dir, `${s.name}.${format}`);
    if (!fs.existsSync(target)) {
      // The PDF's standard fonts encode WinAnsi only: other characters become their nearest ASCII.
      const text =
        format === 'pdf' ? s.text.replace(/[\u2010-\u2012]/g, '-').replace(/[^\t\n\x20-\xff‘’“”–—…•€]/g, '?') : s.text;
      const b = speechBriefing({ ...s, text }, i);
      fs.writeFileSync(target, format === 'pdf' ? await toPdf(b) : await toDocx(b));
    }
    out.push(target);
  }
  return out;
}

/** Debian's HTML documentation under /usr/share/doc (manuals and FAQs as real, messy HTML). */
export function writeDebianHtml(dir: string, max = Infinity): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (out.length >= max) return;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.html?$/.test(e.name)) {
        const text = fs.readFileSync(p);
        const key = text.toString('latin1');
        if (text.length < 1024 || seen.has(key)) continue;
        seen.add(key);
        const target = path.join(dir, path.relative('/usr/share/doc', p).replace(/\//g, '_'));
        fs.writeFileSync(target, text);
        out.push(target);
      }
    }
  };
  if (fs.existsSync('/usr/share/doc')) walk('/usr/share/doc');
  return out;
}

/**
 * The READMEs, NEWS files and text or Markdown notes Debian's packages ship under /usr/share/doc
 * (many gzipped), distinct by content, as .txt or .md by their own name. Copyright notices and
 * changelogs are left to writeRealTextFiles.
 */
export function writeDebianNotes(dir: string, max = Infinity): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  const seen = new Set<string>();
  const wanted = /^(readme|news|todo)([._-].*)?$|\.(md|txt)(\.gz)?$/i;
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (out.length >= max) return;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && wanted.test(e.name) && !/\.(html?|pdf|db|png|svg)(\.gz)?$/i.test(e.name)) {
        let bytes = fs.readFileSync(p);
        if (e.name.endsWith('.gz')) {
          try {
            bytes = zlib.gunzipSync(bytes);
          } catch {
            continue;
          }
        }
        const key = bytes.toString('latin1');
        if (bytes.length < 512 || seen.has(key) || bytes.includes(0)) continue;
        seen.add(key);
        const base = path.relative('/usr/share/doc', p).replace(/\.gz$/, '').replace(/\//g, '_');
        const target = path.join(dir, /\.md$/i.test(base) ? base : `${base.replace(/\.txt$/i, '')}.txt`);
        fs.writeFileSync(target, bytes);
        out.push(target);
      }
    }
  };
  if (fs.existsSync('/usr/share/doc')) walk('/usr/share/doc');
  return out;
}
