import { z } from 'zod';
import { BRIEFING_FORMATS, READ_STATES, RULE_FIELDS } from '../../../shared/model';

/**
 * The app's own export file (`briefings export`, File > Export Library). Versioned so later
 * releases can still read old exports; validated strictly on import so a hand-edited or foreign
 * JSON file gets a clear reason instead of half an import.
 */
export const EXPORT_KIND = 'briefings-export';
export const EXPORT_VERSION = 1;

const text = (max: number) => z.string().max(max);
const nullableText = (max: number) => text(max).nullable();

export const exportedBriefingSchema = z.object({
  title: text(2000).min(1),
  headline: nullableText(2000),
  source: nullableText(500),
  byline: nullableText(500),
  dateline: nullableText(200),
  publishedAt: nullableText(40),
  importedAt: text(40),
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
});

const color = z
  .string()
  .regex(/^#[0-9a-f]{6}$/i)
  .nullable();

export const exportFileSchema = z.object({
  kind: z.literal(EXPORT_KIND),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.string(),
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
  briefings: z.array(z.unknown()),
});

export type ExportedBriefing = z.infer<typeof exportedBriefingSchema>;
