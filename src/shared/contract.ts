import { z } from 'zod';
import type { CallChannel, EventChannel } from './channels';
import {
  READ_STATES,
  type Briefing,
  type BriefingId,
  type BriefingSummary,
  type ImportFileResult,
  type ImportProgress,
  type ImportReport,
  type ImportRunSummary,
  type LibraryChange,
  type LibraryStats,
  type Page,
  type SavedSearchCount,
  type SearchResult,
  RULE_FIELDS,
  type ActionResult,
  type RenamePreview,
  type SimilarBriefing,
  type SourceCount,
  type TagInfo,
  type TagRule,
  type TagSuggestion,
  type UndoResult,
  THEMES,
  type ReaderPrefs,
  type MenuCommand,
  HIGHLIGHT_COLORS,
  type Highlight,
} from './model';

/**
 * The one IPC contract: every channel's input schema (validated in main, the trust boundary)
 * and its output type. Schemas are strict so unknown keys (including `__proto__`) are refused,
 * and every string and number is bounded so a compromised renderer cannot make main allocate.
 */
declare const outputBrand: unique symbol;
type Out<T> = { readonly [outputBrand]: T };
const out = <T>(): Out<T> => ({}) as Out<T>;

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const briefingId = id.transform((n) => n as BriefingId);
const shortText = z.string().max(500);
const droppedPaths = z.array(z.string().min(1).max(4096)).min(1).max(10_000);
const empty = z.strictObject({}).optional();

export const listQuerySchema = z.strictObject({
  sort: z.enum(['published', 'imported', 'title', 'source']).optional(),
  direction: z.enum(['asc', 'desc']).optional(),
  readState: z.enum(READ_STATES).optional(),
  starred: z.boolean().optional(),
  archived: z.boolean().optional(),
  tag: shortText.optional(),
  source: shortText.optional(),
  text: shortText.optional(),
  offset: z.number().int().min(0).max(10_000_000).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});

const within = listQuerySchema.pick({ readState: true, starred: true, archived: true, tag: true, source: true });
const tagName = z.string().trim().min(1).max(200);
/** Bulk actions name their briefings, or a whole view or search ("select all N results"). */
const target = z.union([
  z.strictObject({ ids: z.array(briefingId).min(1).max(200_000) }),
  z.strictObject({ view: within }),
  z.strictObject({ search: z.strictObject({ query: z.string().max(1000), within: within.optional() }) }),
]);
const rule = z.strictObject({ field: z.enum(RULE_FIELDS), pattern: z.string().max(500), tag: z.string().max(200) });

