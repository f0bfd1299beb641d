import type { ExportedHighlight } from './export-format';
import type { InflateBudget, InflateLimits } from './inflate-budget';
import type { NewTagRule, BriefingFormat, ReadState, RelatedItem } from '../../../shared/model';

/** What an importer extracts from one document, before sanitizing, hashing and storing. */
export type ParsedBriefing = {
  title: string;
  headline: string | null;
  source: string | null;
  byline: string | null;
  dateline: string | null;
  publishedAt: string | null;
  url?: string | null;
  language?: string | null;
  excerpt?: string | null;
  /** Body as plain text, paragraphs separated by blank lines (search, snippets, hashing). */
  text: string;
  /** Body as HTML; sanitized by the pipeline before it is stored. */
  html: string;
  /**
   * The importer built `html` itself from escaped text and its own fixed tags (plain text, a
   * text-only mail): there is nothing to sanitize, and sanitize-html was a quarter of a mail's cost.
   */
  htmlIsEscapedText?: true;
  headings: string[];
  related: RelatedItem[];
  tags: string[];
  /** Things the reader should know about an import that succeeded (text that could not be decoded). */
  warnings?: string[];
  /** Only the app's own JSON export carries these: a round trip keeps format, path and state. */
  originalFormat?: BriefingFormat;
  originalPath?: string | null;
  state?: {
    readState: ReadState;
    scrollProgress: number;
    starred: boolean;
    archived: boolean;
    importedAt: string;
    /** The briefing's highlights and notes, put back with it. */
    highlights?: ExportedHighlight[];
    /** The note on the whole briefing. */
    note?: string | null;
    /** Library-wide settings of the export (tag colours, tagging rules), carried by its first entry. */
    library?: ExportedLibrary;
  };
};

export type ExportedLibrary = {
  tags: { name: string; color: string | null }[];
  rules: NewTagRule[];
  savedSearches?: { name: string; query: string }[];
};

export type FileMeta = {
  path: string;
  name: string;
  size: number;
  /**
   * The inflate budget for formats that decompress (docx, PDF): their own limits, and the budget
   * of the archive they came out of, if any. Absent in direct calls: the defaults apply.
   */
  inflate?: { limits: InflateLimits; outer?: InflateBudget };
};

/**
 * One document found in a file: mbox and JSON exports hold many, other formats one. A document
 * inside a container can be rejected on its own (`rejected` is the human reason) while its
 * siblings import.
 */
export type ParsedItem = { parsed: ParsedBriefing; suffix?: string } | { rejected: string; suffix?: string };

export type Importer = { parse(bytes: Uint8Array, meta: FileMeta): Promise<ParsedItem[]> | ParsedItem[] };

export type ImporterEntry = {
  format: BriefingFormat;
  label: string;
  extensions: readonly string[];
  /** Archives are expanded by the pipeline; their entries go through the registry again. */
  archive: boolean;
  /**
   * Recognises this format from a file's first bytes, whatever its name: a mail saved as .txt
   * is still a mail. Only consulted for files whose own format allows it (`sniffable`).
   */
  sniff?(head: string): boolean;
  /** A generic format (plain text) whose files may really be another format found by `sniff`. */
  sniffable?: boolean;
  create(): Importer;
};

/** A per-file problem with a human reason; the pipeline turns it into a report entry. */
export class FileRejected extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'FileRejected';
  }
}

export const single = (parsed: ParsedBriefing): ParsedItem[] => [{ parsed }];

/** The file has a supported extension but is not something Briefings reads (a foreign .json). */
export class NotSupported extends FileRejected {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotSupported';
  }
}
