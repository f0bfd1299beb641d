import type { StateCreator } from 'zustand';
import type {
  ActionResult,
  BriefingId,
  BulkChange,
  BulkTarget,
  DetailsEdit,
  NewTagRule,
  RenamePreview,
  SourceCount,
  TagInfo,
  TagRule,
  TagSuggestion,
} from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { api, call } from '../bridge';
import type { Store } from './index';
import { withinFor } from './library-slice';

export type Toast = { message: string; undoable: boolean; error?: boolean };

export type OrganizeSlice = {
  organize: {
    tags: TagInfo[];
    sources: SourceCount[];
    rules: TagRule[];
    /** Chosen rows; `all` means every briefing of the current view or search, loaded or not. */
    selection: { ids: BriefingId[]; anchor: BriefingId | null; all: boolean };
    toast: Toast | null;
    suggestions: { id: BriefingId; items: TagSuggestion[] | null } | null;
  };
  loadOrganize(): Promise<void>;
  /** Click: one row; toggle: Ctrl/Cmd-click; range: Shift-click from the anchor, in `order`. */
  select(id: BriefingId, mode: 'one' | 'toggle' | 'range', order: BriefingId[]): void;
  selectIds(ids: BriefingId[]): void;
  selectAllMatching(): void;
  clearSelection(): void;
  /** Applies a change to the selection (or to `ids` when given), with an Undo toast. */
  bulk(change: BulkChange, ids?: BriefingId[]): Promise<AppError | null>;
  deleteSelected(ids?: BriefingId[]): Promise<AppError | null>;
  /** Corrects the open briefing's title, source, byline or date, with an Undo toast. */
  editDetails(change: Omit<DetailsEdit, 'id'>): Promise<AppError | null>;
  undo(): Promise<void>;
  showToast(toast: Toast | null): void;
  previewRename(from: string, to: string): Promise<{ value: RenamePreview } | { error: AppError }>;
  renameTag(from: string, to: string): Promise<AppError | null>;
  recolorTag(name: string, color: string | null): Promise<AppError | null>;
  deleteTag(name: string): Promise<AppError | null>;
  loadSuggestions(id: BriefingId): Promise<void>;
  addRule(rule: NewTagRule): Promise<AppError | null>;
  removeRule(id: number): Promise<void>;
  previewRule(rule: NewTagRule): Promise<{ value: { count: number } } | { error: AppError }>;
  applyRule(rule: NewTagRule): Promise<AppError | null>;
};

