import fs from 'node:fs';
import type { ListQuery, SearchRequest, SearchResult, SimilarBriefing } from '../../../shared/model';
import type { Db } from '../db/open';
import { escapeLike, stmt } from '../db/statements';
import { AppFailure } from '../../../shared/result';
import { getSummaries } from '../repos/briefings';
import { registerContains } from '../repos/rules';
import { taggedLike, taggedWith } from '../repos/tags';
import { parseQuery, type Filters, type Node } from './query';
import {
  SearchIndex,
  signature,
  similarityCounts,
  type DocMeta,
  type IndexDoc,
  type MetaFilter,
  type TextCheck,
} from './search-index';
import { matcherFor, snippetOf } from './snippet';
import { fold, terms } from './tokenize';

export type SearchService = ReturnType<typeof createSearchService>;

/** Where a library's search index snapshot lives: beside the database file. */
export const snapshotPathFor = (dbFile: string): string => `${dbFile}.search-index`;

type Row = { id: number; date: string; title: string };
/** Log entries applied per step: big enough that removals (one pass over the postings each) are batched. */
const CATCH_UP_BATCH = 256;
type Within = Pick<ListQuery, 'readState' | 'starred' | 'archived' | 'tag' | 'source'>;

/**
 * "Related in your library": the cosine (tf-idf) below which nothing is shown, the candidates
 * re-ranked, the terms of a text looked up, and the characters of each text compared. Chosen on
 * the labelled real set of npm run bench:related: 40 candidates or whole texts gained under 0.01
 * of precision and cost 2-8x the time (a State of the Union is 50 KB; its start says what it is).
 */
const SIMILAR_MIN = 0.2;
const SIMILAR_CANDIDATES = 20;
const SIMILAR_MAX_TERMS = 20_000;
const SIMILAR_MAX_CHARS = 12_000;

/**
 * Terms a text writes as a name: capitalised inside a sentence ("Kratsios", "Global Dialogue"),
 * not the first word of one. They lead the shared words shown as the reason, which reads better
 * than "global, states, general". Weighting them up in the ranking itself measured worse on the
 * labelled set (precision 0.732 -> 0.706 at 2x, 0.687 at 3x: mail quotes names across threads).
 */
