import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BriefingId, ImportFileResult, ImportProgress, ImportReport } from '../../../shared/model';
import { AppFailure } from '../../../shared/result';
import type { Db } from '../db/open';
import { DEFAULT_LIMITS, type ImportLimits } from '../import/limits';
import type { PreparedBriefing, PreparedItem } from '../import/prepare';
import { kindOf } from '../import/registry';
import { createParsePool, type ParsePool } from '../import/worker-pool';
import { findByContentHash, insertBriefing } from '../repos/briefings';
import { addRule, listRules, ruleMatches } from '../repos/rules';
import { ensureTagKeepingColor } from '../repos/tags';
import { createSettingsService } from './settings-service';
import type { ExportedLibrary } from '../import/types';
import type { TagRule } from '../../../shared/model';
import { isBusy } from '../db/library-lock';
import {
  closeStaleRuns,
  committedCounts,
  failedSourcePaths,
  finishImportRun,
  recordImportFile,
  startImportRun,
  unchangedFailure,
  unchangedImport,
  REMEMBERED,
  type FileFingerprint,
} from '../repos/import-runs';

export type ImportOptions = {
  /** Where the paths came from, recorded in import history ("cli", "dialog", "drop", "watch", "sample"). */
  source: string;
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  limits?: Partial<ImportLimits>;
  /** Parse files again that failed before and have not changed since (Retry); otherwise a file
   * found in a folder that failed unchanged is reported with its old reason, not parsed again. */
  retry?: boolean;
};

export type ImportService = ReturnType<typeof createImportService>;

type ScannedFile = { path: string; size: number; mtimeMs: number; kind: string; problem?: string };
type Outcome = {
  file: ScannedFile;
  items: PreparedItem[];
  fingerprint: FileFingerprint | null;
  /** Set when the file is exactly as it was when it was imported before: nothing to parse. */
  unchanged?: { id: number; title: string };
};

/** After this long on one file, progress names it ("Reading <file>…"). */
const SLOW_FILE_MS = 2000;

// Writes are grouped so one transaction holds many briefings (fast) but no single transaction
// holds the event loop long (the Electron main thread must keep answering IPC).
const BATCH_ITEMS = 64;
const BATCH_MS = 40;
const FLUSH_BUDGET_MS = 8;
// Awaiting results that are already resolved never returns to the event loop, so the consuming
// loop also yields on a clock.
const SLICE_MS = 8;
const PROGRESS_MS = 100;
// A checkpoint in the worker can only finish (and the WAL restart) while main is not writing:
// measured, a 10,000-file import otherwise grew the WAL to 80 MB and main's fallback checkpoint
// stalled a commit for 40-90 ms.
const WAL_PAUSE_BYTES = 16 * 1024 * 1024;
// Containers (archives, mailboxes, exports) are always re-read: their entries are checked one by one.
const CONTAINERS = new Set(['zip', 'mbox', 'json']);
/** How long an import waits for another process (a backup, a sync, a second window) to release the library. */
const BUSY_WAIT_MS = 60_000;
/** While importing, SQLite's own (blocking) busy wait is kept short; the import waits asynchronously instead. */
const FLUSH_BUSY_TIMEOUT_MS = 100;
const CONNECTION_BUSY_TIMEOUT_MS = 5000;

const isDiskFull = (cause: unknown): boolean => (cause as { code?: unknown } | null)?.code === 'SQLITE_FULL';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Bulk import. Every named path must exist before anything is written (a typo leaves the library
 * untouched). Then a scan finds the files, a pool of worker threads parses, sanitizes and hashes
 * them, and this thread only checks duplicates and writes batches in transactions: a crash loses
 * at most the open batch and never leaves half a briefing. Imports run one at a time.
 */
