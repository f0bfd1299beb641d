/**
 * Data shapes shared by main, preload and renderer. Everything here must survive structured
 * clone and JSON (IPC, CLI --json, Playwright bindings): no Date objects, no class instances.
 * Dates are ISO-8601 strings.
 */
declare const brand: unique symbol;
export type BriefingId = number & { readonly [brand]: 'BriefingId' };
export const toBriefingId = (n: number): BriefingId => n as BriefingId;

export type ReadState = 'unread' | 'in_progress' | 'read';
export const READ_STATES = ['unread', 'in_progress', 'read'] as const;

export const BRIEFING_FORMATS = ['txt', 'md', 'html', 'pdf', 'eml', 'docx', 'json'] as const;
export type BriefingFormat = (typeof BRIEFING_FORMATS)[number];

export type RelatedItem = { title: string; teaser: string };

export type BriefingSummary = {
  id: BriefingId;
  title: string;
  source: string | null;
  byline: string | null;
  publishedAt: string | null;
  importedAt: string;
  format: BriefingFormat;
  wordCount: number;
  readState: ReadState;
  scrollProgress: number;
  starred: boolean;
  archived: boolean;
  tags: string[];
  excerpt: string;
};

export type Briefing = BriefingSummary & {
  headline: string | null;
  dateline: string | null;
  originalPath: string | null;
  contentHash: string;
  text: string;
  html: string;
  headings: string[];
  related: RelatedItem[];
  /** The reader's note on the whole briefing. */
  note: string | null;
};

/** The details a user can correct by hand (a file-name title, a missing source or date). */
export type DetailsEdit = {
  id: BriefingId;
  title?: string;
  source?: string | null;
  byline?: string | null;
  publishedAt?: string | null;
  note?: string | null;
};

export type SortKey = 'published' | 'imported' | 'title' | 'source';

/** The orders the library list offers (the app's menu and `briefings list --sort`). */
export const LIST_ORDERS = {
  newest: { label: 'Newest first', sort: 'published', direction: 'desc' },
  oldest: { label: 'Oldest first', sort: 'published', direction: 'asc' },
  imported: { label: 'Recently imported', sort: 'imported', direction: 'desc' },
  title: { label: 'Title A–Z', sort: 'title', direction: 'asc' },
  source: { label: 'Source A–Z', sort: 'source', direction: 'asc' },
} as const satisfies Record<string, { label: string; sort: SortKey; direction: 'asc' | 'desc' }>;
export type ListOrder = keyof typeof LIST_ORDERS;

export type ListQuery = {
  sort?: SortKey;
  direction?: 'asc' | 'desc';
  readState?: ReadState;
  starred?: boolean;
  archived?: boolean;
  tag?: string;
  source?: string;
  /** Plain case-insensitive substring match on title and text (the search issue replaces it). */
  text?: string;
  offset?: number;
  limit?: number;
};

export type Page<T> = { items: T[]; total: number; offset: number; limit: number };

export type ReadingUpdate = {
  id: BriefingId;
  readState?: ReadState;
  scrollProgress?: number;
  starred?: boolean;
  archived?: boolean;
};

/** Counts for the sidebar views; unread, in progress and starred leave archived briefings out, as their views do. */
export type LibraryStats = {
  total: number;
  unread: number;
  inProgress: number;
  starred: number;
  archived: number;
  /** Set when the library could only be opened for reading (a read-only disk): why, for the user. */
  readOnly?: string | null;
};

export type ImportOutcome = 'imported' | 'duplicate' | 'skipped' | 'failed';

export type ImportFileResult = {
  path: string;
  outcome: ImportOutcome;
  /**
   * Human reason for duplicate / skipped / failed ("duplicate of <title>", "not a supported
   * format"); for an imported file, a warning about it (text in a charset that could not be decoded).
   */
  reason?: string;
  id?: BriefingId;
  title?: string;
};

export type ImportReport = {
  runId: number;
  status: 'done' | 'cancelled';
  imported: number;
  duplicates: number;
  skipped: number;
  failed: number;
  files: ImportFileResult[];
};

export type ImportProgress = {
  runId: number;
  /** scanning: files are being found; importing: parsed and stored; done / cancelled: finished. */
  phase: 'scanning' | 'importing' | 'done' | 'cancelled';
  /** Files found per kind ("txt", "html", "pdf", "zip", "other", ...) and their total size. */
  found: Record<string, number>;
  totalBytes: number;
  done: number;
  total: number;
  imported: number;
  duplicates: number;
  skipped: number;
  failed: number;
  currentPath: string | null;
  /** Another program holds the library: the import is waiting for it (and says so). */
  waitingForLibrary?: boolean;
  /** Milliseconds since the run started; with done/total the renderer derives rate and ETA. */
  elapsedMs: number;
  /** Bytes of the files finished so far, and when (elapsedMs) parsing began: the ETA's basis. */
  doneBytes?: number;
  importingSinceMs?: number;
  /** The file everything waits on, once it has taken more than 2 s (a large PDF, a huge page). */
  slowFile?: { path: string; ms: number };
};

export type ImportRunSummary = {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  source: string;
  status: 'running' | 'done' | 'cancelled' | 'failed';
  imported: number;
  duplicates: number;
  skipped: number;
  failed: number;
  total: number;
  paths: string[];
  /** Why the run ended early, when it did: "interrupted", "the disk is full", "the library was busy". */
  note: string | null;
};

