import { z } from 'zod';
import { DEFAULT_READER_PREFS, THEMES } from '../../../shared/model';
import type { Db } from '../db/open';
import { DEFAULT_LIMITS, type ImportLimits } from '../import/limits';

const limitsSchema = z
  .object({
    maxFileBytes: z.number().int().positive(),
    maxZipEntries: z.number().int().positive(),
    maxZipTotalBytes: z.number().int().positive(),
    maxZipRatio: z.number().positive(),
    maxNestingDepth: z.number().int().min(0).max(10),
    parseTimeoutMs: z.number().int().min(100),
    maxWorkerHeapMb: z.number().int().min(64),
  })
  .partial();

/** Reader preferences; strict and bounded, shared with the IPC contract. */
export const readerPrefsSchema = z.strictObject({
  theme: z.enum(THEMES),
  font: z.enum(['serif', 'sans']),
  fontSize: z.number().int().min(12).max(32),
  lineHeight: z.number().min(1.2).max(2.2),
  width: z.enum(['narrow', 'medium', 'wide']),
  wordsPerMinute: z.number().int().min(80).max(1000),
  markReadAtEnd: z.boolean(),
});

const schemas = {
  watchedFolders: z.array(z.string()).max(100),
  savedSearches: z.array(z.object({ id: z.string(), name: z.string(), query: z.string() })).max(200),
  importLimits: limitsSchema,
  readerPrefs: readerPrefsSchema,
};
type Settings = { [K in keyof typeof schemas]: z.infer<(typeof schemas)[K]> };
const defaults: Settings = {
  watchedFolders: [],
  savedSearches: [],
  importLimits: {},
  readerPrefs: DEFAULT_READER_PREFS,
};

export type SettingsService = ReturnType<typeof createSettingsService>;

/** Typed settings kept in the library itself, so the CLI and the app share them. */
export function createSettingsService({ db }: { db: Db }) {
  function get<K extends keyof Settings>(key: K): Settings[K] {
    const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    if (!row) return defaults[key];
    try {
      const parsed = schemas[key].safeParse(JSON.parse(row.value));
      return parsed.success ? (parsed.data as Settings[K]) : defaults[key];
    } catch {
      return defaults[key];
    }
  }
  function set<K extends keyof Settings>(key: K, value: Settings[K]): void {
    const valid = schemas[key].parse(value);
    db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ).run(key, JSON.stringify(valid));
  }
  return { get, set, limits: (): ImportLimits => ({ ...DEFAULT_LIMITS, ...get('importLimits') }) };
}
