import type { Db } from '../src/main/library/db/open';
import { insertBriefing } from '../src/main/library/repos/briefings';
import { briefing } from '../tests/fixtures/generate';

/** n briefings of realistic generated text (about 400 words), in transactions of 5,000. */
export function seed(db: Db, n: number, tags: (i: number) => string[] = () => []): void {
  const insert = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const b = briefing(i, 2 + (i % 3), 3);
      const text = b.sections.flatMap((s) => [s.heading, ...s.paragraphs]).join('\n\n');
      insertBriefing(db, {
        title: b.title,
        headline: null,
        source: b.source,
        byline: b.author,
        dateline: null,
        publishedAt: `${b.date}T00:00:00.000Z`,
        importedAt: '2025-06-01T00:00:00.000Z',
        format: 'txt',
        originalPath: null,
        contentHash: `bench-${i}`,
        text,
        html: '',
        headings: [],
        excerpt: '',
        wordCount: 400,
        related: [],
        tags: tags(i),
        readState: i % 4 === 0 ? 'read' : 'unread',
      });
    }
  });
  for (let i = 0; i < n; i += 5000) insert(i, Math.min(n, i + 5000));
}