function nameTerms(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/(^|[.!?:;"“]\s+|\n\s*)?\b(\p{Lu}[\p{Ll}\p{Lu}'’-]*\p{Ll})\b/gmu)) {
    if (m[1] !== undefined) continue;
    const t = terms(m[2] ?? '')[0];
    if (t !== undefined) out.add(t);
  }
  return out;
}

/**
 * Full-text search over the library. The index is derived data: built from SQLite, then kept
 * right by replaying the briefing_changes log (filled by triggers on every insert, edit, tag
 * change and delete) from a cursor before each query, so it can never silently disagree with the
 * database, whoever wrote to it (the app, the CLI, an import).
 */
export function createSearchService({
  db,
  snapshotPath = null,
  saveDelayMs = 30_000,
}: {
  db: Db;
  /** Where the index is persisted between runs; null keeps it in memory only (tests, throwaway libraries). */
  snapshotPath?: string | null;
  /**
   * How long after a change of text, tags or briefings the snapshot is rewritten (writing it
   * holds the worker ~1.3 s at 50,000 briefings). Reading-state changes alone wait for the next
   * save or for close: replaying them from the log at start-up is cheap.
   */
  saveDelayMs?: number;
}) {
  let index = new SearchIndex();
  let cursor = 0;
  let building: Promise<void> | null = null;
  /** How the index came to be, and what the start-up check found: for stats, tests and the benchmark. */
  const status = {
    source: 'none' as 'none' | 'built' | 'snapshot',
    loadMs: 0,
    loadPhases: null as null | { parseMs: number; postingsMs: number; docsMs: number },
    saveMs: 0,
    snapshotBytes: 0,
    snapshotProblem: null as string | null,
    check: null as null | { checked: number; repaired: number; ms: number },
  };
  let saveTimer: NodeJS.Timeout | null = null;
  let scoreBuf = new Float64Array(1024);
  let dirty = false;
  let closed = false;

  function docs(ids: number[]): IndexDoc[] {
    const rows = stmt(
      db,
      `SELECT b.id, b.title, b.headline, b.source, b.byline, b.text, coalesce(b.published_at, b.imported_at) AS date,
         b.read_state AS state, b.starred, b.archived, b.format,
         (SELECT json_group_array(t.name) FROM briefing_tags bt JOIN tags t ON t.id = bt.tag_id WHERE bt.briefing_id = b.id) AS tags
       FROM briefings b WHERE b.id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(ids)) as (Omit<IndexDoc, 'tags' | 'meta'> & {
      tags: string;
      starred: number;
      archived: number;
    } & Omit<DocMeta, 'starred' | 'archived'>)[];
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      headline: r.headline,
      source: r.source,
      byline: r.byline,
      text: r.text,
      tags: JSON.parse(r.tags) as string[],
      meta: { date: r.date, state: r.state, starred: r.starred === 1, archived: r.archived === 1, format: r.format },
    }));
  }

  /** Builds the whole index in slices, so the event loop stays free and the app usable. */
  async function build(): Promise<void> {
    // Everything up to the newest log entry (or the last trim, when the log is empty) is read below.
    cursor = Math.max(
      (stmt(db, 'SELECT coalesce(max(seq), 0) AS s FROM briefing_changes').get() as { s: number }).s,
      trimmedTo(),
    );
    const ids = (stmt(db, 'SELECT id FROM briefings ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    // Slices of about 50 ms, so the event loop still turns (a worker's checkpoint requests, the
    // CLI's progress). Postings are written once per slice, grouped by term (see PostingsBatch):
    // groups of 400 briefings built 36% faster than groups of 25.
    let i = 0;
    while (i < ids.length) {
      const started = performance.now();
      while (i < ids.length && performance.now() - started < 50) {
        const chunk = ids.slice(i, i + 100);
        index.apply(docs(chunk), [], true);
        i += chunk.length;
      }
      index.flushPostings();
      await new Promise((r) => setImmediate(r));
    }
    status.source = 'built';
    index.compact();
    index.buildPairs();
    index.mergeDictionary();
    await catchUp();
    if (snapshotPath) save();
    else trimLog(cursor);
  }

  /**
   * Log entries up to the cursor are in the index (and in the snapshot, when there is one). The
   * highest trimmed entry is recorded: another process (the CLI beside the app) may hold an older
   * snapshot, and one older than the trimmed log cannot just replay it (see start).
   */
  function trimLog(upTo: number): void {
    db.transaction(() => {
      stmt(db, 'DELETE FROM briefing_changes WHERE seq <= ?').run(upTo);
      stmt(
        db,
        `INSERT INTO settings (key, value) VALUES ('search.trimmedTo', ?)
         ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))`,
      ).run(String(upTo));
    })();
  }

  const trimmedTo = (): number =>
    Number(
      (stmt(db, "SELECT value FROM settings WHERE key = 'search.trimmedTo'").get() as { value: string } | undefined)
        ?.value ?? 0,
    );

  /**
   * Writes the snapshot (temporary file, then rename: a crash leaves the old one whole). A
   * failure to write only costs the next start-up a rebuild, so it is logged, not thrown.
   */
  function save(): void {
    // A library opened read-only (a read-only disk) sits where nothing can be written.
    if (!snapshotPath || db.readonly) return;
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
    const tmp = `${snapshotPath}.${process.pid}.tmp`;
    try {
      const started = performance.now();
      const bytes = index.save(cursor);
      fs.writeFileSync(tmp, bytes);
      fs.renameSync(tmp, snapshotPath);
      status.saveMs = Math.round(performance.now() - started);
      status.snapshotBytes = bytes.length;
      dirty = false;
      trimLog(cursor);
    } catch (e) {
      // A full disk leaves part of a file: nothing may pile up beside the library.
      fs.rmSync(tmp, { force: true });
      console.warn(`search index snapshot not saved (${(e as Error).message}); the next start rebuilds it`);
    }
  }

  function scheduleSave(structural = true): void {
    dirty = true;
    if (!structural || !snapshotPath || saveTimer || closed) return;
    saveTimer = setTimeout(save, saveDelayMs);
    saveTimer.unref();
  }

  /**
   * Start-up: the snapshot when there is a usable one (then only the changes logged since it was
   * written are applied, and the whole index is checked against the database in the background),
   * else a build from SQLite.
   */
  async function start(): Promise<void> {
    if (snapshotPath && fs.existsSync(snapshotPath)) {
      const started = performance.now();
      try {
        const loaded = SearchIndex.load(fs.readFileSync(snapshotPath));
        index = loaded.index;
        cursor = loaded.cursor;
        status.loadPhases = {
          parseMs: Math.round(loaded.phases.parseMs),
          postingsMs: Math.round(loaded.phases.postingsMs),
          docsMs: Math.round(loaded.phases.docsMs),
        };
        status.source = 'snapshot';
        status.loadMs = Math.round(performance.now() - started);
        // When the log was trimmed past the snapshot, catchUp checks everything before answering.
        await catchUp();
        if (!status.check) checking = check();
        return;
      } catch (e) {
        status.snapshotProblem = (e as Error).message;
        console.warn(`search index snapshot unusable (${status.snapshotProblem}); rebuilding from the library`);
        index = new SearchIndex();
      }
    }
    await build();
  }

  let checking: Promise<unknown> | null = null;

  /**
   * A search for the library's most common word and a phrase of the two most common, while idle
   * after start-up: the first searches of a fresh worker otherwise run before V8 has compiled
   * the query code (a common word at 50,000 briefings took 64 ms the first time, ~4 ms after).
   */
  let warmed = false;
  async function warmUp(): Promise<void> {
    const words = index.commonWords(2);
    if (closed || words.length < 2) return;
    try {
      await search({ query: words[0] as string, limit: 20 });
      await search({ query: `"${words.join(' ')}"`, limit: 20 });
    } catch (e) {
      console.warn(`search warm-up failed: ${(e as Error).message}`);
    }
  }

  /**
   * Compares every briefing's indexed fingerprint and metadata with the database and repairs what
   * differs (a snapshot older than the change log, a library restored from a backup, a write
   * from an older version of the app), in slices so searches go on meanwhile.
   */
  async function check(): Promise<{ missing: number; extra: number; changed: number }> {
    // Never before the first answer: start-up returns, then the check begins.
    await new Promise((r) => setImmediate(r));
    const started = performance.now();
    const dbIds = (stmt(db, 'SELECT id FROM briefings ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    const inDb = new Set(dbIds);
    let missing = 0;
    let changed = 0;
    let i = 0;
    while (i < dbIds.length && !closed) {
      const sliceStart = performance.now();
      while (i < dbIds.length && performance.now() - sliceStart < 8) {
        const chunk = dbIds.slice(i, i + 50);
        i += chunk.length;
        const stale: IndexDoc[] = [];
        for (const d of docs(chunk)) {
          const sig = index.signatureOf(d.id);
          if (!sig) {
            missing++;
            stale.push(d);
            continue;
          }
          const m = index.meta.get(d.id);
          const same =
            sig.body === signature([d.title, d.headline ?? '', d.source ?? '', d.byline ?? '', d.text]) &&
            sig.tags === signature(d.tags) &&
            !!m &&
            m.date === d.meta.date &&
            m.state === d.meta.state &&
            m.starred === d.meta.starred &&
            m.archived === d.meta.archived &&
            m.format === d.meta.format;
          if (!same) {
            changed++;
            stale.push(d);
          }
        }
        if (stale.length > 0) index.apply(stale);
      }
      await new Promise((r) => setImmediate(r));
    }
    // Closing stops a check half-way (the CLI answers one query and exits); the next start checks again.
    if (closed) return { missing, extra: 0, changed };
    const extra = [...index.ids].filter((id) => !inDb.has(id));
    if (extra.length > 0) index.apply([], extra);
    const repaired = missing + changed + extra.length;
    const ms = Math.round(performance.now() - started);
    // The lexicon a loaded snapshot leaves for later (phrases and new text need it): built now,
    // while idle, rather than by the first phrase or edit (~150 ms at 50,000 briefings).
    await new Promise((r) => setImmediate(r));
    if (closed) return { missing, extra: extra.length, changed };
    index.prepare();
    if (!warmed) {
      warmed = true;
      await warmUp();
    }
    status.check = { checked: dbIds.length, repaired, ms };
    if (repaired > 0) scheduleSave();
    return { missing, extra: extra.length, changed };
  }

  /**
   * Applies the changes logged since the cursor, in slices of about 8 ms: after a bulk import the
   * backlog can hold thousands of briefings, and replaying it in one go would freeze the main
   * thread. Cheap when nothing changed (one indexed read).
   */
  async function catchUp(): Promise<number> {
    let applied = 0;
    const trimmed = trimmedTo();
    if (trimmed > cursor) {
      // Another process (the CLI beside the app) trimmed log entries this index had not applied
      // yet: what they said is gone, so every briefing is compared with the index instead.
      cursor = trimmed;
      await check();
    }
    for (;;) {
      const started = performance.now();
      let more = false;
      while (performance.now() - started < 8) {
        const changes = stmt(
          db,
          `SELECT seq, briefing_id AS id, kind FROM briefing_changes WHERE seq > ? ORDER BY seq LIMIT ${CATCH_UP_BATCH}`,
        ).all(cursor) as {
          seq: number;
          id: number;
          kind: 'upsert' | 'delete';
        }[];
        if (changes.length === 0) return applied;
        const latest = new Map<number, 'upsert' | 'delete'>();
        for (const c of changes) latest.set(c.id, c.kind);
        const found = docs([...latest].filter(([, k]) => k === 'upsert').map(([id]) => id));
        const present = new Set(found.map((d) => d.id));
        // One call: removals from the index are batched (see SearchIndex.apply).
        const structural = index.apply(
          found,
          [...latest.keys()].filter((id) => !present.has(id)),
        );
        cursor = (changes[changes.length - 1] as { seq: number }).seq;
        applied += latest.size;
        scheduleSave(structural);
        more = changes.length === CATCH_UP_BATCH;
        if (!more) return applied;
      }
      if (more) await new Promise((r) => setImmediate(r));
    }
  }

  const ready = (): Promise<void> => (building ??= start());

  /**
   * Checks phrase candidates against the stored text: only for phrases holding a word too rare
   * for the index's compact word sequences, so the candidates are few.
   */
  const textCheck: TextCheck = (ids, node) => {
    const column = node.field === 'title' ? 'title' : "title || ' ' || text";
    const folded = ` ${terms(node.value, false).join(' ')} `;
    const rowsToCheck = stmt(
      db,
      `SELECT id, ${column} AS t FROM briefings WHERE id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(ids)) as { id: number; t: string }[];
    return new Set(rowsToCheck.filter((r) => ` ${terms(r.t, false).join(' ')} `.includes(folded)).map((r) => r.id));
  };

  async function indexReady(): Promise<void> {
    await ready();
    await catchUp();
  }

  /**
   * The ids matching a query within a view, with their scores; unordered. Synchronous, and its
   * arrays are reused by the next query (see SearchIndex.evaluate): callers use the result
   * before awaiting anything, so concurrent searches never see each other's arrays.
   */
  function matchQuery(parsed: Extract<ReturnType<typeof parseQuery>, { ok: true }>, within: Within) {
    const where = filterSql(parsed.filters, within);
    // Matches are handled as bare ids (dates from the index's metadata, or from SQL when the
    // filters needed it): materializing an object per match was the largest cost of a query
    // matching most of the library.
    const sqlDates = new Map<number, string>();
    const fromMemory = (candidates: Int32Array | Set<number>, keep: MetaFilter | 'all'): ArrayLike<number> =>
      keep === 'all' ? (candidates instanceof Set ? [...candidates] : candidates) : index.filter(candidates, keep);
    const fromSql = (rowsIn: Row[]): number[] => rowsIn.map((r) => (sqlDates.set(r.id, r.date), r.id));

    let ids: ArrayLike<number>;
    let scores: Float64Array | null = null;
    let fuzzy = false;
    if (parsed.filters.inHighlights) {
      // in:highlights: every word must be in one highlight's quote or note (case and accents
      // ignored); the other filters apply as usual. Highlights are few, so SQL scans them.
      registerContains(db);
      const words = positiveWords(parsed.text);
      const conds = [
        ...words.map((_, i) => `briefings_contains(h.quote || ' ' || coalesce(h.note, ''), @hw${i})`),
        ...(where.sql ? [where.sql] : []),
      ];
      // ...or in the note on the whole briefing.
      const noteConds = [
        'b.note IS NOT NULL',
        ...words.map((_, i) => `briefings_contains(b.note, @hw${i})`),
        ...(where.sql ? [where.sql] : []),
      ];
      ids = fromSql(
        stmt(
          db,
          `SELECT b.id, coalesce(b.published_at, b.imported_at) AS date, b.title
             FROM highlights h JOIN briefings b ON b.id = h.briefing_id ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''}
           UNION
           SELECT b.id, coalesce(b.published_at, b.imported_at) AS date, b.title
             FROM briefings b WHERE ${noteConds.join(' AND ')}`,
        ).all({ ...where.params, ...Object.fromEntries(words.map((w, i) => [`hw${i}`, w])) }) as Row[],
      );
    } else if (parsed.hasText) {
      let hits = index.evaluate(parsed.text, false, textCheck);
      if (hits.ids.length === 0) {
        hits = index.evaluate(parsed.text, true, textCheck);
        fuzzy = hits.ids.length > 0;
      }
      // Scores by id, in one array kept between queries: only the matches' slots are read.
      let max = 0;
      // Indexed loops: for-of over a typed array measured ~4x slower here (45,000 ids).
      for (let i = 0; i < hits.ids.length; i++) if ((hits.ids[i] as number) > max) max = hits.ids[i] as number;
      if (scoreBuf.length <= max) scoreBuf = new Float64Array(Math.max(max + 1, scoreBuf.length * 2));
      for (let i = 0; i < hits.ids.length; i++) scoreBuf[hits.ids[i] as number] = hits.scores[i] as number;
      scores = scoreBuf;
      ids = where.memory
        ? fromMemory(hits.ids, where.sql === '' ? 'all' : where.memory)
        : fromSql(
            stmt(
              db,
              `SELECT b.id, coalesce(b.published_at, b.imported_at) AS date, b.title
             FROM briefings b WHERE b.id IN (SELECT value FROM json_each(@ids)) ${where.sql ? `AND ${where.sql}` : ''}`,
            ).all({ ids: JSON.stringify(hits.ids), ...where.params }) as Row[],
          );
    } else if (where.memory) {
      ids = fromMemory(index.ids, where.sql === '' ? 'all' : where.memory);
    } else {
      ids = fromSql(
        stmt(
          db,
          `SELECT b.id, coalesce(b.published_at, b.imported_at) AS date, b.title FROM briefings b ${where.sql ? `WHERE ${where.sql}` : ''}`,
        ).all(where.params) as Row[],
      );
    }

    return { parsed, ids, scores, fuzzy, sqlDates } as const;
  }

  /** Every briefing a query matches (bulk actions on "select all N results"). */
  async function matchingIds(req: Pick<SearchRequest, 'query' | 'within'>): Promise<number[]> {
    const parsed = parseQuery(req.query);
    if (!parsed.ok) throw new AppFailure('VALIDATION', parsed.message);
    await indexReady();
    return Array.from(matchQuery(parsed, req.within ?? {}).ids);
  }

  async function search(req: SearchRequest): Promise<SearchResult> {
    const started = performance.now();
    const request = parseQuery(req.query);
    if (!request.ok) return { problem: request.message, total: 0, items: [], highlight: [], fuzzy: false, tookMs: 0 };
    await indexReady();
    // From here on nothing is awaited (see matchQuery).
    const { parsed, ids, scores, fuzzy, sqlDates } = matchQuery(request, req.within ?? {});
    const limit = req.limit ?? 50;
    const offset = req.offset ?? 0;
    const dateOf = (id: number): number => index.dateKey(id) || Date.parse(sqlDates.get(id) ?? '') || 0;
    const byDate = (a: number, b: number): number => dateOf(b) - dateOf(a) || b - a;
    const scoreOf = (id: number): number => (scores && id < scores.length ? (scores[id] as number) : 0);
    const order =
      req.sort === 'date' || !parsed.hasText
        ? byDate
        : (a: number, b: number): number => scoreOf(b) - scoreOf(a) || byDate(a, b);

    const words = positiveWords(parsed.text);
    const match = matcherFor(
      words.flatMap((w) => fold(w).match(/[\p{L}\p{N}]+/gu) ?? []),
      words.flatMap((w) => terms(w)),
    );
    const page = topK(ids, offset + limit, order)
      .slice(offset)
      .map((id) => ({ id }));
    const texts = new Map(
      (
        stmt(db, 'SELECT id, text FROM briefings WHERE id IN (SELECT value FROM json_each(?))').all(
          JSON.stringify(page.map((r) => r.id)),
        ) as {
          id: number;
          text: string;
        }[]
      ).map((r) => [r.id, r.text]),
    );
    const items = getSummaries(
      db,
      page.map((r) => r.id),
    ).map((briefing) => ({
      briefing,
      score: Math.round(scoreOf(briefing.id) * 1000) / 1000,
      snippet: parsed.hasText
        ? snippetOf(texts.get(briefing.id) ?? '', match)
        : [{ text: briefing.excerpt, hit: false }],
    }));
    return {
      problem: null,
      total: ids.length,
      items,
      // Folded words and their stems: the reader highlights words starting with either, so
      // "policy" also lights up "policies" (stem "polici") without shipping the stemmer.
      highlight: [...new Set(words.flatMap((w) => [...(fold(w).match(/[\p{L}\p{N}]+/gu) ?? []), ...terms(w)]))],
      fuzzy,
      tookMs: Math.round((performance.now() - started) * 100) / 100,
    };
  }

  /**
   * The briefings most similar to one, computed locally from the text, with the shared terms as
   * the reason (shown as the words the briefing itself uses, not their stems).
   *
   * Candidates are the briefings sharing the most distinctive terms (the index's lookup); they
   * are then ranked by the cosine of tf-idf vectors of their texts (the first SIMILAR_MAX_CHARS)
   * against this one's, and only those above SIMILAR_MIN are shown. Summing the weights of
   * shared terms, as the lookup does, favoured long speeches that contain every word once: on
   * the labelled real set (npm run bench:related) the reference AI-governance briefing got a
   * 1981 and a 1946 State of the Union for "emphasized, governance, role". Normalising by both
   * texts' lengths, and showing nothing when nothing is close, fixes that.
   */
  // Kept while the library holds as many briefings: an edit moves an idf by a hair, and looking
  // the document frequencies up again was a third of every lookup.
  const idfs = new Map<string, number>();
  let idfSize = -1;
  async function similar(id: number, k = 5): Promise<SimilarBriefing[]> {
    await indexReady();
    const [doc] = docs([id]);
    if (!doc) return [];
    const source = [doc.title, doc.headline ?? '', doc.text].join('\n');
    const sourceTerms = terms(source).slice(0, SIMILAR_MAX_TERMS);
    const candidates = index.similar(sourceTerms, id, SIMILAR_CANDIDATES);
    if (candidates.length === 0) return [];
    const n = Math.max(1, index.ids.size);
    if (idfSize !== index.ids.size) {
      idfs.clear();
      idfSize = index.ids.size;
    }
    const idf = (t: string): number => {
      let v = idfs.get(t);
      if (v === undefined) {
        v = Math.log(n / Math.max(1, index.df(t)));
        idfs.set(t, v);
      }
      return v;
    };
    const vector = (text: string): { w: Map<string, number>; norm: number } => {
      const tf = similarityCounts(terms(text));
      const w = new Map<string, number>();
      let sq = 0;
      for (const [t, f] of tf) {
        const x = (1 + Math.log(f)) * idf(t);
        if (x <= 0) continue;
        w.set(t, x);
        sq += x * x;
      }
      return { w, norm: Math.sqrt(sq) || 1 };
    };
    const head = (d: IndexDoc): string => [d.title, d.headline ?? '', d.text.slice(0, SIMILAR_MAX_CHARS)].join('\n');
    const start = head(doc);
    const q = vector(start);
    const names = nameTerms(start);
    const ranked = docs(candidates.map((c) => c.id))
      .map((c) => {
        const v = vector(head(c));
        const [small, large] = v.w.size < q.w.size ? [v.w, q.w] : [q.w, v.w];
        let dot = 0;
        const shared: { t: string; x: number }[] = [];
        for (const [t, a] of small) {
          const b = large.get(t);
          if (b === undefined) continue;
          dot += a * b;
          shared.push({ t, x: a * b });
        }
        shared.sort((a, b) => Number(names.has(b.t)) - Number(names.has(a.t)) || b.x - a.x);
        return { id: c.id, score: dot / (q.norm * v.norm), shared: shared.map((x) => x.t) };
      })
      .filter((r) => r.score >= SIMILAR_MIN && r.shared.length >= 2)
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .slice(0, k);
    const surface = new Map<string, string>();
    for (const word of start.match(/[\p{L}\p{N}]+/gu) ?? []) {
      const stem = terms(word)[0];
      // Names as written ("Kratsios"), other words in lower case (not "The" from a sentence start).
      if (stem !== undefined && !surface.has(stem)) surface.set(stem, names.has(stem) ? word : word.toLowerCase());
    }
    const summaries = new Map(
      getSummaries(
        db,
        ranked.map((f) => f.id),
      ).map((b) => [b.id as number, b]),
    );
    return ranked.flatMap((f) => {
      const briefing = summaries.get(f.id);
      return briefing
        ? [
            {
              briefing,
              score: Math.round(f.score * 1000) / 1000,
              shared: f.shared.slice(0, 6).map((t) => surface.get(t) ?? t),
            },
          ]
        : [];
    });
  }

  /**
   * Finds library briefings whose title matches each given title closely (a teaser's headline is
   * often a shortened or reworded title): candidates come from the index by any of the title's
   * longer words, and one matches when the two titles share at least 60% of their words (Jaccard
   * on folded words), best match first.
   */
  async function matchTitles(titles: string[], exclude?: number): Promise<({ id: number; title: string } | null)[]> {
    await indexReady();
    const words = (t: string): Set<string> => new Set(fold(t).match(/[\p{L}\p{N}]+/gu) ?? []);
    return titles.map((t) => {
      const want = words(t);
      const keys = [...want].filter((w) => w.length >= 4).slice(0, 8);
      if (keys.length === 0) return null;
      const parsed = parseQuery(keys.map((k) => `title:${k}`).join(' OR '));
      if (!parsed.ok) return null;
      const hits = index.evaluate(parsed.text);
      const candidates = topK(
        Array.from(hits.ids, (_, i) => i),
        30,
        (a, b) => (hits.scores[b] as number) - (hits.scores[a] as number),
      ).map((i) => hits.ids[i] as number);
      const rows = getSummaries(
        db,
        candidates.filter((id) => id !== exclude),
      );
      let best: { id: number; title: string; score: number } | null = null;
      for (const r of rows) {
        const have = words(r.title);
        const shared = [...want].filter((w) => have.has(w)).length;
        const jaccard = shared / (want.size + have.size - shared);
        if (jaccard >= 0.6 && (!best || jaccard > best.score)) best = { id: r.id, title: r.title, score: jaccard };
      }
      return best ? { id: best.id, title: best.title } : null;
    });
  }

  /** Compares the whole index with the database and repairs what differs (see `check`). */
  async function verify(): Promise<{ missing: number; extra: number; changed: number }> {
    await ready();
    await checking;
    await catchUp();
    return check();
  }

  /** A passive WAL checkpoint on this connection (see search.worker.ts and the import service). */
  async function checkpoint(): Promise<void> {
    db.pragma('wal_checkpoint(PASSIVE)');
  }

  /** Where the index came from and what checking it found. */
  async function stats() {
    return {
      size: index.size,
      ...status,
      check: status.check && { ...status.check },
      loadPhases: status.loadPhases && { ...status.loadPhases },
    };
  }

  /** Stops the start-up check, then writes the snapshot if anything changed since the last. */
  async function close(): Promise<void> {
    closed = true;
    await checking;
    if (saveTimer) clearTimeout(saveTimer);
    if (dirty && building) save();
  }

  return {
    ready,
    search,
    matchingIds,
    similar,
    matchTitles,
    catchUp,
    verify,
    stats,
    checkpoint,
    close,
  };
}

