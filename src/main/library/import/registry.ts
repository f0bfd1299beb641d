import path from 'node:path';
import { docxImporter } from './importers/docx';
import { emlImporter, mboxImporter } from './importers/eml';
import { htmlImporter } from './importers/html';
import { jsonImporter } from './importers/json';
import { mdImporter } from './importers/md';
import { pdfImporter } from './importers/pdf';
import { txtImporter } from './importers/txt';
import type { ImporterEntry } from './types';

/** Zip archives are expanded by the pipeline; each entry goes through this registry again. */
export const zipEntry: ImporterEntry = {
  format: 'txt',
  label: 'Zip archive',
  extensions: ['.zip'],
  archive: true,
  create: () => ({
    parse() {
      throw new Error('archives are expanded by the import pipeline, not parsed');
    },
  }),
};

/**
 * Every supported format, as metadata plus a factory (Joplin's interop registry). Adding a format
 * means adding an entry here; nothing else in the pipeline switches on formats.
 */
export const importers: readonly ImporterEntry[] = [
  txtImporter,
  mdImporter,
  htmlImporter,
  pdfImporter,
  emlImporter,
  mboxImporter,
  docxImporter,
  jsonImporter,
  zipEntry,
];

export function importerFor(file: string): ImporterEntry | undefined {
  const ext = path.extname(file).toLowerCase();
  return importers.find((entry) => entry.extensions.includes(ext));
}

/**
 * The importer for a file's content: its extension's, unless that is a generic format (plain
 * text) and the first bytes say it is another one (RFC 822 headers: a mail saved as .txt).
 */
export function importerForBytes(file: string, bytes: Uint8Array): ImporterEntry | undefined {
  const byName = importerFor(file);
  if (!byName?.sniffable) return byName;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 16384)).toString('latin1');
  return importers.find((entry) => entry !== byName && entry.sniff?.(head)) ?? byName;
}

/** A short label for the scan summary ("html", "zip", "other"). */
export function kindOf(file: string): string {
  const entry = importerFor(file);
  if (!entry) return 'other';
  return entry.archive ? 'zip' : entry === mboxImporter ? 'mbox' : entry.format;
}
