import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Briefing, BriefingSummary, ImportReport } from '../shared/model';
import { toBriefingId } from '../shared/model';
import { AppFailure } from '../shared/result';
import { openDatabase, type Db } from './library/db/open';
import { defaultLibraryPath } from './library/paths';
import { createImportService } from './library/services/import-service';
import { createLibraryService } from './library/services/library-service';

/**
 * `briefings` — drive the same library the desktop app uses, from scripts and cron jobs.
 * Plain Node: it shares the core services with the app and never loads Electron.
 */
const USAGE = `Usage: briefings <command> [options]

Commands:
  import <paths...>     import files and folders (recursively)
  list                  list briefings, newest first
  show <id>             show one briefing
  search <query>        find briefings whose title or text contains the query

Options:
  --db <file>           library database (default: ${defaultLibraryPath()})
  --json                print machine-readable JSON
  --limit <n>           how many items list/search print (default 50)
  -h, --help            show this help
`;

export type CliIO = { out: (s: string) => void; err: (s: string) => void; isTTY: boolean };

const defaultIO: CliIO = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
};

export function runCli(argv: string[], io: CliIO = defaultIO): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        json: { type: 'boolean', default: false },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (cause) {
    io.err(`briefings: ${cause instanceof Error ? cause.message : String(cause)}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    (values.help ? io.out : io.err)(USAGE);
    return values.help ? 0 : 2;
  }
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
    io.err('briefings: --limit must be a whole number from 1 to 100000\n');
    return 2;
  }
  const dbPath = values.db ?? defaultLibraryPath();
  const json = values.json;

  let db: Db | null = null;
  try {
    switch (command) {
      case 'import': {
        if (rest.length === 0) return usageError(io, 'import needs at least one file or folder');
        // Check the paths before opening (and so creating) the library: a typo writes nothing.
        const importer = (): ReturnType<typeof createImportService> => {
          db = openDatabase(dbPath);
          return createImportService({ db });
        };
        return cmdImport(rest, importer, io, json);
      }
      case 'list': {
        db = openDatabase(dbPath);
        const page = createLibraryService({ db }).list({ sort: 'published', limit });
        printList(page.items, io, json);
        return 0;
      }
      case 'show': {
        const id = Number(rest[0]);
        if (rest.length !== 1 || !Number.isInteger(id) || id < 1)
          return usageError(io, 'show needs one briefing id, a positive whole number');
        db = openDatabase(dbPath);
        printBriefing(createLibraryService({ db }).get(toBriefingId(id)), io, json);
        return 0;
      }
      case 'search': {
        const query = rest.join(' ').trim();
        if (query === '') return usageError(io, 'search needs a query');
        db = openDatabase(dbPath);
        const page = createLibraryService({ db }).list({ text: query, limit, sort: 'published' });
        printList(page.items, io, json);
        return 0;
      }
      default:
        return usageError(io, `unknown command "${command}"`);
    }
  } catch (cause) {
    if (cause instanceof AppFailure) {
      io.err(`briefings: ${cause.message}\n`);
      return 1;
    }
    io.err(`briefings: unexpected error: ${cause instanceof Error ? cause.message : String(cause)}\n`);
    return 70;
  } finally {
    (db as Db | null)?.close();
  }
}

function usageError(io: CliIO, message: string): number {
  io.err(`briefings: ${message}\nRun "briefings --help" for usage.\n`);
  return 2;
}

function cmdImport(
  paths: string[],
  makeImporter: () => ReturnType<typeof createImportService>,
  io: CliIO,
  json: boolean,
): number {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length > 0) {
    for (const p of missing) io.err(`briefings: no such file or folder: ${p}\n`);
    return 1;
  }
  const showBar = io.isTTY && !json;
  const report = makeImporter().importPaths(
    paths.map((p) => path.resolve(p)),
    {
      source: 'cli',
      onProgress: showBar
        ? (p) => {
            if (p.total === 0) return;
            const width = 30;
            const filled = Math.round((p.done / p.total) * width);
            io.err(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total}`);
          }
        : undefined,
    },
  );
  if (showBar) io.err('\n');
  const explicitFiles = new Set(paths.map((p) => path.resolve(p)));
  const problems = report.files.filter(
    (f) => f.outcome === 'failed' || (f.outcome === 'skipped' && explicitFiles.has(f.path)),
  );
  if (json) {
    io.out(`${JSON.stringify(importSummary(report))}\n`);
  } else {
    io.out(
      `Imported ${report.imported}, duplicates ${report.duplicates}, skipped ${report.skipped}, failed ${report.failed}.\n`,
    );
  }
  for (const f of problems) io.err(`briefings: ${f.path}: ${f.reason ?? f.outcome}\n`);
  return problems.length > 0 ? 1 : 0;
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
  process.exitCode = runCli(process.argv.slice(2));
}
