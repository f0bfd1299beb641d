import type { ListQuery, SearchRequest, SearchResult, SimilarBriefing } from '../../../shared/model';
import type { Db } from '../db/open';
import { escapeLike, stmt } from '../db/statements';
import { AppFailure } from '../../../shared/result';
import { getSummaries } from '../repos/briefings';
import { registerContains } from '../repos/rules';
import { taggedWith } from '../repos/tags';
import { parseQuery, type Filters, type Node } from './query';
import { SearchIndex, type DocMeta, type IndexDoc } from './search-index';
import { matcherFor, snippetOf } from './snippet';
import { fold, terms } from './tokenize';

export type SearchService = ReturnType<typeof createSearchService>;

type Row = { id: number; date: string; title: string };
type Within = Pick<ListQuery, 'readState' | 'starred' | 'archived' | 'tag' | 'source'>;

/**
 * Full-text search over the library. The index is derived data: built from SQLite, then kept
 * right by replaying the briefing_changes log (filled by triggers on every insert, edit, tag
 * change and delete) from a cursor before each query, so it can never silently disagree with the
 * database, whoever wrote to it (the app, the CLI, an import).
 */
export function createSearchService({ db }: { db: Db }) {
  const index = new SearchIndex();
  let cursor = 0;
  let building: Promise<void> | null = null;

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
    cursor = (stmt(db, 'SELECT coalesce(max(seq), 0) AS s FROM briefing_changes').get() as { s: number }).s;
    const ids = (stmt(db, 'SELECT id FROM briefings ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    // Slices of about 8 ms: on the Electron main thread IPC must keep flowing during the build.
    let i = 0;
    while (i < ids.length) {
      const started = performance.now();
      while (i < ids.length && performance.now() - started < 8) {
        const chunk = ids.slice(i, i + 25);
        for (const d of docs(chunk)) index.add(d);
        i += chunk.length;
      }
      await new Promise((r) => setImmediate(r));
    }
    // The index now holds everything up to the cursor; older log entries are not needed again.
    stmt(db, 'DELETE FROM briefing_changes WHERE seq <= ?').run(cursor);
    await catchUp();
  }

  /**
   * Applies the changes logged since the cursor, in slices of about 8 ms: after a bulk import the
   * backlog can hold thousands of briefings, and replaying it in one go would freeze the main
   * thread. Cheap when nothing changed (one indexed read).
   */
  async function catchUp(): Promise<number> {
    let applied = 0;
    for (;;) {
      const started = performance.now();
      let more = false;
      while (performance.now() - started < 8) {
        const changes = stmt(
          db,
          'SELECT seq, briefing_id AS id, kind FROM briefing_changes WHERE seq > ? ORDER BY seq LIMIT 16',
        ).all(cursor) as {
          seq: number;
          id: number;
          kind: 'upsert' | 'delete';
        }[];
        if (changes.length === 0) return applied;
        const latest = new Map<number, 'upsert' | 'delete'>();
        for (const c of changes) latest.set(c.id, c.kind);
        const found = new Map(
          docs([...latest].filter(([, k]) => k === 'upsert').map(([id]) => id)).map((d) => [d.id, d]),
        );
        for (const [id] of latest) {
          const doc = found.get(id);
          if (doc) index.add(doc);
          else index.remove(id);
        }
        cursor = (changes[changes.length - 1] as { seq: number }).seq;
        applied += latest.size;
        more = changes.length === 16;
        if (!more) return applied;
      }
      if (more) await new Promise((r) => setImmediate(r));
    }
  }

  const ready = (): Promise<void> => (building ??= build());

  /** The ids matching a query within a view, with their scores; unordered. */
  async function matchQuery(req: Pick<SearchRequest, 'query' | 'within'>) {
    const parsed = parseQuery(req.query);
    if (!parsed.ok) return { problem: parsed.message } as const;
    await ready();
    await catchUp();
    const where = filterSql(parsed.filters, req.within ?? {});
    // Matches are handled as bare ids (dates from the index's metadata, or from SQL when the
    // filters needed it): materializing an object per match was the largest cost of a query
    // matching most of the library.
    const sqlDates = new Map<number, string>();
    const fromMemory = (candidates: Iterable<number>, keep: ((m: DocMeta) => boolean) | 'all'): number[] => {
      if (keep === 'all') return [...candidates];
      const out: number[] = [];
      for (const id of candidates) {
        const m = index.meta.get(id);
        if (m && keep(m)) out.push(id);
      }
      return out;
    };
    const fromSql = (rowsIn: Row[]): number[] => rowsIn.map((r) => (sqlDates.set(r.id, r.date), r.id));

    let ids: number[];
    let scores = new Map<number, number>();
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
      ids = fromSql(
        stmt(
          db,
          `SELECT DISTINCT b.id, coalesce(b.published_at, b.imported_at) AS date, b.title
             FROM highlights h JOIN briefings b ON b.id = h.briefing_id ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''}`,
        ).all({ ...where.params, ...Object.fromEntries(words.map((w, i) => [`hw${i}`, w])) }) as Row[],
      );
    } else if (parsed.hasText) {
      let cands = index.evaluate(parsed.text);
      if (cands.scores.size === 0) {
        cands = index.evaluate(parsed.text, true);
        fuzzy = cands.scores.size > 0;
      }
      if (cands.phrases.size > 0) {
        // Check each phrase's candidates against the stored text, then evaluate again.
        const verified = new Map(
          [...cands.phrases].map(([node, set]) => {
            const column = node.field === 'title' ? 'title' : "title || ' ' || text";
            const ids = JSON.stringify([...set]);
            const needle = node.value.replace(/\s+/g, ' ').trim();
            // Stored text has single spaces, so for ASCII phrases SQLite's instr() over lower()
            // is an exact check that runs in C; other phrases are folded and checked here.
            if (/^[ -~]*$/.test(needle)) {
              const hits = stmt(
                db,
                `SELECT id FROM briefings WHERE id IN (SELECT value FROM json_each(?)) AND instr(lower(${column}), ?) > 0`,
              ).all(ids, needle.toLowerCase()) as { id: number }[];
              return [node, new Set(hits.map((h) => h.id))];
            }
            const folded = squash(fold(needle));
            const rowsToCheck = stmt(
              db,
              `SELECT id, ${column} AS t FROM briefings WHERE id IN (SELECT value FROM json_each(?))`,
            ).all(ids) as {
              id: number;
              t: string;
            }[];
            return [node, new Set(rowsToCheck.filter((r) => squash(fold(r.t)).includes(folded)).map((r) => r.id))];
          }),
        );
        cands = index.evaluate(parsed.text, fuzzy, verified);
      }
      scores = cands.scores;
      ids = where.memory
        ? fromMemory(scores.keys(), where.sql === '' ? 'all' : where.memory)
        : fromSql(
            stmt(
              db,
              `SELECT b.id, coalesce(b.published_at, b.imported_at) AS date, b.title
             FROM briefings b WHERE b.id IN (SELECT value FROM json_each(@ids)) ${where.sql ? `AND ${where.sql}` : ''}`,
            ).all({ ids: JSON.stringify([...scores.keys()]), ...where.params }) as Row[],
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

    return { problem: null, parsed, ids, scores, fuzzy, sqlDates } as const;
  }

  /** Every briefing a query matches (bulk actions on "select all N results"). */
  async function matchingIds(req: Pick<SearchRequest, 'query' | 'within'>): Promise<number[]> {
    const m = await matchQuery(req);
    if (m.problem !== null) throw new AppFailure('VALIDATION', m.problem);
    return m.ids;
  }

  async function search(req: SearchRequest): Promise<SearchResult> {
    const started = performance.now();
    const m = await matchQuery(req);
    if (m.problem !== null) return { problem: m.problem, total: 0, items: [], highlight: [], fuzzy: false, tookMs: 0 };
    const { parsed, ids, scores, fuzzy, sqlDates } = m;
    const limit = req.limit ?? 50;
    const offset = req.offset ?? 0;
    const dateOf = (id: number): string => index.meta.get(id)?.date ?? sqlDates.get(id) ?? '';
    const byDate = (a: number, b: number): number => {
      const da = dateOf(a);
      const db2 = dateOf(b);
      return da < db2 ? 1 : da > db2 ? -1 : b - a;
    };
    const order =
      req.sort === 'date' || !parsed.hasText
        ? byDate
        : (a: number, b: number): number => (scores.get(b) ?? 0) - (scores.get(a) ?? 0) || byDate(a, b);

    const words = positiveWords(parsed.text);
    const match = matcherFor(
      words.map((w) => fold(w)),
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
      score: Math.round((scores.get(briefing.id) ?? 0) * 1000) / 1000,
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
   */
  async function similar(id: number, k = 5): Promise<SimilarBriefing[]> {
    await ready();
    await catchUp();
    const [doc] = docs([id]);
    if (!doc) return [];
    const source = [doc.title, doc.headline ?? '', doc.text].join('\n');
    const found = index.similar(terms(source), id, k);
    const surface = new Map<string, string>();
    for (const word of source.match(/[\p{L}\p{N}]+/gu) ?? []) {
      const stem = terms(word)[0];
      if (stem !== undefined && !surface.has(stem)) surface.set(stem, word.toLowerCase());
    }
    const summaries = new Map(
      getSummaries(
        db,
        found.map((f) => f.id),
      ).map((b) => [b.id as number, b]),
    );
    return found.flatMap((f) => {
      const briefing = summaries.get(f.id);
      return briefing
        ? [{ briefing, score: f.score, shared: f.shared.slice(0, 6).map((t) => surface.get(t) ?? t) }]
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
    await ready();
    await catchUp();
    const words = (t: string): Set<string> => new Set(fold(t).match(/[\p{L}\p{N}]+/gu) ?? []);
    return titles.map((t) => {
      const want = words(t);
      const keys = [...want].filter((w) => w.length >= 4).slice(0, 8);
      if (keys.length === 0) return null;
      const parsed = parseQuery(keys.map((k) => `title:${k}`).join(' OR '));
      if (!parsed.ok) return null;
      const cands = [...index.evaluate(parsed.text).scores].sort((a, b) => b[1] - a[1]).slice(0, 30);
      const rows = getSummaries(
        db,
        cands.map(([id]) => id).filter((id) => id !== exclude),
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

  /** Compares the index with the database; repairs by re-adding and removing what differs. */
  async function verify(): Promise<{ missing: number; extra: number }> {
    await catchUp();
    const dbIds = new Set((stmt(db, 'SELECT id FROM briefings').all() as { id: number }[]).map((r) => r.id));
    const missing = [...dbIds].filter((id) => !index.ids.has(id));
    const extra = [...index.ids].filter((id) => !dbIds.has(id));
    for (const d of docs(missing)) index.add(d);
    for (const id of extra) index.remove(id);
    return { missing: missing.length, extra: extra.length };
  }

  return {
    ready,
    search,
    matchingIds,
    similar,
    matchTitles,
    catchUp,
    verify,
    get size() {
      return index.size;
    },
  };
}

/**
 * The first k ids in `order`, without sorting them all: a page needs 20 to 200 of possibly
 * every briefing in the library. Most ids are rejected by one comparison with the current last.
 */
export function topK(ids: number[], k: number, order: (a: number, b: number) => number): number[] {
  const top: number[] = [];
  if (k <= 0) return top;
  for (const id of ids) {
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

const squash = (s: string): string => s.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

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
): { sql: string; params: Record<string, string | number>; memory: ((m: DocMeta) => boolean) | null } {
  const parts: string[] = [];
  const params: Record<string, string | number> = {};
  [...f.tags, ...(within.tag ? [within.tag] : [])].forEach((t, i) => {
    const tagged = taggedWith(t, `tag${i}`);
    parts.push(`b.id IN (${tagged.sql})`);
    Object.assign(params, tagged.params);
  });
  f.notTags.forEach((t, i) => {
    const tagged = taggedWith(t, `nottag${i}`);
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
  const memory = memoryOk
    ? (m: DocMeta): boolean =>
        states.every((s) => m.state === s) &&
        (!(f.is.includes('starred') || within.starred) || m.starred) &&
        (f.is.includes('archived') ? m.archived : within.archived === undefined || m.archived === within.archived) &&
        (f.formats.length === 0 || f.formats.includes(m.format)) &&
        (!f.after || m.date >= f.after) &&
        (!f.before || m.date < f.before)
    : null;
  return { sql: parts.join(' AND '), params, memory };
}
