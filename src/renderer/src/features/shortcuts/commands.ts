import type { MenuCommand } from '../../../../shared/model';
import { useStore } from '../../store';

/** Events the reader and the search box listen for, so the menu and the keys reach them alike. */
export const READER_EVENT = {
  addTag: 'briefings:add-tag',
  search: 'briefings:search',
  section: 'briefings:section',
  page: 'briefings:page',
  shortcuts: 'briefings:shortcuts',
  note: 'briefings:note',
} as const;

const fire = (name: string, detail?: unknown): boolean => window.dispatchEvent(new CustomEvent(name, { detail }));

/** The ids of the list on screen: the search results while searching, else the library view. */
function visibleOrder(): number[] {
  const s = useStore.getState();
  if (s.search.query.trim() !== '' && s.search.result) return s.search.result.items.map((h) => h.briefing.id);
  return s.library.order;
}

/** Opens the next (+1) or previous (-1) briefing of the list on screen. */
export function openAdjacent(step: 1 | -1): void {
  const s = useStore.getState();
  const order = visibleOrder();
  if (order.length === 0) return;
  const at = s.reader.selectedId === null ? -1 : order.indexOf(s.reader.selectedId);
  const next = order[Math.max(0, Math.min(order.length - 1, at + step))];
  if (next === undefined || next === s.reader.selectedId) return;
  s.select(next as never, 'one', order as never[]);
  void s.openBriefing(next as never);
  document.getElementById(`row-${next}`)?.scrollIntoView({ block: 'nearest' });
}

/** Carries out a command from the application menu or its key. */
export function runCommand(c: MenuCommand): void {
  const s = useStore.getState();
  const b = s.reader.briefing;
  switch (c) {
    case 'next-briefing':
      return openAdjacent(1);
    case 'previous-briefing':
      return openAdjacent(-1);
    case 'toggle-read':
      if (b) void s.updateReading({ readState: b.readState === 'read' ? 'unread' : 'read' });
      return;
    case 'toggle-star':
      if (b) void s.updateReading({ starred: !b.starred });
      return;
    case 'toggle-archive':
      if (b) void s.updateReading({ archived: !b.archived });
      return;
    case 'add-tag':
      fire(READER_EVENT.addTag);
      return;
    case 'search':
      fire(READER_EVENT.search);
      return;
    case 'next-section':
      fire(READER_EVENT.section, 1);
      return;
    case 'previous-section':
      fire(READER_EVENT.section, -1);
      return;
    case 'open-briefing':
      (document.querySelector('.reader-scroll') as HTMLElement | null)?.focus();
      return;
    case 'page-down':
      fire(READER_EVENT.page, 1);
      return;
    case 'page-up':
      fire(READER_EVENT.page, -1);
      return;
    case 'shortcuts':
      fire(READER_EVENT.shortcuts);
      return;
    case 'undo':
      void s.undo();
      return;
    case 'edit-note':
      if (b) fire(READER_EVENT.note);
      return;
    case 'print':
      if (b) window.print();
      return;
    case 'open-original':
      void s.openOriginal();
      return;
    case 'show-original':
      void s.showOriginal();
      return;
  }
}

const KEYS: Record<string, MenuCommand> = {
  j: 'next-briefing',
  k: 'previous-briefing',
  u: 'toggle-read',
  s: 'toggle-star',
  e: 'toggle-archive',
  ']': 'next-section',
  '[': 'previous-section',
  '?': 'shortcuts',
  n: 'edit-note',
};

/** The single-key shortcuts; never while typing in a field or with a modifier held. */
export function onShortcutKey(e: KeyboardEvent): void {
  // Ctrl/Cmd+P prints the open briefing (the menu's accelerator does the same in the app).
  if (e.key.toLowerCase() === 'p' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
    e.preventDefault();
    runCommand('print');
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target as HTMLElement;
  if (t.closest('input, textarea, select, [contenteditable], dialog')) return;
  if (e.key === ' ') {
    if (t.closest('button, a, [role="option"]')) return;
    e.preventDefault();
    runCommand(e.shiftKey ? 'page-up' : 'page-down');
    return;
  }
  if (e.key === 'o' || (e.key === 'Enter' && t.closest('[role="listbox"]'))) {
    // The selected briefing is already open; o (or Enter in the list) moves focus into it.
    runCommand('open-briefing');
    return;
  }
  // In a list, the arrow keys and j/k are the list's own (it moves its selection).
  if ((e.key === 'j' || e.key === 'k') && t.closest('[role="listbox"]')) return;
  const c = KEYS[e.key];
  if (!c) return;
  e.preventDefault();
  runCommand(c);
}

export const SHORTCUTS: [keys: string, action: string][] = [
  ['j / k', 'next / previous briefing'],
  ['Enter or o', 'read the selected briefing (focus the text)'],
  ['Space / Shift+Space', 'page down / up'],
  ['] / [', 'next / previous section'],
  ['u', 'mark read / unread'],
  ['s', 'star / unstar'],
  ['e', 'archive / unarchive'],
  ['t', 'add a tag'],
  ['n', 'write or edit a note on the briefing'],
  ['Ctrl/Cmd+P', 'print the briefing with its highlights and note'],
  ['/ or Ctrl/Cmd+K', 'search'],
  ['Enter / Shift+Enter', 'next / previous search match in the text'],
  ['Ctrl/Cmd+Z', 'undo the last library action'],
  ['Ctrl/Cmd+A', 'select every briefing in the list'],
  ['?', 'this list'],
];
