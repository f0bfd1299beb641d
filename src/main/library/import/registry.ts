import path from 'node:path';
import { txtImporter } from './importers/txt';
import type { ImporterEntry } from './types';

/**
 * Every supported format, as metadata plus a factory (Joplin's interop registry). Adding a format
 * means adding an entry here; nothing else in the pipeline switches on formats.
 */
export const importers: readonly ImporterEntry[] = [txtImporter];

export function importerFor(file: string): ImporterEntry | undefined {
  const ext = path.extname(file).toLowerCase();
  return importers.find((entry) => entry.extensions.includes(ext));
}

export const supportedExtensions = (): string[] => importers.flatMap((entry) => [...entry.extensions]);