/**
 * The first k ids in `order`, without sorting them all: a page needs 20 to 200 of possibly
 * every briefing in the library. Most ids are rejected by one comparison with the current last.
 */
export function topK(ids: ArrayLike<number>, k: number, order: (a: number, b: number) => number): number[] {
  const top: number[] = [];
  if (k <= 0) return top;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    if (top.length === k && order(id, top[k - 1] as number) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (order(top[mid] as number, id) <= 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, id);
    if (top.length > k) top.pop();
  }
  return top;
}

function positiveWords(n: Node): string[] {
  switch (n.kind) {
    case 'word':
    case 'phrase':
      return [n.value];
    case 'and':
    case 'or':
      return n.nodes.flatMap(positiveWords);
    default:
      return [];
  }
}

/**
 * The filters as SQL, and, when they need nothing but state, format and dates (the common case),
 * also as an in-memory predicate over the index's per-document metadata, which avoids sending
 * every candidate id through SQL.
 */
function filterSql(
  f: Filters,
  within: Within,
): { sql: string; params: Record<string, string | number>; memory: MetaFilter | null } {
  const parts: string[] = [];
  const params: Record<string, string | number> = {};
  // Typed tag: terms match tags by word prefix; the sidebar's selected tag is exact (and subtree).
  f.tags.forEach((t, i) => {
    const tagged = taggedLike(t, `tag${i}`);
    parts.push(`b.id IN (${tagged.sql})`);
    Object.assign(params, tagged.params);
  });
  if (within.tag) {
    const tagged = taggedWith(within.tag, 'withintag');
    parts.push(`b.id IN (${tagged.sql})`);
    Object.assign(params, tagged.params);
  }
  f.notTags.forEach((t, i) => {
    const tagged = taggedLike(t, `nottag${i}`);
    parts.push(`b.id NOT IN (${tagged.sql})`);
    Object.assign(params, tagged.params);
  });
  [...f.sources, ...(within.source ? [within.source] : [])].forEach((src, i) => {
    parts.push(`b.source LIKE @source${i} ESCAPE '\\'`);
    params[`source${i}`] = `%${escapeLike(src)}%`;
  });
  const states = f.is.filter((s) => s === 'unread' || s === 'in_progress' || s === 'read');
  if (within.readState) states.push(within.readState);
  states.forEach((st, i) => {
    parts.push(`b.read_state = @state${i}`);
    params[`state${i}`] = st;
  });
  if (f.is.includes('starred') || within.starred) parts.push('b.starred = 1');
  if (f.is.includes('archived')) parts.push('b.archived = 1');
  else if (within.archived !== undefined) parts.push(`b.archived = ${within.archived ? 1 : 0}`);
  if (f.formats.length > 0) {
    parts.push(`b.format IN (${f.formats.map((_, i) => `@format${i}`).join(', ')})`);
    f.formats.forEach((fm, i) => (params[`format${i}`] = fm));
  }
  if (f.after) {
    parts.push('coalesce(b.published_at, b.imported_at) >= @after');
    params.after = f.after;
  }
  if (f.before) {
    parts.push('coalesce(b.published_at, b.imported_at) < @before');
    params.before = f.before;
  }
  const memoryOk =
    f.tags.length === 0 && f.notTags.length === 0 && f.sources.length === 0 && !within.tag && !within.source;
  const memory: MetaFilter | null = memoryOk
    ? {
        state: states.length === 0 ? null : states.every((st) => st === states[0]) ? (states[0] ?? null) : 'none',
        starred: f.is.includes('starred') || !!within.starred,
        archived: f.is.includes('archived') ? true : within.archived,
        formats: f.formats,
        after: f.after ? Date.parse(f.after) : null,
        before: f.before ? Date.parse(f.before) : null,
      }
    : null;
  return { sql: parts.join(' AND '), params, memory };
}