export type LibraryChange = { reason: 'import' | 'update' | 'delete' | 'tags' };

export type SnippetPart = { text: string; hit: boolean };

export type SearchHit = {
  briefing: BriefingSummary;
  score: number;
  /** The best passage, split so that every matched word is its own part with hit: true. */
  snippet: SnippetPart[];
};

export type SearchRequest = {
  query: string;
  sort?: 'relevance' | 'date';
  offset?: number;
  limit?: number;
  /** The sidebar view the search runs within. */
  within?: Pick<ListQuery, 'readState' | 'starred' | 'archived' | 'tag' | 'source'>;
};

export type SearchResult = {
  /** A friendly explanation when the query cannot be read; the results are then empty. */
  problem: string | null;
  total: number;
  items: SearchHit[];
  /** Folded query words, for highlighting every match in the reader. */
  highlight: string[];
  /** True when nothing matched exactly and these are typo-tolerant matches. */
  fuzzy: boolean;
  tookMs: number;
};

export type SavedSearch = { id: string; name: string; query: string };
/** A saved search with its live count of matching briefings. */
export type SavedSearchCount = SavedSearch & { count: number };

/**
 * A node of the tag tree. `name` is the full path ("policy/eu"); `count` is the number of
 * briefings (not archived) tagged with it or any tag below it, which is what selecting it shows;
 * `uses` counts its own links (autocomplete ranks by it); `exists` is false for a parent that is
 * only implied by its children ("policy" when only "policy/eu" was ever created).
 */
export type TagInfo = { name: string; color: string | null; count: number; uses: number; exists: boolean };

export type SourceCount = { name: string; count: number };

/** What a bulk action applies to: chosen rows, or everything in the current view or search. */
export type BulkTarget =
  | { ids: BriefingId[] }
  | { view: Pick<ListQuery, 'readState' | 'starred' | 'archived' | 'tag' | 'source'> }
  | { search: { query: string; within?: Pick<ListQuery, 'readState' | 'starred' | 'archived' | 'tag' | 'source'> } };

export type BulkChange = {
  addTags?: string[];
  removeTags?: string[];
  readState?: ReadState;
  starred?: boolean;
  archived?: boolean;
};

/** The outcome of an undoable action: what the toast says and the Undo button reverts. */
export type ActionResult = { label: string; affected: number; undoable: boolean };

export type UndoResult = { undone: string | null; remaining: number };

export type RenamePreview = {
  kind: 'rename' | 'merge';
  from: { name: string; count: number };
  to: { name: string; count: number } | null;
  /** Tags below `from` that move with it. */
  subtags: number;
  /** One sentence for the confirmation ("Merge 'AI' (12) into 'ai' (40)?"). */
  message: string;
};

export const RULE_FIELDS = ['any', 'source', 'title', 'text', 'dateline'] as const;
export type RuleField = (typeof RULE_FIELDS)[number];
export type TagRule = { id: number; field: RuleField; pattern: string; tag: string };
export type NewTagRule = Omit<TagRule, 'id'>;

export type TagSuggestion = {
  name: string;
  /** Why it is suggested, shown beside it ("appears 5 times", "person named in the text"). */
  reason: string;
  /** True when the tag already exists in the library. */
  existing: boolean;
};

export type SimilarBriefing = { briefing: BriefingSummary; score: number; shared: string[] };

export const THEMES = ['system', 'light', 'dark', 'sepia', 'contrast'] as const;
export type Theme = (typeof THEMES)[number];

/** How the reader looks and behaves; kept in the library's settings, applied at once. */
export type ReaderPrefs = {
  theme: Theme;
  font: 'serif' | 'sans';
  /** Body text size in pixels. */
  fontSize: number;
  lineHeight: number;
  /** Line length: narrow ≈ 60, medium ≈ 68, wide ≈ 78 characters. */
  width: 'narrow' | 'medium' | 'wide';
  /** Reading speed for "n min read". */
  wordsPerMinute: number;
  /** Reaching the end of the text marks the briefing read. */
  markReadAtEnd: boolean;
};

export const DEFAULT_READER_PREFS: ReaderPrefs = {
  theme: 'system',
  font: 'serif',
  fontSize: 18,
  lineHeight: 1.6,
  width: 'medium',
  wordsPerMinute: 230,
  markReadAtEnd: true,
};

/** Commands the application menu sends to the window (each also has a key in the renderer). */
export const MENU_COMMANDS = [
  'next-briefing',
  'previous-briefing',
  'toggle-read',
  'toggle-star',
  'toggle-archive',
  'add-tag',
  'search',
  'next-section',
  'previous-section',
  'open-briefing',
  'page-down',
  'page-up',
  'shortcuts',
  'undo',
  'edit-note',
  'print',
  'open-original',
  'show-original',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export const HIGHLIGHT_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
export type HighlightColor = (typeof HIGHLIGHT_COLORS)[number];

/** A highlighted passage, anchored by its quote and the text around it. */
export type Highlight = {
  id: number;
  briefingId: BriefingId;
  /** The briefing's title (for the library-wide list). */
  briefingTitle: string;
  quote: string;
  prefix: string;
  suffix: string;
  /** Character offset in the briefing's rendered text when it was made; a hint only. */
  start: number;
  color: HighlightColor;
  note: string | null;
  createdAt: string;
};

export type NewHighlight = Pick<Highlight, 'briefingId' | 'quote' | 'prefix' | 'suffix' | 'start' | 'color'> & {
  note?: string | null;
};
