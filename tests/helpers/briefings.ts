import type { Db } from '../../src/main/library/db/open';
import { insertBriefing, type NewBriefing } from '../../src/main/library/repos/briefings';
import type { BriefingId } from '../../src/shared/model';

let seq = 0;
/** A complete briefing row with distinct title, hash and date; override any field. */
export function make(over: Partial<NewBriefing> = {}): NewBriefing {
  seq++;
  return {
    title: `Briefing ${seq}`,
    headline: null,
    source: 'Reuters',
    byline: null,
    dateline: null,
    publishedAt: `2025-01-${String((seq % 28) + 1).padStart(2, '0')}T00:00:00.000Z`,
    importedAt: '2025-02-01T00:00:00.000Z',
    format: 'txt',
    originalPath: `/tmp/b${seq}.txt`,
    contentHash: `hash-${seq}`,
    text: `Body of briefing ${seq} about trade policy.`,
    html: `<p>Body of briefing ${seq}</p>`,
    headings: ['Intro'],
    excerpt: 'Body',
    wordCount: 7,
    related: [{ title: 'Related one', teaser: 'Teaser...' }],
    tags: [],
    ...over,
  };
}

/** Inserts n briefings and returns their ids. */
export function seed(db: Db, n: number, over: (i: number) => Partial<NewBriefing> = () => ({})): BriefingId[] {
  return Array.from({ length: n }, (_, i) => insertBriefing(db, make(over(i))));
}