export const createOrganizeSlice: StateCreator<Store, [], [], OrganizeSlice> = (set, get) => {
  const patch = (p: Partial<OrganizeSlice['organize']>): void => set((s) => ({ organize: { ...s.organize, ...p } }));

  /** What a bulk action applies to: "all N" is resolved in main from the view or the search. */
  const target = (ids?: BriefingId[]): BulkTarget | null => {
    if (ids) return { ids };
    const { selection } = get().organize;
    const within = withinFor(get().library.filter);
    const query = get().search.query.trim();
    if (selection.all) return query !== '' ? { search: { query, within } } : { view: within };
    return selection.ids.length > 0 ? { ids: selection.ids } : null;
  };

  /** After an action: the toast, and every list and count that may have changed. */
  const done = async (r: { value: ActionResult } | { error: AppError }): Promise<AppError | null> => {
    if ('error' in r) {
      patch({ toast: { message: r.error.message, undoable: false, error: true } });
      return r.error;
    }
    patch({ toast: { message: r.value.label, undoable: r.value.undoable } });
    await get().loadOrganize();
    return null;
  };

  return {
    organize: {
      tags: [],
      sources: [],
      rules: [],
      selection: { ids: [], anchor: null, all: false },
      toast: null,
      suggestions: null,
    },

    async loadOrganize() {
      const [tags, sources, rules] = await Promise.all([
        call(api().listTags({})),
        call(api().listSources({})),
        call(api().listRules({})),
      ]);
      patch({
        ...('value' in tags ? { tags: tags.value } : {}),
        ...('value' in sources ? { sources: sources.value } : {}),
        ...('value' in rules ? { rules: rules.value } : {}),
      });
    },

    select(id, mode, order) {
      const { selection } = get().organize;
      if (mode === 'one') {
        patch({ selection: { ids: [id], anchor: id, all: false } });
        return;
      }
      if (mode === 'toggle') {
        const has = selection.ids.includes(id);
        patch({
          selection: {
            ids: has ? selection.ids.filter((x) => x !== id) : [...selection.ids, id],
            anchor: id,
            all: false,
          },
        });
        return;
      }
      const from = selection.anchor === null ? -1 : order.indexOf(selection.anchor);
      const to = order.indexOf(id);
      if (from < 0 || to < 0) {
        patch({ selection: { ids: [id], anchor: id, all: false } });
        return;
      }
      const range = order.slice(Math.min(from, to), Math.max(from, to) + 1);
      patch({ selection: { ids: [...new Set([...selection.ids, ...range])], anchor: selection.anchor, all: false } });
    },
    selectIds(ids) {
      patch({ selection: { ids, anchor: ids[0] ?? null, all: false } });
    },
    selectAllMatching() {
      patch({ selection: { ...get().organize.selection, all: true } });
    },
    clearSelection() {
      patch({ selection: { ids: [], anchor: null, all: false } });
    },

    async bulk(change, ids) {
      const t = target(ids);
      if (!t) return null;
      return done(await call(api().bulkUpdate({ target: t, change })));
    },
    async deleteSelected(ids) {
      const t = target(ids);
      if (!t) return null;
      const r = await call(api().deleteBriefings({ target: t }));
      if ('value' in r) {
        const gone = 'ids' in t ? new Set<number>(t.ids) : null;
        const open = get().reader.selectedId;
        if (open !== null && (gone === null || gone.has(open))) get().closeBriefing();
        get().clearSelection();
      }
      return done(r);
    },
    async editDetails(change) {
      const id = get().reader.selectedId;
      if (id === null) return null;
      const error = await done(await call(api().editDetails({ id, ...change })));
      if (!error) await Promise.all([get().openBriefing(id), get().loadLibrary()]);
      return error;
    },
    async undo() {
      const r = await call(api().undo({}));
      if ('error' in r) {
        patch({ toast: { message: r.error.message, undoable: false, error: true } });
        return;
      }
      patch({
        toast: { message: r.value.undone ? `Undone: ${r.value.undone}` : 'Nothing to undo', undoable: false },
      });
      await get().loadOrganize();
      const open = get().reader.selectedId;
      if (open !== null) await get().openBriefing(open);
    },
    showToast(toast) {
      patch({ toast });
    },

    previewRename: (from, to) => call(api().previewRenameTag({ from, to })),
    async renameTag(from, to) {
      const r = await call(api().renameTag({ from, to }));
      const tag = get().library.filter;
      // The open tag view follows its tag to the new name.
      if ('value' in r && typeof tag === 'object' && 'tag' in tag && tag.tag.toLowerCase() === from.toLowerCase()) {
        get().setFilter({ tag: to });
      }
      return done(r);
    },
    async recolorTag(name, color) {
      return done(await call(api().recolorTag({ name, color })));
    },
    async deleteTag(name) {
      return done(await call(api().deleteTag({ name })));
    },

    async loadSuggestions(id) {
      patch({ suggestions: { id, items: null } });
      const r = await call(api().suggestTags({ id }));
      if (get().organize.suggestions?.id !== id) return;
      patch({ suggestions: { id, items: 'value' in r ? r.value : [] } });
    },

    async addRule(rule) {
      const r = await call(api().addRule(rule));
      if ('error' in r) return r.error;
      patch({ rules: r.value });
      return null;
    },
    async removeRule(id) {
      const r = await call(api().removeRule({ id }));
      if ('value' in r) patch({ rules: r.value });
    },
    previewRule: (rule) => call(api().previewRule(rule)),
    async applyRule(rule) {
      return done(await call(api().applyRule(rule)));
    },
  };
};
