import type { BriefingFormat, RelatedItem } from '../../../shared/model';

/** What an importer extracts from one file, before sanitizing, hashing and storing. */
export type ParsedBriefing = {
  title: string;
  headline: string | null;
  source: string | null;
  byline: string | null;
  dateline: string | null;
  publishedAt: string | null;
  /** Body as plain text, paragraphs separated by blank lines (search, snippets, hashing). */
  text: string;
  /** Body as HTML; sanitized by the pipeline before it is stored. */
  html: string;
  headings: string[];
  related: RelatedItem[];
  tags: string[];
};

export type FileMeta = { path: string; name: string; size: number };

export type Importer = { parse(bytes: Uint8Array, meta: FileMeta): ParsedBriefing };

export type ImporterEntry = {
  format: BriefingFormat;
  label: string;
  extensions: readonly string[];
  archive: boolean;
  create(): Importer;
};

/** A per-file problem with a human reason; the pipeline turns it into a report entry. */
export class FileRejected extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'FileRejected';
  }
}
