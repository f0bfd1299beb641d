import { readAggregates, restoreAggregate, type BriefingAggregate } from '../repos/briefing-aggregate';
import { countDeleted, dropDeleted, latestDeleted, saveDeleted } from '../repos/deleted';
import type {
  ActionResult,
  BulkChange,
  DetailsEdit,
  BulkTarget,
  NewTagRule,
  RenamePreview,
  SourceCount,
  TagInfo,
  TagRule,
  TagSuggestion,
  UndoResult,
} from '../../../shared/model';
import { toBriefingId } from '../../../shared/model';
import { AppFailure } from '../../../shared/result';
import type { Db } from '../db/open';
import { stmt } from '../db/statements';
import { oneLine } from '../import/prepare';
import type { EntityClient } from '../organize/entity-client';
import { suggestTags } from '../organize/suggest';
import { getBriefing, getDetails, listIds, setDetails, type Details } from '../repos/briefings';
import { addRule, listRules, removeRule, ruleSql } from '../repos/rules';
import {
  ensureTag,
  findTag,
  listSources,
  listTags,
  normalizeTagName,
  restoreTags,
  snapshotTags,
  setTagColor,
  subtree,
  taggedWith,
} from '../repos/tags';
import type { SearchService } from '../search/search-service';

export type OrganizeService = ReturnType<typeof createOrganizeService>;

/** How many actions Undo can go back ("at least the last 20" is the promise). */
export const UNDO_DEPTH = 50;

type Entry = { label: string; revert: () => void };

