import { checkWritableTarget } from './target-file';
import { createSettingsService } from './settings-service';
import fs from 'node:fs';
import type { BriefingFormat, HighlightColor, ReadState } from '../../../shared/model';
import type { Db } from '../db/open';
import { readAggregates } from '../repos/briefing-aggregate';
import { EXPORT_KIND, EXPORT_VERSION, type ExportedBriefing } from '../import/export-format';

type Row = {
  id: number;
  title: string;
  headline: string | null;
  source: string | null;
  byline: string | null;
  dateline: string | null;
  published_at: string | null;
  imported_at: string;
  format: BriefingFormat;
  original_path: string | null;
  url: string | null;
  language: string | null;
  text: string;
  html: string;
  headings: string;
  read_state: ReadState;
  scroll_progress: number;
  starred: number;
  archived: number;
  note: string | null;
};

/**
 * Writes the whole library as the app's JSON export, streaming one briefing at a time, to a
 * temporary file that is renamed into place: a crash or a full disk never leaves half an export
 * under the chosen name.
 */
export function exportLibrary(db: Db, file: string, now = new Date().toISOString()): { path: string; count: number } {
  const target = checkWritableTarget(file);
  const tmp = `${target}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  let count = 0;
  try {
    fs.writeSync(
      fd,
      `{"kind":${JSON.stringify(EXPORT_KIND)},"version":${EXPORT_VERSION},"exportedAt":${JSON.stringify(now)},` +
        `"tags":${JSON.stringify(db.prepare('SELECT name, color FROM tags ORDER BY name COLLATE NOCASE').all())},` +
        `"rules":${JSON.stringify(db.prepare('SELECT field, pattern, tag FROM tag_rules ORDER BY id').all())},` +
        `"savedSearches":${JSON.stringify(
          createSettingsService({ db })
            .get('savedSearches')
            .map(({ name, query }) => ({ name, query })),
        )},` +
        `"briefings":[\n`,
    );
    // Read the ids first, then each briefing whole through the aggregate (every table that
    // belongs to it, highlights and notes included), one at a time to keep memory flat.
    const ids = (db.prepare('SELECT id FROM briefings ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    for (const id of ids) {
      const a = readAggregates(db, [id])[0];
      if (!a) continue;
      const r = a.row as unknown as Row;
      const b: ExportedBriefing = {
        title: r.title,
        headline: r.headline,
        source: r.source,
        byline: r.byline,
        dateline: r.dateline,
        publishedAt: r.published_at,
        importedAt: r.imported_at,
        format: r.format,
        originalPath: r.original_path,
        url: r.url,
        language: r.language,
        text: r.text,
        html: r.html,
        headings: JSON.parse(r.headings) as string[],
        related: a.related.map(({ title, teaser }) => ({ title, teaser })),
        tags: a.tags.map((t) => t.name),
        readState: r.read_state,
        scrollProgress: r.scroll_progress,
        starred: r.starred === 1,
        archived: r.archived === 1,
        note: r.note ?? null,
        highlights: a.highlights.map((h) => ({
          quote: h.quote,
          prefix: h.prefix,
          suffix: h.suffix,
          start: h.start,
          color: h.color as HighlightColor,
          note: h.note,
          createdAt: h.created_at,
          updatedAt: h.updated_at,
        })),
      };
      fs.writeSync(fd, `${count > 0 ? ',\n' : ''}${JSON.stringify(b)}`);
      count++;
    }
    fs.writeSync(fd, '\n]}\n');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, target);
    return { path: target, count };
  } catch (cause) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
    fs.rmSync(tmp, { force: true });
    throw cause;
  }
}