export const contract = {
  'library:stats': { input: empty, output: out<LibraryStats>() },
  'briefings:list': { input: listQuerySchema, output: out<Page<BriefingSummary>>() },
  'briefings:get': { input: z.strictObject({ id: briefingId }), output: out<Briefing>() },
  'briefings:update-reading': {
    input: z.strictObject({
      id: briefingId,
      readState: z.enum(READ_STATES).optional(),
      scrollProgress: z.number().min(0).max(1).optional(),
      starred: z.boolean().optional(),
      archived: z.boolean().optional(),
    }),
    output: out<BriefingSummary>(),
  },
  'briefings:edit-details': {
    input: z.strictObject({
      id: briefingId,
      title: z.string().trim().min(1, 'a title cannot be empty').max(1000).optional(),
      source: z.string().trim().max(500).nullable().optional(),
      byline: z.string().trim().max(500).nullable().optional(),
      // A day (the date field) or a full ISO date and time.
      publishedAt: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/, 'a date is written YYYY-MM-DD')
        .nullable()
        .optional(),
      // Several lines, unlike the other details; empty or null removes it.
      note: z.string().max(20_000).nullable().optional(),
    }),
    output: out<ActionResult>(),
  },
  'briefings:delete': { input: z.strictObject({ id: briefingId }), output: out<{ deleted: true }>() },
  'import:sample': { input: empty, output: out<ImportReport>() },
  // Main opens the dialog itself, so the renderer never hands main a path.
  'import:dialog': {
    input: z.strictObject({ kind: z.enum(['files', 'folder']) }),
    output: out<ImportReport | null>(),
  },
  'import:cancel': { input: z.strictObject({ runId: id }), output: out<{ cancelled: boolean }>() },
  'import:retry': { input: z.strictObject({ runId: id }), output: out<ImportReport>() },
  'import:runs': { input: empty, output: out<ImportRunSummary[]>() },
  'import:run': {
    input: z.strictObject({ runId: id }),
    output: out<{ run: ImportRunSummary; files: ImportFileResult[] }>(),
  },
  // The preload registers a trusted drop's paths and gets a one-time token for importing them.
  'drop:register': {
    input: z.strictObject({ paths: droppedPaths }),
    output: out<{ token: string }>(),
  },
  'import:dropped': {
    input: z.strictObject({ token: z.string().uuid(), paths: droppedPaths }),
    output: out<ImportReport>(),
  },
  'library:export': { input: empty, output: out<{ path: string; count: number } | null>() },
  'watch:list': { input: empty, output: out<string[]>() },
  'watch:add': { input: empty, output: out<string[]>() },
  'watch:remove': { input: z.strictObject({ path: z.string().max(4096) }), output: out<string[]>() },
  'search:query': {
    input: z.strictObject({
      query: z.string().max(1000),
      sort: z.enum(['relevance', 'date']).optional(),
      offset: z.number().int().min(0).max(10_000_000).optional(),
      limit: z.number().int().min(1).max(500).optional(),
      within: within.optional(),
    }),
    output: out<SearchResult>(),
  },
  'saved:list': { input: empty, output: out<SavedSearchCount[]>() },
  'saved:add': {
    input: z.strictObject({ name: z.string().trim().min(1).max(80), query: z.string().trim().min(1).max(1000) }),
    output: out<SavedSearchCount[]>(),
  },
  'saved:remove': { input: z.strictObject({ id: z.string().max(64) }), output: out<SavedSearchCount[]>() },
  'links:open': {
    input: z.strictObject({ url: z.string().max(4096) }),
    output: out<{ opened: boolean }>(),
  },
  'tags:list': { input: empty, output: out<TagInfo[]>() },
  'sources:list': { input: empty, output: out<SourceCount[]>() },
  'briefings:bulk': {
    input: z.strictObject({
      target,
      change: z.strictObject({
        addTags: z.array(tagName).max(50).optional(),
        removeTags: z.array(tagName).max(50).optional(),
        readState: z.enum(READ_STATES).optional(),
        starred: z.boolean().optional(),
        archived: z.boolean().optional(),
      }),
    }),
    output: out<ActionResult>(),
  },
  'briefings:delete-many': { input: z.strictObject({ target }), output: out<ActionResult>() },
  'briefings:similar': {
    input: z.strictObject({ id: briefingId, limit: z.number().int().min(1).max(20).optional() }),
    output: out<SimilarBriefing[]>(),
  },
  'tags:preview-rename': { input: z.strictObject({ from: tagName, to: tagName }), output: out<RenamePreview>() },
  'tags:rename': { input: z.strictObject({ from: tagName, to: tagName }), output: out<ActionResult>() },
  'tags:recolor': {
    input: z.strictObject({
      name: tagName,
      color: z
        .string()
        .regex(/^#[0-9a-f]{6}$/i, 'a colour is written #rrggbb')
        .nullable(),
    }),
    output: out<ActionResult>(),
  },
  'tags:delete': { input: z.strictObject({ name: tagName }), output: out<ActionResult>() },
  'tags:suggest': { input: z.strictObject({ id: briefingId }), output: out<TagSuggestion[]>() },
  'rules:list': { input: empty, output: out<TagRule[]>() },
  'rules:add': { input: rule, output: out<TagRule[]>() },
  'rules:remove': { input: z.strictObject({ id }), output: out<TagRule[]>() },
  'rules:preview': { input: rule, output: out<{ count: number }>() },
  'rules:apply': { input: rule, output: out<ActionResult>() },
  'history:undo': { input: empty, output: out<UndoResult>() },
  'briefings:match-titles': {
    input: z.strictObject({ titles: z.array(z.string().max(2000)).max(100), exclude: briefingId.optional() }),
    output: out<({ id: number; title: string } | null)[]>(),
  },
  'highlights:list': {
    input: z.strictObject({ briefingId: briefingId.optional() }),
    output: out<Highlight[]>(),
  },
  'highlights:add': {
    input: z.strictObject({
      briefingId,
      quote: z.string().trim().min(1).max(20_000),
      prefix: z.string().max(200),
      suffix: z.string().max(200),
      start: z.number().int().min(0).max(100_000_000),
      color: z.enum(HIGHLIGHT_COLORS),
      note: z.string().max(20_000).nullable().optional(),
    }),
    output: out<Highlight>(),
  },
  'highlights:update': {
    input: z.strictObject({
      id,
      color: z.enum(HIGHLIGHT_COLORS).optional(),
      note: z.string().max(20_000).nullable().optional(),
    }),
    output: out<Highlight>(),
  },
  'highlights:remove': { input: z.strictObject({ id }), output: out<{ removed: true }>() },
  'briefings:export-markdown': {
    input: z.strictObject({ id: briefingId }),
    output: out<{ path: string } | null>(),
  },
  // The renderer names a briefing; main resolves the path it stored at import time.
  'briefings:open-original': {
    input: z.strictObject({ id: briefingId }),
    output: out<{ path: string; inArchive: boolean }>(),
  },
  'briefings:show-original': {
    input: z.strictObject({ id: briefingId }),
    output: out<{ path: string; inArchive: boolean }>(),
  },
  'prefs:get': { input: empty, output: out<ReaderPrefs>() },
  'prefs:set': {
    input: z.strictObject({
      theme: z.enum(THEMES).optional(),
      font: z.enum(['serif', 'sans']).optional(),
      fontSize: z.number().int().min(12).max(32).optional(),
      lineHeight: z.number().min(1.2).max(2.2).optional(),
      width: z.enum(['narrow', 'medium', 'wide']).optional(),
      wordsPerMinute: z.number().int().min(80).max(1000).optional(),
      markReadAtEnd: z.boolean().optional(),
    }),
    output: out<ReaderPrefs>(),
  },
} satisfies Record<CallChannel, { input: z.ZodType; output: unknown }>;

export type Contract = typeof contract;
export type InputOf<C extends CallChannel> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends CallChannel> = z.output<Contract[C]['input']>;
export type OutputOf<C extends CallChannel> = Contract[C]['output'] extends Out<infer T> ? T : never;

export type EventPayloads = {
  'import:progress': ImportProgress;
  'library:changed': LibraryChange;
  'menu:command': { command: MenuCommand };
};
// Compile-time check that every push channel has a payload type and no extra ones exist.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const eventsCovered: Exact<keyof EventPayloads, EventChannel> = true;
