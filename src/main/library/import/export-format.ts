import type * as Zod from 'zod';
import { lazyRequire } from './lazy';
import { BRIEFING_FORMATS, HIGHLIGHT_COLORS, READ_STATES, RULE_FIELDS } from '../../../shared/model';

/**
 * The app's own export file (`briefings export`, File > Export Library). Versioned so later
 * releases can still read old exports; validated strictly on import so a hand-edited or foreign
 * JSON file gets a clear reason instead of half an import.
 */
export const EXPORT_KIND = 'briefings-export';
export const EXPORT_VERSION = 1;

// zod is loaded on first use: every parse worker loaded it at start (38 ms of its ~250 ms
// start-up) though only a JSON export needs it.
const zod = lazyRequire<typeof Zod>('zod');

function build() {
  const { z } = zod();
  const text = (max: number) => z.string().max(max);
  const nullableText = (max: number) => text(max).nullable();
  /**
   * A date as the app writes it: ISO 8601 (a day, or a day and time with a zone) that is a real
   * date. "yesterday" or "2024-13-45" in a hand-edited export is refused with its field named.
   */
  const isoDate = z
    .string()
    .max(40)
    .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/, 'not an ISO 8601 date')
    .refine((v) => {
      const [y, m, d] = v.slice(0, 10).split('-').map(Number);
      const t = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1));
      return (
        t.getUTCFullYear() === y &&
        t.getUTCMonth() === (m ?? 0) - 1 &&
        t.getUTCDate() === d &&
        !Number.isNaN(Date.parse(v.replace(' ', 'T')))
      );
    }, 'not a real date');

  const exportedHighlightSchema = z.object({
    quote: text(100_000).min(1),
    prefix: text(1000),
    suffix: text(1000),
    start: z.number().int().min(0),
    color: z.enum(HIGHLIGHT_COLORS),
    note: nullableText(100_000),
    createdAt: isoDate,
    updatedAt: isoDate,
  });

  const exportedBriefingSchema = z.object({
    title: text(2000).min(1),
    headline: nullableText(2000),
    source: nullableText(500),
    byline: nullableText(500),
    dateline: nullableText(200),
    publishedAt: isoDate.nullable(),
    importedAt: isoDate,
    format: z.enum(BRIEFING_FORMATS),
    originalPath: nullableText(4096),
    url: nullableText(4096).optional().default(null),
    language: nullableText(40).optional().default(null),
    text: text(20_000_000),
    html: text(50_000_000),
    headings: z.array(text(2000)).max(10_000),
    related: z.array(z.object({ title: text(2000), teaser: text(10_000) })).max(1000),
    tags: z.array(text(200)).max(1000),
    readState: z.enum(READ_STATES),
    scrollProgress: z.number().min(0).max(1),
    starred: z.boolean(),
    archived: z.boolean(),
    // Optional so exports written before highlights were exported still import.
    highlights: z.array(exportedHighlightSchema).max(100_000).optional().default([]),
    // Optional too: exports written before briefings had their own note.
    note: nullableText(100_000).optional().default(null),
  });

  const color = z
    .string()
    .regex(/^#[0-9a-f]{6}$/i)
    .nullable();

  const exportFileSchema = z.object({
    kind: z.literal(EXPORT_KIND),
    version: z.literal(EXPORT_VERSION),
    exportedAt: isoDate,
    // Optional so exports written before tags had colours and rules existed still import.
    tags: z
      .array(z.object({ name: text(200), color }))
      .max(100_000)
      .optional()
      .default([]),
    rules: z
      .array(z.object({ field: z.enum(RULE_FIELDS), pattern: text(500).min(1), tag: text(200).min(1) }))
      .max(10_000)
      .optional()
      .default([]),
    // Optional so exports written before saved searches were exported still import.
    savedSearches: z
      .array(z.object({ name: text(200).min(1), query: text(2000).min(1) }))
      .max(200)
      .optional()
      .default([]),
    briefings: z.array(z.unknown()),
  });
  return { exportedHighlightSchema, exportedBriefingSchema, exportFileSchema };
}

let built: ReturnType<typeof build> | undefined;
/** The export file's schemas, built once on first use. */
export const exportSchemas = (): ReturnType<typeof build> => (built ??= build());

type Schemas = ReturnType<typeof build>;
export type ExportedBriefing = Zod.infer<Schemas['exportedBriefingSchema']>;
export type ExportedHighlight = Zod.infer<Schemas['exportedHighlightSchema']>;