export function createImportService({
  db,
  now = () => new Date().toISOString(),
  limits: baseLimits = {},
  poolSize,
  checkpoint,
  walPauseBytes = WAL_PAUSE_BYTES,
  busyWaitMs = BUSY_WAIT_MS,
  slowFileMs = SLOW_FILE_MS,
}: {
  db: Db;
  now?: () => string;
  limits?: Partial<ImportLimits>;
  poolSize?: number;
  /**
   * A WAL checkpoint run by another thread (the search worker). Given it, a long import pauses
   * (asynchronously) whenever the WAL passes WAL_PAUSE_BYTES until the checkpoint has caught up,
   * so the WAL restarts instead of growing until a checkpoint lands inside one of main's commits.
   */
  checkpoint?: () => Promise<unknown>;
  walPauseBytes?: number;
  /** How long a write waits for a library another process holds (tests shorten it). */
  busyWaitMs?: number;
  /** After this long on one file, progress names it (tests shorten it). */
  slowFileMs?: number;
}) {
  // Runs a killed process left 'running' are closed now, with what they committed.
  if (!db.readonly) {
    try {
      closeStaleRuns(db, now());
    } catch {
      // A busy or full library: the next start tries again.
    }
  }
  /**
   * Runs a write, waiting (without blocking the thread) while another process holds the
   * library, for up to busyWaitMs; then a human error instead of "database is locked".
   */
  async function whenFree<T>(step: () => T, onWait?: () => void, waitMs = busyWaitMs): Promise<T> {
    const since = Date.now();
    for (;;) {
      db.pragma(`busy_timeout = ${FLUSH_BUSY_TIMEOUT_MS}`);
      try {
        return step();
      } catch (cause) {
        if (!isBusy(cause)) throw cause;
        if (Date.now() - since > waitMs)
          throw new AppFailure(
            'CONFLICT',
            `the library stayed busy for over ${Math.round(waitMs / 1000)} s (another program is writing to it: a backup, a sync or a second Briefings); what was stored so far is kept, import the same files again to continue`,
          );
        onWait?.();
        await sleep(200);
      } finally {
        db.pragma(`busy_timeout = ${CONNECTION_BUSY_TIMEOUT_MS}`);
      }
    }
  }
  const walFile = db.memory ? null : `${db.name}-wal`;
  let lastWalCheck = 0;
  const walSize = (): number => {
    try {
      return walFile ? fs.statSync(walFile).size : 0;
    } catch {
      return 0;
    }
  };
  let queue: Promise<unknown> = Promise.resolve();
  const running = new Map<number, AbortController>();

  function importPaths(paths: string[], options: ImportOptions): Promise<ImportReport> {
    if (paths.length === 0) return Promise.reject(new AppFailure('VALIDATION', 'nothing to import: no paths given'));
    for (const p of paths) {
      if (!fs.existsSync(p)) return Promise.reject(new AppFailure('NOT_FOUND', `no such file or folder: ${p}`));
    }
    const job = queue.then(() =>
      run(
        paths.map((p) => path.resolve(p)),
        options,
      ),
    );
    queue = job.catch(() => undefined);
    return job;
  }

  async function run(paths: string[], options: ImportOptions): Promise<ImportReport> {
    const limits: ImportLimits = { ...DEFAULT_LIMITS, ...baseLimits, ...options.limits };
    // Files the user named one by one (not found by walking a folder).
    const named = new Set(paths.filter((p) => fs.statSync(p, { throwIfNoEntry: false })?.isFile()));
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    const started = Date.now();
    const runId = await whenFree(() => startImportRun(db, options.source, paths, now()));
    running.set(runId, controller);
    // Tagging rules as they stand when the import starts apply to every briefing it stores.
    const rules = listRules(db);

    // Counts of what has been committed (updated only after each transaction commits).
    const counts = { imported: 0, duplicates: 0, skipped: 0, failed: 0 };
    // Unchanged files write nothing, so they are counted here and added to the committed counts.
    let unchangedCount = 0;
    let waiting = false;
    const results: ImportFileResult[] = [];
    const found: Record<string, number> = {};
    let totalBytes = 0;
    let files: ScannedFile[] = [];
    let done = 0;
    let doneBytes = 0;
    let importingSince: number | null = null;
    let lastProgress = 0;
    let currentPath: string | null = null;
    // The file the in-order consumer waits on, and since when (for "Reading <file>…").
    let waitingOn: { path: string; since: number } | null = null;
    const emit = (phase: ImportProgress['phase'], force = false): void => {
      const t = Date.now();
      if (!options.onProgress || (!force && t - lastProgress < PROGRESS_MS)) return;
      lastProgress = t;
      options.onProgress({
        runId,
        phase,
        found: { ...found },
        totalBytes,
        done,
        total: files.length,
        ...counts,
        currentPath,
        ...(waiting ? { waitingForLibrary: true } : {}),
        elapsedMs: t - started,
        doneBytes,
        ...(importingSince !== null ? { importingSinceMs: importingSince - started } : {}),
        ...(waitingOn && t - waitingOn.since > slowFileMs
          ? { slowFile: { path: waitingOn.path, ms: t - waitingOn.since } }
          : {}),
      });
    };

    /** The counts the history keeps: what the run's committed file records say, plus unchanged files. */
    const finalCounts = (): typeof counts => {
      try {
        const c = committedCounts(db, runId);
        return { ...c, duplicates: c.duplicates + unchangedCount };
      } catch {
        return { ...counts };
      }
    };

    let pool: ParsePool | null = null;
    let heartbeat: NodeJS.Timeout | null = null;
    try {
      const startPool = (): ParsePool =>
        (pool ??= createParsePool({
          size: poolSize,
          timeoutMs: limits.parseTimeoutMs,
          maxHeapMb: limits.maxWorkerHeapMb,
        }));
      files = await scan(paths, (f) => {
        found[f.kind] = (found[f.kind] ?? 0) + 1;
        totalBytes += f.size;
        // The workers load their modules (~150 ms) while the scan goes on, not after it.
        if (f.kind !== 'other' && !f.problem) startPool();
        emit('scanning');
      });
      importingSince = Date.now();
      emit('importing', true);
      // While one slow file holds the queue, progress still arrives each second and names it.
      heartbeat = setInterval(
        () => {
          if (waitingOn && Date.now() - waitingOn.since > slowFileMs) emit('importing', true);
        },
        Math.min(1000, slowFileMs),
      );

      type Pending = { item: PreparedItem; fingerprint: FileFingerprint | null; sourcePath: string };
      let batch: Pending[] = [];
      let lastFlush = Date.now();

      // Each transaction stops after a time budget and returns how many items it stored: on a
      // busy 2-core laptop the workers preempt this thread, so a fixed batch size alone let
      // single commits hold the event loop for 40+ ms.
      const flush = db.transaction((items: Pending[]): ImportFileResult[] => {
        const started = performance.now();
        const stored: ImportFileResult[] = [];
        for (const { item, fingerprint, sourcePath } of items) {
          let result: ImportFileResult;
          if (item.outcome !== 'parsed') {
            result = { path: item.displayPath, outcome: item.outcome, reason: item.reason };
          } else {
            result = store(item.displayPath, item.briefing, runId, rules);
            // An imported file with a warning keeps it as its reason, for the report and the CLI.
            if (item.warning && result.outcome === 'imported') result = { ...result, reason: item.warning };
          }
          const fp = fingerprint && item.displayPath === fingerprint.sourcePath ? fingerprint : undefined;
          recordImportFile(db, runId, result, fp ?? { sourcePath, size: -1, mtimeMs: -1 });
          stored.push(result);
          if (performance.now() - started > FLUSH_BUDGET_MS) break;
        }
        return stored;
      });
      const flushNow = async (): Promise<void> => {
        while (batch.length > 0) {
          const stored = await whenFree(
            () => flush(batch),
            () => {
              waiting = true;
              emit('importing', true);
            },
          );
          waiting = false;
          // Committed: only now do the results and counts include them.
          for (const result of stored) {
            counts[
              result.outcome === 'imported'
                ? 'imported'
                : result.outcome === 'duplicate'
                  ? 'duplicates'
                  : result.outcome
            ]++;
            results.push(result);
          }
          batch = batch.slice(stored.length);
          // Let IPC and timers run between transactions.
          await new Promise((r) => setImmediate(r));
        }
        lastFlush = Date.now();
        if (checkpoint && lastFlush - lastWalCheck > 250) {
          lastWalCheck = lastFlush;
          // At most a second: a worker busy loading its snapshot must not hold the import.
          if (walSize() > walPauseBytes)
            await Promise.race([checkpoint().catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
        }
      };

      const launch = (file: ScannedFile): Promise<Outcome> => {
        if (file.problem) {
          const outcome = file.kind === 'other' ? 'skipped' : 'failed';
          return Promise.resolve({
            file,
            items: [{ displayPath: file.path, outcome, reason: file.problem }],
            fingerprint: null,
          });
        }
        const fingerprint: FileFingerprint = {
          sourcePath: file.path,
          size: file.size,
          mtimeMs: Math.trunc(file.mtimeMs),
        };
        if (file.kind === 'other') {
          const ext = path.extname(file.path);
          const reason = ext ? `not a supported format (${ext})` : 'not a supported format (no extension)';
          return Promise.resolve({
            file,
            items: [{ displayPath: file.path, outcome: 'skipped', reason }],
            fingerprint,
          });
        }
        if (!CONTAINERS.has(file.kind)) {
          const same = unchangedImport(db, fingerprint);
          if (same) {
            return Promise.resolve({ file, items: [], fingerprint, unchanged: same });
          }
        }
        // A file named on its own is always tried (the user may have raised a limit for it).
        const failedBefore = options.retry || named.has(file.path) ? undefined : unchangedFailure(db, fingerprint);
        if (failedBefore !== undefined) {
          return Promise.resolve({
            file,
            items: [{ displayPath: file.path, outcome: 'failed', reason: `${failedBefore}${REMEMBERED}` }],
            fingerprint,
          });
        }
        return startPool()
          .parse({ path: file.path, limits, size: file.size })
          .then((items) => ({ file, items, fingerprint }));
      };

      // Results are consumed in file order (so "first copy wins" is deterministic) while up to
      // `window` files are parsed ahead by the pool.
      const window = 256;
      const inFlight: Promise<Outcome>[] = [];
      let launched = 0;
      let sliceStart = performance.now();
      while (done < files.length && !signal.aborted) {
        if (performance.now() - sliceStart > SLICE_MS) {
          await new Promise((r) => setImmediate(r));
          sliceStart = performance.now();
        }
        while (launched < files.length && launched - done < window)
          inFlight.push(launch(files[launched++] as ScannedFile));
        const next = files[done] as ScannedFile;
        waitingOn = { path: next.path, since: Date.now() };
        const outcome = await (inFlight.shift() as Promise<Outcome>);
        waitingOn = null;
        doneBytes += outcome.file.size;
        if (signal.aborted) break;
        currentPath = outcome.file.path;
        if (outcome.unchanged) {
          // Not even recorded again: a re-import of an unchanged folder writes nothing.
          const { id, title } = outcome.unchanged;
          counts.duplicates++;
          unchangedCount++;
          const reason = `duplicate of "${title}" (unchanged since it was imported)`;
          results.push({ path: outcome.file.path, outcome: 'duplicate', reason, id: id as BriefingId, title });
        }
        for (const item of outcome.items)
          batch.push({ item, fingerprint: outcome.fingerprint, sourcePath: outcome.file.path });
        done++;
        if (batch.length >= BATCH_ITEMS || Date.now() - lastFlush >= BATCH_MS) {
          await flushNow();
          sliceStart = performance.now();
        }
        emit('importing');
      }
      await flushNow();
      const status = signal.aborted ? 'cancelled' : 'done';
      const final = finalCounts();
      await whenFree(() => finishImportRun(db, runId, status, { ...final, total: files.length }, now()));
      emit(status, true);
      return { runId, status, ...final, files: results };
    } catch (cause) {
      // What the message says was stored comes from the committed records, as the history does.
      const committed = finalCounts();
      const stored = `${committed.imported} briefing${committed.imported === 1 ? ' was' : 's were'} stored`;
      const failure =
        cause instanceof AppFailure
          ? cause
          : isDiskFull(cause)
            ? new AppFailure(
                'IMPORT_FAILED',
                `the disk is full: ${stored} before space ran out. Free some space and import the same files again; what was stored is skipped as unchanged`,
              )
            : new AppFailure(
                'IMPORT_FAILED',
                `the import stopped: ${cause instanceof Error ? cause.message : String(cause)}`,
              );
      const note = isDiskFull(cause)
        ? 'the disk is full'
        : cause instanceof AppFailure && cause.code === 'CONFLICT'
          ? 'the library was busy (another program held it)'
          : failure.message;
      const close = (): void =>
        finishImportRun(db, runId, 'failed', { ...committed, total: files.length }, now(), note);
      try {
        close();
      } catch (again) {
        // Still held by the other program: the run is closed once it lets go (in the background,
        // so the user hears about the problem now). On a full disk the next start closes it.
        if (isBusy(again)) void whenFree(close, undefined, 10 * 60_000).catch(() => undefined);
      }
      throw failure;
    } finally {
      if (heartbeat) clearInterval(heartbeat);
      running.delete(runId);
      await (pool as ParsePool | null)?.close();
    }
  }

  function store(displayPath: string, b: PreparedBriefing, runId: number, rules: TagRule[]): ImportFileResult {
    if (b.state?.library) applyExportedLibrary(db, b.state.library, now());
    const existing = findByContentHash(db, b.contentHash);
    if (existing) {
      return {
        path: displayPath,
        outcome: 'duplicate',
        reason: `duplicate of "${existing.title}"`,
        id: existing.id,
        title: existing.title,
      };
    }
    try {
      const ruleTags = rules.filter((r) => ruleMatches(r, b)).map((r) => r.tag);
      const id = insertBriefing(db, {
        ...b,
        tags: ruleTags.length > 0 ? [...b.tags, ...ruleTags] : b.tags,
        importedAt: b.state?.importedAt ?? now(),
        importRunId: runId,
        readState: b.state?.readState,
        scrollProgress: b.state?.scrollProgress,
        starred: b.state?.starred,
        archived: b.state?.archived,
        highlights: b.state?.highlights,
        note: b.state?.note ?? null,
      });
      return { path: displayPath, outcome: 'imported', id, title: b.title };
    } catch (cause) {
      // A full disk or a busy library is the library's problem, not this file's: stop the batch.
      if (isDiskFull(cause) || isBusy(cause)) throw cause;
      // insertBriefing runs in a savepoint: the failed briefing left nothing behind.
      return {
        path: displayPath,
        outcome: 'failed',
        reason: `could not be stored (${cause instanceof Error ? cause.message : String(cause)})`,
      };
    }
  }

  return {
    importPaths,
    /** Stops a running import within a moment; everything committed so far is kept. */
    cancel(runId: number): boolean {
      const c = running.get(runId);
      c?.abort();
      return c !== undefined;
    },
    /** Imports again the files that failed in an earlier run. */
    retryFailed(runId: number, options: ImportOptions): Promise<ImportReport> {
      const paths = failedSourcePaths(db, runId).filter((p) => fs.existsSync(p));
      if (paths.length === 0)
        return Promise.reject(new AppFailure('NOT_FOUND', 'no failed files of that import are left to retry'));
      return importPaths(paths, { ...options, retry: true });
    },
  };
}

/**
 * Finds the files under the given paths. Folders are walked recursively; hidden files are
 * ignored; a symbolic link is followed only when it points inside the chosen folder, and each
 * real folder is walked once, so link loops end.
 */
async function scan(paths: string[], onFile: (f: ScannedFile) => void): Promise<ScannedFile[]> {
  const out: ScannedFile[] = [];
  const add = (p: string, stat: fs.Stats | null, problem?: string): void => {
    const f: ScannedFile = {
      path: p,
      size: stat?.size ?? 0,
      mtimeMs: stat?.mtimeMs ?? 0,
      kind: kindOf(p),
      ...(problem ? { problem } : {}),
    };
    out.push(f);
    onFile(f);
  };
  for (const root of paths) {
    const rootStat = fs.statSync(root);
    if (!rootStat.isDirectory()) {
      add(root, rootStat);
      continue;
    }
    const rootReal = fs.realpathSync(root);
    const visited = new Set<string>([rootReal]);
    const stack: string[] = [root];
    let seen = 0;
    while (stack.length > 0) {
      const dir = stack.pop() as string;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        add(dir, null, 'the folder cannot be read (permission denied)');
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
      const subdirs: string[] = [];
      for (const e of entries.reverse()) {
        if (e.name.startsWith('.')) continue;
        const full = path.join(dir, e.name);
        if (++seen % 1000 === 0) await new Promise((r) => setImmediate(r));
        if (e.isSymbolicLink()) {
          let real: string;
          try {
            real = fs.realpathSync(full);
          } catch {
            add(full, null, 'a broken or looping symbolic link');
            continue;
          }
          if (real !== rootReal && !real.startsWith(rootReal + path.sep)) {
            add(full, null, 'a symbolic link that points outside the chosen folder (not followed)');
            continue;
          }
          const st = fs.statSync(real);
          if (st.isDirectory()) {
            if (!visited.has(real)) {
              visited.add(real);
              subdirs.push(full);
            }
          } else if (st.isFile()) add(full, st);
          continue;
        }
        if (e.isDirectory()) {
          const real = fs.realpathSync(full);
          if (!visited.has(real)) {
            visited.add(real);
            subdirs.push(full);
          }
        } else if (e.isFile()) {
          try {
            add(full, fs.statSync(full));
          } catch (cause) {
            add(
              full,
              null,
              (cause as NodeJS.ErrnoException).code === 'ENOENT'
                ? 'the file disappeared during the import'
                : 'the file cannot be read',
            );
          }
        }
      }
      // Depth-first in name order: push subfolders reversed so the first name is walked first.
      for (const d of subdirs.reverse()) stack.push(d);
    }
  }
  return out;
}

/**
 * Tag colours and tagging rules from a Briefings export: colours fill tags that have none (a
 * colour the user chose here wins), rules are added unless an identical one exists.
 */
function applyExportedLibrary(db: Db, lib: ExportedLibrary, at: string): void {
  for (const t of lib.tags) if (t.color) ensureTagKeepingColor(db, t.name, t.color, at);
  const have = new Set(listRules(db).map((r) => `${r.field}\u0000${r.pattern}\u0000${r.tag}`.toLowerCase()));
  for (const r of lib.rules) {
    const key = `${r.field}\u0000${r.pattern}\u0000${r.tag}`.toLowerCase();
    // The same rule twice in one export is added once.
    if (have.has(key)) continue;
    addRule(db, r, at);
    have.add(key);
  }
  // Saved searches the library does not have yet (same name and query), up to the cap of 200.
  if (lib.savedSearches?.length) {
    const settings = createSettingsService({ db });
    const saved = settings.get('savedSearches');
    const key = (x: { name: string; query: string }): string => `${x.name}\u0000${x.query}`.toLowerCase();
    const have = new Set(saved.map(key));
    const added = lib.savedSearches
      .filter((x) => !have.has(key(x)))
      .map((x) => ({ id: randomUUID(), name: x.name, query: x.query }));
    if (added.length > 0) settings.set('savedSearches', [...saved, ...added].slice(0, 200));
  }
}