const DETAIL_NAMES: Record<keyof Details, string> = {
  title: 'title',
  source: 'source',
  byline: 'byline',
  publishedAt: 'date',
  note: 'note',
};
/** A note keeps its lines; control characters go, and an empty note is no note. */
function cleanNote(note: string | null): string | null {
  const clean = (note ?? '')
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
    .trim();
  return clean === '' ? null : clean;
}
/** A day from the date field is stored as midnight UTC, as importers store dates. */
const isoDay = (v: string): string =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00.000Z` : new Date(v).toISOString();

const plural = (n: number, word = 'briefing'): string => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
const quoted = (names: string[]): string => names.map((n) => `'${n}'`).join(', ');
const json = (ids: number[]): string => JSON.stringify(ids);

/**
 * Tags, bulk actions, tag management, tagging rules and suggestions. Every bulk action, delete and
 * tag change records how to revert itself, so Undo can go back through the last 50 of them. The
 * history lives in memory ("since the app started", like an editor's), except deletes: those are
 * also kept in the library (deleted_batches), so a delete made by the CLI or before a restart is
 * undone once this session's own history is used up.
 */
export function createOrganizeService({
  db,
  search,
  entities,
  now = () => new Date().toISOString(),
}: {
  db: Db;
  search: SearchService;
  entities: EntityClient;
  now?: () => string;
}) {
  const history: Entry[] = [];
  /** Delete batches this process's history undoes itself; other kept batches are undone after it. */
  const inMemory = new Set<number>();
  const restoreDeleted = (saved: BriefingAggregate[]): void => {
    const findHash = stmt(db, 'SELECT title FROM briefings WHERE content_hash = ?');
    for (const a of saved) {
      if (findHash.get(a.row.content_hash)) {
        throw new AppFailure('CONFLICT', `cannot undo: '${a.row.title}' was imported again since`);
      }
      restoreAggregate(db, a, now());
    }
  };
  const record = (label: string, revert: () => void): void => {
    history.push({ label, revert });
    if (history.length > UNDO_DEPTH) history.shift();
  };

  async function resolve(target: BulkTarget): Promise<number[]> {
    if ('ids' in target) {
      return (
        stmt(db, 'SELECT id FROM briefings WHERE id IN (SELECT value FROM json_each(?))').all(json(target.ids)) as {
          id: number;
        }[]
      ).map((r) => r.id);
    }
    if ('view' in target) return listIds(db, target.view);
    return search.matchingIds(target.search);
  }

  const requireNames = (names: string[] | undefined): string[] => [
    ...new Set((names ?? []).map(normalizeTagName).filter((n) => n !== '')),
  ];

  /** Adds and removes tags and sets reading states on many briefings, in one undoable step. */
  async function bulk(target: BulkTarget, change: BulkChange): Promise<ActionResult> {
    const add = requireNames(change.addTags);
    const remove = requireNames(change.removeTags);
    const reading = (['readState', 'starred', 'archived'] as const).filter((k) => change[k] !== undefined);
    if (add.length === 0 && remove.length === 0 && reading.length === 0) {
      throw new AppFailure('VALIDATION', 'choose what to change: a tag to add or remove, or a reading state');
    }
    const ids = await resolve(target);
    if (ids.length === 0) throw new AppFailure('VALIDATION', 'no briefings are selected');
    return db.transaction(() => {
      const t = now();
      const existing = [...add, ...remove].map((n) => findTag(db, n)).filter((r) => r !== undefined);
      const snap = snapshotTags(
        db,
        existing.map((r) => r.id),
      );
      const before = reading.length
        ? (stmt(
            db,
            'SELECT id, read_state, starred, archived FROM briefings WHERE id IN (SELECT value FROM json_each(?))',
          ).all(json(ids)) as { id: number; read_state: string; starred: number; archived: number }[])
        : [];
      const touched: number[] = existing.map((r) => r.id);
      const link = stmt(
        db,
        'INSERT OR IGNORE INTO briefing_tags (briefing_id, tag_id) SELECT value, ? FROM json_each(?)',
      );
      for (const name of add) {
        const tag = ensureTag(db, name, t);
        if (!tag) continue;
        touched.push(tag.id);
        link.run(tag.id, json(ids));
      }
      const unlink = stmt(
        db,
        'DELETE FROM briefing_tags WHERE tag_id = ? AND briefing_id IN (SELECT value FROM json_each(?))',
      );
      for (const name of remove) {
        const tag = findTag(db, name);
        if (tag) unlink.run(tag.id, json(ids));
      }
      if (reading.length) {
        const sets = reading.map((k) => `${k === 'readState' ? 'read_state' : k} = @${k}`).join(', ');
        stmt(db, `UPDATE briefings SET ${sets} WHERE id IN (SELECT value FROM json_each(@ids))`).run({
          ids: json(ids),
          ...(change.readState !== undefined ? { readState: change.readState } : {}),
          ...(change.starred !== undefined ? { starred: change.starred ? 1 : 0 } : {}),
          ...(change.archived !== undefined ? { archived: change.archived ? 1 : 0 } : {}),
        });
      }
      const label = describe(change, add, remove, ids.length);
      record(label, () => {
        if (add.length || remove.length) restoreTags(db, snap, touched);
        const put = stmt(db, 'UPDATE briefings SET read_state = ?, starred = ?, archived = ? WHERE id = ?');
        for (const r of before) put.run(r.read_state, r.starred, r.archived, r.id);
      });
      return { label, affected: ids.length, undoable: true };
    })();
  }

  /** Deletes briefings; undo puts them back whole (briefing-aggregate.ts: every table, same ids). */
  async function remove(target: BulkTarget): Promise<ActionResult> {
    const ids = await resolve(target);
    if (ids.length === 0) throw new AppFailure('VALIDATION', 'no briefings are selected');
    return db.transaction(() => {
      const list = json(ids);
      const saved = readAggregates(db, ids);
      stmt(db, 'DELETE FROM briefings WHERE id IN (SELECT value FROM json_each(?))').run(list);
      const label = saved.length === 1 ? `Deleted '${saved[0]?.row.title ?? ''}'` : `Deleted ${plural(saved.length)}`;
      // Kept in the library too, so the delete stays undoable after a restart or from the CLI.
      const batch = saveDeleted(db, label, saved, now());
      inMemory.add(batch);
      record(label, () => {
        restoreDeleted(saved);
        dropDeleted(db, batch);
        inMemory.delete(batch);
      });
      return { label, affected: saved.length, undoable: true };
    })();
  }

  /** Distinct briefings (not archived) tagged `name` or below it. */
  const countTagged = (name: string): number => {
    const tagged = taggedWith(name, 'tag');
    return (
      stmt(db, `SELECT count(*) AS n FROM briefings b WHERE b.archived = 0 AND b.id IN (${tagged.sql})`).get(
        tagged.params,
      ) as { n: number }
    ).n;
  };

  function planRename(fromRaw: string, toRaw: string) {
    const from = normalizeTagName(fromRaw);
    const to = normalizeTagName(toRaw);
    if (from === '' || to === '') throw new AppFailure('VALIDATION', 'a tag name cannot be empty');
    const rows = subtree(db, from);
    if (rows.length === 0) throw new AppFailure('NOT_FOUND', `there is no tag named '${from}'`);
    if (to.toLowerCase().startsWith(`${from.toLowerCase()}/`)) {
      throw new AppFailure('VALIDATION', `'${from}' cannot be moved inside itself`);
    }
    const root = rows.find((r) => r.name.toLowerCase() === from.toLowerCase());
    const fromName = root?.name ?? from;
    const target = findTag(db, to);
    const merge = target !== undefined && target.id !== root?.id && target.name.toLowerCase() !== from.toLowerCase();
    const moves = rows.map((r) => ({ row: r, name: to + r.name.slice(from.length) }));
    const targets = moves
      .map((m) => findTag(db, m.name))
      .filter((t): t is NonNullable<typeof t> => t !== undefined && !rows.some((r) => r.id === t.id));
    return { from: fromName, to: merge && target ? target.name : to, rows, moves, targets, merge, target };
  }

  function previewRename(from: string, to: string): RenamePreview {
    const plan = planRename(from, to);
    const fromCount = countTagged(plan.from);
    const subtags = plan.rows.filter((r) => r.name.toLowerCase() !== plan.from.toLowerCase()).length;
    const sub = subtags > 0 ? ` with its ${plural(subtags, 'sub-tag')}` : '';
    if (plan.merge && plan.target) {
      const toCount = countTagged(plan.target.name);
      return {
        kind: 'merge',
        from: { name: plan.from, count: fromCount },
        to: { name: plan.target.name, count: toCount },
        subtags,
        message: `Merge '${plan.from}' (${fromCount})${sub} into '${plan.target.name}' (${toCount})?`,
      };
    }
    return {
      kind: 'rename',
      from: { name: plan.from, count: fromCount },
      to: plan.targets.length > 0 ? { name: plan.to, count: countTagged(plan.to) } : null,
      subtags,
      message: `Rename '${plan.from}' (${fromCount})${sub} to '${plan.to}'?`,
    };
  }

  /**
   * Renames a tag with everything below it ("policy/eu" -> "europe" also turns "policy/eu/ai-act"
   * into "europe/ai-act"). Onto an existing name it merges: the links move to the existing tag,
   * which keeps its spelling and colour. Undoable either way.
   */
  function renameTag(fromRaw: string, toRaw: string): ActionResult {
    return db.transaction(() => {
      const plan = planRename(fromRaw, toRaw);
      const touched = [...plan.rows.map((r) => r.id), ...plan.targets.map((t) => t.id)];
      const snap = snapshotTags(db, touched);
      for (const { row, name } of plan.moves) {
        const other = findTag(db, name);
        if (other && other.id !== row.id) {
          stmt(
            db,
            'INSERT OR IGNORE INTO briefing_tags (briefing_id, tag_id) SELECT briefing_id, ? FROM briefing_tags WHERE tag_id = ?',
          ).run(other.id, row.id);
          if (other.color === null && row.color !== null) setTagColor(db, other.id, row.color);
          stmt(db, 'DELETE FROM tags WHERE id = ?').run(row.id);
        } else {
          stmt(db, 'UPDATE tags SET name = ? WHERE id = ?').run(name, row.id);
        }
      }
      const label = plan.merge ? `Merged '${plan.from}' into '${plan.to}'` : `Renamed '${plan.from}' to '${plan.to}'`;
      record(label, () => restoreTags(db, snap, touched));
      return { label, affected: plan.rows.length, undoable: true };
    })();
  }

  /** Any colour, as #rrggbb, or null for none. An implied parent becomes a real tag to hold it. */
  function recolorTag(name: string, color: string | null): ActionResult {
    return db.transaction(() => {
      const existing = findTag(db, name);
      if (!existing && subtree(db, name).length === 0)
        throw new AppFailure('NOT_FOUND', `there is no tag named '${name}'`);
      const snap = snapshotTags(db, existing ? [existing.id] : []);
      const tag = existing ?? ensureTag(db, name, now());
      if (!tag) throw new AppFailure('VALIDATION', 'a tag name cannot be empty');
      setTagColor(db, tag.id, color);
      const label = color ? `Coloured '${tag.name}'` : `Removed the colour of '${tag.name}'`;
      record(label, () => restoreTags(db, snap, [tag.id]));
      return { label, affected: 1, undoable: true };
    })();
  }

  /** Deletes a tag and the tags below it; the briefings keep everything else. */
  function deleteTag(name: string): ActionResult {
    return db.transaction(() => {
      const rows = subtree(db, name);
      if (rows.length === 0) throw new AppFailure('NOT_FOUND', `there is no tag named '${normalizeTagName(name)}'`);
      const count = countTagged(name);
      const ids = rows.map((r) => r.id);
      const snap = snapshotTags(db, ids);
      stmt(db, 'DELETE FROM tags WHERE id IN (SELECT value FROM json_each(?))').run(json(ids));
      const sub = rows.length > 1 ? ` and ${plural(rows.length - 1, 'sub-tag')}` : '';
      const label = `Deleted tag '${normalizeTagName(name)}'${sub} from ${plural(count)}`;
      record(label, () => restoreTags(db, snap, ids));
      return { label, affected: count, undoable: true };
    })();
  }

  function validateRule(r: NewTagRule): NewTagRule {
    const pattern = r.pattern.trim();
    const tag = normalizeTagName(r.tag);
    if (pattern === '') throw new AppFailure('VALIDATION', 'a rule needs some text to look for');
    if (tag === '') throw new AppFailure('VALIDATION', 'a rule needs a tag to add');
    return { field: r.field, pattern, tag };
  }

  /** Briefings a rule would tag that do not carry the tag yet. */
  function ruleTargets(rule: NewTagRule): number[] {
    const r = validateRule(rule);
    const tag = findTag(db, r.tag);
    return (
      stmt(
        db,
        `SELECT b.id FROM briefings b WHERE ${ruleSql(db, r.field)}
          ${tag ? 'AND b.id NOT IN (SELECT briefing_id FROM briefing_tags WHERE tag_id = @tag)' : ''}`,
      ).all({ pattern: r.pattern, ...(tag ? { tag: tag.id } : {}) }) as { id: number }[]
    ).map((x) => x.id);
  }

  const keptElsewhere = (): number => Math.max(0, countDeleted(db) - inMemory.size);

  /** Corrects a briefing's title, source, byline or date by hand, as one undoable step. */
  function editDetails(edit: DetailsEdit): ActionResult {
    const before = getDetails(db, edit.id);
    if (!before) throw new AppFailure('NOT_FOUND', `briefing ${edit.id} does not exist (it may have been deleted)`);
    const clean = (v: string | null | undefined): string | null | undefined =>
      v === undefined ? undefined : v === null ? null : oneLine(v) || null;
    const change: Partial<Details> = {
      ...(edit.title !== undefined ? { title: oneLine(edit.title) } : {}),
      ...(edit.source !== undefined ? { source: clean(edit.source) ?? null } : {}),
      ...(edit.byline !== undefined ? { byline: clean(edit.byline) ?? null } : {}),
      ...(edit.publishedAt !== undefined ? { publishedAt: edit.publishedAt ? isoDay(edit.publishedAt) : null } : {}),
      ...(edit.note !== undefined ? { note: cleanNote(edit.note) } : {}),
    };
    if (change.title === '') throw new AppFailure('VALIDATION', 'a title cannot be empty');
    const changed = (Object.keys(change) as (keyof Details)[]).filter((k) => change[k] !== before[k]);
    if (changed.length === 0) return { label: 'Nothing changed', affected: 0, undoable: false };
    db.transaction(() => setDetails(db, edit.id, change))();
    const label = `Edited the ${changed.map((k) => DETAIL_NAMES[k]).join(', ')} of '${change.title ?? before.title}'`;
    record(label, () => setDetails(db, edit.id, before));
    return { label, affected: 1, undoable: true };
  }

  return {
    tags: (): TagInfo[] => listTags(db),
    editDetails,
    sources: (): SourceCount[] => listSources(db),
    resolve,
    bulk,
    remove,
    previewRename,
    renameTag,
    recolorTag,
    deleteTag,
    rules: (): TagRule[] => listRules(db),
    addRule: (r: NewTagRule): TagRule[] => {
      addRule(db, validateRule(r), now());
      return listRules(db);
    },
    removeRule: (id: number): TagRule[] => {
      if (!removeRule(db, id)) throw new AppFailure('NOT_FOUND', 'that rule no longer exists');
      return listRules(db);
    },
    previewRule: (r: NewTagRule): { count: number } => ({ count: ruleTargets(r).length }),
    /** Runs a rule over the whole library (on request, after its preview), as one undoable step. */
    applyRule: async (r: NewTagRule): Promise<ActionResult> => {
      const rule = validateRule(r);
      const ids = ruleTargets(rule);
      if (ids.length === 0) return { label: 'The rule matched no untagged briefings', affected: 0, undoable: false };
      const result = await bulk({ ids: ids.map(toBriefingId) }, { addTags: [rule.tag] });
      const top = history[history.length - 1];
      if (top) top.label = `Rule tagged ${plural(ids.length)} '${rule.tag}'`;
      return { ...result, label: top?.label ?? result.label };
    },
    async suggest(id: number): Promise<TagSuggestion[]> {
      const b = getBriefing(db, toBriefingId(id));
      if (!b) throw new AppFailure('NOT_FOUND', `briefing ${id} does not exist (it may have been deleted)`);
      const text = [b.title, b.headline ?? '', b.text].join('\n');
      const [similar, found] = await Promise.all([
        search.similar(id, 10),
        // Without names the other reasons still stand: extraction failing is not an error.
        entities.extract(text).catch(() => []),
      ]);
      return suggestTags({
        text,
        current: b.tags,
        tags: listTags(db),
        similarTags: similar.map((s) => s.briefing.tags),
        entities: found,
      });
    },
    undo(): UndoResult {
      const entry = history.pop();
      if (entry) {
        db.transaction(entry.revert)();
        return { undone: entry.label, remaining: history.length + keptElsewhere() };
      }
      // Nothing left from this session: a delete kept in the library (made by the CLI, or before
      // the app restarted) is next.
      const kept = latestDeleted(db, inMemory);
      if (!kept) return { undone: null, remaining: 0 };
      db.transaction(() => {
        restoreDeleted(kept.aggregates);
        dropDeleted(db, kept.id);
      })();
      return { undone: kept.label, remaining: keptElsewhere() };
    },
    canUndo: (): number => history.length + keptElsewhere(),
  };
}

function describe(change: BulkChange, add: string[], remove: string[], n: number): string {
  const parts: string[] = [];
  if (add.length) parts.push(`tagged ${plural(n)} ${quoted(add)}`);
  if (remove.length) parts.push(`removed ${quoted(remove)} from ${plural(n)}`);
  if (change.readState)
    parts.push(`marked ${plural(n)} ${change.readState === 'in_progress' ? 'in progress' : change.readState}`);
  if (change.starred !== undefined) parts.push(`${change.starred ? 'starred' : 'unstarred'} ${plural(n)}`);
  if (change.archived !== undefined) parts.push(`${change.archived ? 'archived' : 'unarchived'} ${plural(n)}`);
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
