import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Briefing, BriefingSummary, BulkChange, ImportProgress, ImportReport } from '../shared/model';
import { LIST_ORDERS, toBriefingId, type ListOrder } from '../shared/model';
import { secondsLeft } from '../shared/eta';
import { AppFailure } from '../shared/result';
import { openDatabase, readOnlyReason, type Db } from './library/db/open';
import { defaultLibraryPath } from './library/paths';
import { backupLibrary, restoreLibrary } from './library/services/backup-service';
import { exportLibrary } from './library/services/export-service';
import { createImportService } from './library/services/import-service';
import { createLibraryService } from './library/services/library-service';
import { createOrganizeService } from './library/services/organize-service';
import { createSettingsService } from './library/services/settings-service';
import { createSearchService, snapshotPathFor } from './library/search/search-service';
import { listHighlights } from './library/repos/highlights';
import { oneLine } from './library/import/prepare';

/** Commands that change the library refuse a read-only one up front; the others say so and go on. */
const WRITES = new Set(['import', 'tag', 'limits', 'mark', 'delete']);

/** The organiser without name extraction: no CLI command suggests tags, so no worker starts. */
const organizer = (db: Db) =>
  createOrganizeService({
    db,
    search: createSearchService({ db }),
    entities: { extract: () => Promise.resolve([]), close: () => Promise.resolve() },
  });

/**
 * `briefings`: drive the same library the desktop app uses, from scripts and cron jobs.
 * Plain Node: it shares the core services with the app and never loads Electron.
 */
const USAGE = `Usage: briefings <command> [options]

Commands:
  import <paths...>     import files and folders (recursively): .txt .md .html .pdf .eml
                        .mbox .docx .json (a Briefings export) and .zip archives of them
  export <file>         write the whole library as a Briefings JSON export
  backup <file>         write a consistent copy of the library (online backup;
                        the app may keep running)
  restore <file>        replace the library with a backup (quit the app first);
                        the current library is kept as <library>.before-restore-*.bak
  limits [set <name> <value>]
                        show or change import limits kept in the library
                        (maxFileMb, maxZipEntries, maxZipTotalMb, maxZipRatio,
                        maxNestingDepth, parseTimeoutSeconds)
  list [--sort newest|oldest|imported|title|source]
                        list briefings (newest first unless --sort says)
  show <id>             show one briefing
  search <query>        full-text search with the query language (see README):
                        words, "phrases", -not, OR, ( ), title:, tag:, -tag:,
                        source:, is:, format:, after:, before:, published:
  tag <id...> --add a,b --remove c
                        add and remove tags on briefings ("policy/eu" nests)
  tags                  list tags with their counts and colours
  tags rename <old> <new>
                        rename a tag with the tags below it; onto an existing
                        name it merges the two
  tags delete <name>    delete a tag and the tags below it (briefings stay)
  tags color <name> <#rrggbb|none>
                        set or clear a tag's colour
  mark <id...> --read|--unread|--star|--unstar|--archive|--unarchive
                        set reading state, star and archive (one or more)
  delete <id...>        delete briefings (Undo in the app brings them back)
  highlights [<id>]     list highlights and notes (of one briefing, or all)

Options:
  --db <file>           library database (default: ${defaultLibraryPath()})
  --json                print machine-readable JSON
  --limit <n>           how many items list/search print (default 50)
  --max-file-mb <n>     import: skip files larger than this (default 100)
  --timeout <seconds>   import: give up parsing one file after this long (default 30)
  --add <a,b>           tag: tags to add (comma-separated)
  --remove <a,b>        tag: tags to remove (comma-separated)
  --create              make a new library at --db even if its folder does not exist
  -h, --help            show this help

Exit status:
  0  done
  1  the command could not be done (no such briefing, library busy or
     read-only, a file that cannot be written); the message says why
  2  usage error (unknown command or option, bad value)
  3  import finished, but some files failed or were skipped (listed on stderr),
     or it was cancelled
  70 internal error (a bug: please report it)
`;

/** The exit status of each outcome (documented in the usage text and the README). */
export const EXIT = { ok: 0, failed: 1, usage: 2, partial: 3, internal: 70 } as const;

