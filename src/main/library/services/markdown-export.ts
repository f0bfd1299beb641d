import fs from 'node:fs';
import path from 'node:path';
import type { Briefing, Highlight } from '../../../shared/model';

const quote = (s: string): string =>
  s
    .trim()
    .split(/\n+/)
    .map((line) => `> ${line}`)
    .join('\n');

/**
 * A briefing with its highlights and notes as Markdown: front matter, the highlights (each a
 * quote, its colour and the note below it), then the full text with its section headings.
 */
export function briefingToMarkdown(b: Briefing, highlights: Highlight[]): string {
  const yaml = (v: string): string => JSON.stringify(v);
  const front = [
    '---',
    `title: ${yaml(b.title)}`,
    ...(b.source ? [`source: ${yaml(b.source)}`] : []),
    ...(b.byline ? [`author: ${yaml(b.byline)}`] : []),
    ...(b.publishedAt ? [`date: ${b.publishedAt.slice(0, 10)}`] : []),
    ...(b.tags.length ? [`tags: [${b.tags.map(yaml).join(', ')}]`] : []),
    '---',
  ];
  const parts = [front.join('\n'), `# ${b.title}`];
  if (b.headline) parts.push(`*${b.headline}*`);
  if (b.note) parts.push('## Note', b.note.trim());
  if (highlights.length > 0) {
    parts.push(
      '## Highlights',
      highlights
        .map((h) =>
          [quote(h.quote), `<!-- ${h.color} -->`, ...(h.note ? [`**Note:** ${h.note.trim()}`] : [])].join('\n\n'),
        )
        .join('\n\n---\n\n'),
    );
  }
  const headings = new Set(b.headings);
  const text = b.text
    .split(/\n{2,}/)
    .map((p) => (headings.has(p.trim()) ? `## ${p.trim()}` : p.trim()))
    .join('\n\n');
  parts.push('## Text', text);
  if (b.related.length > 0) parts.push('## More insights', b.related.map((r) => `- ${r.title}`).join('\n'));
  return `${parts.join('\n\n')}\n`;
}

/** Writes a file through a temporary name, so a failure never leaves half a file. */
export function writeFileAtomic(file: string, content: string): string {
  const target = path.resolve(file);
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, target);
  return target;
}