export type CliIO = { out: (s: string) => void; err: (s: string) => void; isTTY: boolean };

const defaultIO: CliIO = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stderr.isTTY),
};

const positiveNumber = (v: string | undefined, name: string, max: number): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new UsageError(`${name} must be a number from 1 to ${max}`);
  return n;
};

class UsageError extends Error {}

/**
 * What the CLI prints never reaches the terminal with a control character in it: a title or
 * file name holding ESC]0;…BEL (set the window title) or ESC[2J (clear the screen) shows as
 * \u001b]0;…\u0007 instead of acting. Line breaks and tabs stay (they are the CLI's own layout),
 * and a carriage return stays on stderr for the progress bar. The \uXXXX form is also valid
 * inside the JSON output's strings, where JSON.stringify already escapes C0 but not C1 or DEL.
 */
export function terminalSafe(s: string, keepReturn = false): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) =>
    keepReturn && c === '\r' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export async function runCli(argv: string[], rawIo: CliIO = defaultIO): Promise<number> {
  const io: CliIO = {
    out: (s) => rawIo.out(terminalSafe(s)),
    err: (s) => rawIo.err(terminalSafe(s, true)),
    isTTY: rawIo.isTTY,
  };
  let db: Db | null = null;
  try {
    const { values, positionals } = parseArgs({
      args: joinNegativeValues(argv),
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        json: { type: 'boolean', default: false },
        limit: { type: 'string' },
        sort: { type: 'string' },
        'max-file-mb': { type: 'string' },
        timeout: { type: 'string' },
        add: { type: 'string' },
        remove: { type: 'string' },
        create: { type: 'boolean', default: false },
        read: { type: 'boolean', default: false },
        unread: { type: 'boolean', default: false },
        star: { type: 'boolean', default: false },
        unstar: { type: 'boolean', default: false },
        archive: { type: 'boolean', default: false },
        unarchive: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      (values.help ? io.out : io.err)(USAGE);
      return values.help ? 0 : 2;
    }
    const limit = positiveNumber(values.limit, '--limit', 100_000) ?? 50;
    if (!Number.isInteger(limit)) throw new UsageError('--limit must be a whole number');
    const dbPath = values.db ?? defaultLibraryPath();
    const json = values.json;
    const open = (): Db => {
      // A mistyped --db must not quietly become a new, empty library.
      if (values.db !== undefined && !values.create) {
        const dir = path.dirname(path.resolve(values.db));
        if (!existsSync(dir))
          throw new AppFailure(
            'NOT_FOUND',
            `the folder of --db does not exist: ${dir} (check the path, or add --create to make a new library there)`,
          );
        if (!existsSync(values.db) && !WRITES.has(command) && command !== 'restore')
          throw new AppFailure(
            'NOT_FOUND',
            `no library at ${path.resolve(values.db)} (check the path, or add --create to make a new one)`,
          );
      }
      const opened = (db = openDatabase(dbPath));
      const readOnly = readOnlyReason(opened);
      if (readOnly && WRITES.has(command) && !(command === 'limits' && rest.length === 0))
        throw new AppFailure('FORBIDDEN', `${readOnly}, so "${command}" cannot change it`);
      if (readOnly) io.err(`briefings: note: ${readOnly}\n`);
      return opened;
    };

    switch (command) {
      case 'import': {
        if (rest.length === 0) throw new UsageError('import needs at least one file or folder');
        const maxMb = positiveNumber(values['max-file-mb'], '--max-file-mb', 100_000);
        const timeout = positiveNumber(values.timeout, '--timeout', 3600);
        // Check the paths before opening (and so creating) the library: a typo writes nothing.
        const missing = rest.filter((p) => !existsSync(p));
        if (missing.length > 0) {
          for (const p of missing) io.err(`briefings: no such file or folder: ${p}\n`);
          return 1;
        }
        const d = open();
        const limits = {
          ...createSettingsService({ db: d }).limits(),
          ...(maxMb ? { maxFileBytes: maxMb * 1024 * 1024 } : {}),
          ...(timeout ? { parseTimeoutMs: timeout * 1000 } : {}),
        };
        return await cmdImport(rest, createImportService({ db: d }), limits, io, json);
      }
      case 'export': {
        if (rest.length !== 1) throw new UsageError('export needs one output file');
        const r = exportLibrary(open(), rest[0] as string);
        io.out(json ? `${JSON.stringify(r)}\n` : `Exported ${r.count} briefings to ${r.path}\n`);
        return 0;
      }
      case 'backup': {
        if (rest.length !== 1) throw new UsageError('backup needs one output file');
        const r = await backupLibrary(open(), rest[0] as string);
        io.out(json ? `${JSON.stringify(r)}\n` : `Backed up the library to ${r.path} (${r.bytes} bytes)\n`);
        return 0;
      }
      case 'restore': {
        if (rest.length !== 1) throw new UsageError('restore needs one backup file');
        const r = await restoreLibrary(dbPath, rest[0] as string);
        io.out(
          json
            ? `${JSON.stringify(r)}\n`
            : `Restored ${r.briefings} briefings from ${rest[0]}${r.keptPrevious ? `; the previous library is kept as ${r.keptPrevious}` : ''}\n`,
        );
        return 0;
      }
      case 'limits': {
        const settings = createSettingsService({ db: open() });
        if (rest.length === 0) {
          const l = settings.limits();
          const shown = {
            maxFileMb: l.maxFileBytes / 1024 / 1024,
            maxZipEntries: l.maxZipEntries,
            maxZipTotalMb: l.maxZipTotalBytes / 1024 / 1024,
            maxZipRatio: l.maxZipRatio,
            maxNestingDepth: l.maxNestingDepth,
            parseTimeoutSeconds: l.parseTimeoutMs / 1000,
          };
          io.out(
            json
              ? `${JSON.stringify(shown)}\n`
              : Object.entries(shown)
                  .map(([k, v]) => `${k} ${v}\n`)
                  .join(''),
          );
          return 0;
        }
        const [verb, name, raw] = rest;
        if (verb !== 'set' || !name || raw === undefined) throw new UsageError('use: limits set <name> <value>');
        const value = positiveNumber(raw, name, 1_000_000_000) as number;
        const map: Record<string, [keyof ReturnType<typeof settings.limits>, number]> = {
          maxFileMb: ['maxFileBytes', 1024 * 1024],
          maxZipEntries: ['maxZipEntries', 1],
          maxZipTotalMb: ['maxZipTotalBytes', 1024 * 1024],
          maxZipRatio: ['maxZipRatio', 1],
          maxNestingDepth: ['maxNestingDepth', 1],
          parseTimeoutSeconds: ['parseTimeoutMs', 1000],
        };
        const target = map[name];
        if (!target) throw new UsageError(`unknown limit "${name}" (one of ${Object.keys(map).join(', ')})`);
        settings.set('importLimits', { ...settings.get('importLimits'), [target[0]]: Math.round(value * target[1]) });
        io.out(`${name} set to ${value}\n`);
        return 0;
      }
      case 'list': {
        const order = values.sort ?? 'newest';
        if (!(order in LIST_ORDERS)) throw new UsageError(`--sort is one of ${Object.keys(LIST_ORDERS).join(', ')}`);
        const { sort, direction } = LIST_ORDERS[order as ListOrder];
        const page = createLibraryService({ db: open() }).list({ sort, direction, limit });
        printList(page.items, io, json);
        return 0;
      }
      case 'show': {
        const id = Number(rest[0]);
        if (rest.length !== 1 || !Number.isInteger(id) || id < 1)
          throw new UsageError('show needs one briefing id, a positive whole number');
        printBriefing(createLibraryService({ db: open() }).get(toBriefingId(id)), io, json);
        return 0;
      }
      case 'search': {
        const query = rest.join(' ').trim();
        if (query === '') throw new UsageError('search needs a query');
        // The app's snapshot makes a one-off search fast; the first search of a library builds
        // and saves it.
        const searcher = createSearchService({ db: open(), snapshotPath: snapshotPathFor(dbPath) });
        const result = await searcher.search({ query, limit });
        await searcher.close();
        if (result.problem) {
          io.err(`briefings: ${result.problem}\n`);
          return 2;
        }
        const snippetText = (parts: { text: string }[]): string => parts.map((p) => p.text).join('');
        if (json) {
          const rows = result.items.map((h) => ({
            id: h.briefing.id,
            title: h.briefing.title,
            score: h.score,
            snippet: snippetText(h.snippet),
          }));
          io.out(`${JSON.stringify(rows)}\n`);
        } else if (result.items.length === 0) {
          io.out('No matches.\n');
        } else {
          for (const h of result.items) {
            io.out(
              `${String(h.briefing.id).padStart(6)}  ${h.briefing.title}\n        ${h.snippet.map((p) => (p.hit ? `[${p.text}]` : p.text)).join('')}\n`,
            );
          }
          io.out(
            `${result.total} ${result.total === 1 ? 'match' : 'matches'}${result.fuzzy ? ' (no exact match; showing close spellings)' : ''}.\n`,
          );
        }
        return 0;
      }
      case 'tag': {
        const ids = briefingIds(rest, 'tag');
        const split = (v: string | undefined): string[] =>
          (v ?? '')
            .split(',')
            .map((t) => t.trim())
            .filter((t) => t !== '');
        const add = split(values.add);
        const remove = split(values.remove);
        if (add.length === 0 && remove.length === 0) throw new UsageError('tag needs --add and/or --remove');
        const organize = organizer(open());
        await requireIds(organize, ids);
        const r = await organize.bulk({ ids: ids.map(toBriefingId) }, { addTags: add, removeTags: remove });
        io.out(json ? `${JSON.stringify(r)}\n` : `${r.label}.\n`);
        return 0;
      }
      case 'mark': {
        const ids = briefingIds(rest, 'mark');
        const pairs = [
          ['read', 'unread'],
          ['star', 'unstar'],
          ['archive', 'unarchive'],
        ] as const;
        for (const [on, off] of pairs)
          if (values[on] && values[off]) throw new UsageError(`mark takes --${on} or --${off}, not both`);
        const change: BulkChange = {
          ...(values.read ? { readState: 'read' as const } : values.unread ? { readState: 'unread' as const } : {}),
          ...(values.star ? { starred: true } : values.unstar ? { starred: false } : {}),
          ...(values.archive ? { archived: true } : values.unarchive ? { archived: false } : {}),
        };
        if (Object.keys(change).length === 0)
          throw new UsageError('mark needs --read, --unread, --star, --unstar, --archive or --unarchive');
        const organize = organizer(open());
        await requireIds(organize, ids);
        const r = await organize.bulk({ ids: ids.map(toBriefingId) }, change);
        io.out(json ? `${JSON.stringify(r)}\n` : `${r.label}.\n`);
        return 0;
      }
      case 'delete': {
        const ids = briefingIds(rest, 'delete');
        const organize = organizer(open());
        await requireIds(organize, ids);
        const r = await organize.remove({ ids: ids.map(toBriefingId) });
        io.out(
          json
            ? `${JSON.stringify(r)}\n`
            : `${r.label}. Undo in the app (Briefing > Undo Last Library Action) brings it back.\n`,
        );
        return 0;
      }
      case 'highlights': {
        if (rest.length > 1) throw new UsageError('highlights takes at most one briefing id');
        const id = rest.length === 1 ? briefingIds(rest, 'highlights')[0] : undefined;
        const d = open();
        if (id !== undefined) createLibraryService({ db: d }).get(toBriefingId(id));
        const items = listHighlights(d, id === undefined ? undefined : toBriefingId(id), limit);
        if (json) io.out(`${JSON.stringify(items)}\n`);
        else if (items.length === 0) io.out('No highlights.\n');
        else
          for (const h of items)
            io.out(
              `${String(h.briefingId).padStart(6)}  ${h.createdAt.slice(0, 10)}  “${oneLine(h.quote)}”  — ${h.briefingTitle}\n${h.note ? `        note: ${oneLine(h.note)}\n` : ''}`,
            );
        return 0;
      }
      case 'tags': {
        const organize = organizer(open());
        const [verb, a, b] = rest;
        if (verb === undefined) {
          const tags = organize.tags().filter((t) => t.exists);
          if (json) io.out(`${JSON.stringify(tags.map((t) => ({ name: t.name, count: t.count, color: t.color })))}\n`);
          else if (tags.length === 0) io.out('No tags.\n');
          else
            for (const t of tags) io.out(`${String(t.count).padStart(6)}  ${t.name}${t.color ? `  ${t.color}` : ''}\n`);
          return 0;
        }
        let r;
        if (verb === 'rename' && a && b && rest.length === 3) r = organize.renameTag(a, b);
        else if (verb === 'delete' && a && rest.length === 2) r = organize.deleteTag(a);
        else if (verb === 'color' && a && b && rest.length === 3) {
          if (b !== 'none' && !/^#[0-9a-f]{6}$/i.test(b)) throw new UsageError('a colour is written #rrggbb (or none)');
          r = organize.recolorTag(a, b === 'none' ? null : b);
        } else
          throw new UsageError(
            'use: tags, tags rename <old> <new>, tags delete <name>, tags color <name> <#rrggbb|none>',
          );
        io.out(json ? `${JSON.stringify(r)}\n` : `${r.label}.\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (cause) {
    const code = (cause as { code?: string } | null)?.code;
    if (cause instanceof UsageError || code?.startsWith('ERR_PARSE_ARGS')) {
      // One line: node's parser explains itself over three ("Did you forget…").
      io.err(`briefings: ${(cause as Error).message.split('\n')[0]}\nRun "briefings --help" for usage.\n`);
      return EXIT.usage;
    }
    if (cause instanceof AppFailure) {
      io.err(`briefings: ${cause.message}\n`);
      return EXIT.failed;
    }
    // The disk said no (a folder that vanished, a permission): a sentence, not a crash.
    const fsMessage = fileSystemProblem(cause);
    if (fsMessage) {
      io.err(`briefings: ${fsMessage}\n`);
      return EXIT.failed;
    }
    io.err(`briefings: unexpected error: ${cause instanceof Error ? cause.message : String(cause)}\n`);
    return EXIT.internal;
  } finally {
    (db as Db | null)?.close();
  }
}

async function cmdImport(
  paths: string[],
  importer: ReturnType<typeof createImportService>,
  limits: Parameters<ReturnType<typeof createImportService>['importPaths']>[1]['limits'],
  io: CliIO,
  json: boolean,
): Promise<number> {
  const showBar = io.isTTY && !json;
  const controller = new AbortController();
  // Ctrl+C stops the import but keeps what is already committed, and still prints the summary.
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  let report: ImportReport;
  try {
    report = await importer.importPaths(
      paths.map((p) => path.resolve(p)),
      {
        source: 'cli',
        limits,
        signal: controller.signal,
        onProgress: showBar ? (p) => io.err(`\r${progressLine(p)}`) : undefined,
      },
    );
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  if (showBar) io.err('\n');
  const explicitFiles = new Set(paths.map((p) => path.resolve(p)));
  const problems = report.files.filter(
    (f) => f.outcome === 'failed' || (f.outcome === 'skipped' && explicitFiles.has(f.path)),
  );
  if (json) {
    io.out(`${JSON.stringify(importSummary(report))}\n`);
  } else {
    io.out(
      `${report.status === 'cancelled' ? 'Cancelled. ' : ''}Imported ${report.imported}, duplicates ${report.duplicates}, skipped ${report.skipped}, failed ${report.failed}.\n`,
    );
  }
  for (const f of problems) io.err(`briefings: ${f.path}: ${f.reason ?? f.outcome}\n`);
  for (const f of report.files)
    if (f.outcome === 'imported' && f.reason) io.err(`briefings: ${f.path}: imported, but ${f.reason}\n`);
  return problems.length > 0 || report.status === 'cancelled' ? EXIT.partial : EXIT.ok;
}

/**
 * `--limit -5` is the user's mistake to hear about ("--limit must be a number from 1…"), but
 * node's parser reads "-5" as an option and answers in its own words; the value is joined.
 */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = argv[i + 1];
    if (/^--(limit|max-file-mb|timeout)$/.test(a) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

function briefingIds(args: string[], command: string): number[] {
  const ids = args.map(Number);
  if (ids.length === 0 || ids.some((n) => !Number.isInteger(n) || n < 1))
    throw new UsageError(`${command} needs one or more briefing ids (positive whole numbers)`);
  return ids;
}

async function requireIds(organize: ReturnType<typeof organizer>, ids: number[]): Promise<void> {
  const found = await organize.resolve({ ids: ids.map(toBriefingId) });
  const missing = ids.filter((id) => !found.includes(id));
  if (missing.length > 0) throw new AppFailure('NOT_FOUND', `no briefing with id ${missing.join(', ')}`);
}

function fileSystemProblem(cause: unknown): string | null {
  const e = cause as NodeJS.ErrnoException | null;
  if (!e || typeof e.code !== 'string' || typeof e.path !== 'string') return null;
  const what = {
    ENOENT: 'does not exist',
    EACCES: 'is not accessible (permission denied)',
    EPERM: 'is not accessible (permission denied)',
    ENOTDIR: 'is not in a folder',
    EISDIR: 'is a folder',
    ENOSPC: 'cannot be written: the disk is full',
    EROFS: 'is on a read-only disk',
  }[e.code];
  return what ? `${e.path} ${what}` : null;
}

export function progressLine(p: ImportProgress): string {
  if (p.phase === 'scanning') {
    const found = Object.values(p.found).reduce((a, b) => a + b, 0);
    return `Scanning… ${found} files (${(p.totalBytes / 1024 / 1024).toFixed(1)} MB)`;
  }
  const width = 28;
  const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width);
  const parsingMs = p.elapsedMs - (p.importingSinceMs ?? 0);
  const rate = parsingMs > 0 ? (p.done / parsingMs) * 1000 : 0;
  const left = secondsLeft(p);
  const eta = left === null ? 'ETA …' : `ETA ${Math.ceil(left)}s`;
  const wait = p.waitingForLibrary ? '  waiting for the library (another program holds it)' : '';
  const slow = p.slowFile ? `  reading ${path.basename(p.slowFile.path)} (${Math.round(p.slowFile.ms / 1000)} s)` : '';
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total}  ${rate.toFixed(0)} files/s  ${eta}${wait}${slow} `;
}

/** The JSON shape scripts rely on (see README). Skipped files are listed as errors too. */
export function importSummary(r: ImportReport) {
  return {
    imported: r.imported,
    duplicates: r.duplicates,
    failed: r.failed,
    skipped: r.skipped,
    errors: r.files
      .filter((f) => f.outcome === 'failed' || f.outcome === 'skipped')
      .map((f) => ({ path: f.path, reason: f.reason ?? f.outcome })),
  };
}

function printList(items: BriefingSummary[], io: CliIO, json: boolean): void {
  if (json) {
    const rows = items.map((b) => ({
      id: b.id,
      title: b.title,
      source: b.source,
      publishedAt: b.publishedAt,
      tags: b.tags,
    }));
    io.out(`${JSON.stringify(rows)}\n`);
    return;
  }
  if (items.length === 0) {
    io.out('No briefings.\n');
    return;
  }
  for (const b of items) {
    const date = (b.publishedAt ?? b.importedAt).slice(0, 10);
    io.out(`${String(b.id).padStart(6)}  ${date}  ${b.title}${b.source ? `  — ${b.source}` : ''}\n`);
  }
}

function printBriefing(b: Briefing, io: CliIO, json: boolean): void {
  if (json) {
    io.out(`${JSON.stringify(b)}\n`);
    return;
  }
  const lines = [
    b.title,
    ...(b.headline ? [b.headline] : []),
    [b.source, b.byline, b.dateline, b.publishedAt?.slice(0, 10)].filter(Boolean).join(' · '),
    '',
    b.text,
    ...(b.related.length > 0 ? ['', 'Related:', ...b.related.map((r) => `  - ${r.title}`)] : []),
  ];
  io.out(`${lines.join('\n')}\n`);
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
