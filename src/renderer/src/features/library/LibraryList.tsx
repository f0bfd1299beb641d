import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import type { BriefingSummary } from '../../../../shared/model';
import { useStore } from '../../store';
import { formatDate } from '../../format';
import { BulkBar } from './BulkBar';
import { SORTS, type SortChoice } from '../../store/library-slice';

const ROW_HEIGHT = 88;

/** Virtualized: only the visible rows exist in the DOM, so 10,000+ briefings scroll smoothly. */
export function LibraryList() {
  const order = useStore((s) => s.library.order);
  const byId = useStore((s) => s.library.byId);
  const total = useStore((s) => s.library.total);
  const filter = useStore((s) => s.library.filter);
  const sort = useStore((s) => s.library.sort);
  const setListSort = useStore((s) => s.setListSort);
  const status = useStore((s) => s.library.status);
  const error = useStore((s) => s.library.error);
  const selectedId = useStore((s) => s.reader.selectedId);
  const openBriefing = useStore((s) => s.openBriefing);
  const loadMore = useStore((s) => s.loadMore);
  const selection = useStore((s) => s.organize.selection);
  const select = useStore((s) => s.select);
  const selectIds = useStore((s) => s.selectIds);
  const selectAllMatching = useStore((s) => s.selectAllMatching);
  const parentRef = useRef<HTMLDivElement>(null);

  // We do not use the React Compiler, so its warning about memoizing this hook does not apply.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? (items[items.length - 1]?.index ?? 0) : 0;

  useEffect(() => {
    if (order.length < total && lastIndex >= order.length - 30) void loadMore();
  }, [lastIndex, order.length, total, loadMore]);

  const selectedIndex = selectedId === null ? -1 : order.indexOf(selectedId);
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      if (e.key === 'a' && (e.ctrlKey || e.metaKey)) {
        // The whole view, as "Select all N" does: only 200 rows are loaded at a time, and a
        // user pressing Ctrl/Cmd+A means every briefing they are looking at.
        e.preventDefault();
        selectIds(order);
        if (total > order.length) selectAllMatching();
        return;
      }
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'j' && e.key !== 'k') return;
      e.preventDefault();
      const step = e.key === 'ArrowDown' || e.key === 'j' ? 1 : -1;
      const next = Math.max(0, Math.min(order.length - 1, selectedIndex + step));
      const id = order[next];
      if (id !== undefined) {
        if (e.shiftKey) select(id, 'range', order);
        else select(id, 'one', order);
        void openBriefing(id);
        virtualizer.scrollToIndex(next, { align: 'auto' });
      }
    },
    [order, total, selectedIndex, openBriefing, virtualizer, select, selectIds, selectAllMatching],
  );

  return (
    <section className="list-pane" aria-label="Briefings">
      <div className="list-header">
        <span aria-live="polite">
          {filter === 'in_progress' && <strong className="view-title">Continue reading · </strong>}
          {total.toLocaleString()} {total === 1 ? 'briefing' : 'briefings'}
          {filter === 'in_progress' && ' you started'}
        </span>
        <select
          className="list-sort"
          aria-label="Sort the list"
          value={sort}
          onChange={(e) => setListSort(e.target.value as SortChoice)}
        >
          {(Object.keys(SORTS) as SortChoice[]).map((k) => (
            <option key={k} value={k}>
              {SORTS[k].label}
            </option>
          ))}
        </select>
      </div>
      <BulkBar total={total} />
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {status === 'ready' && total === 0 && <p className="list-empty">Nothing matches this view.</p>}
      <div
        ref={parentRef}
        className="list-scroll"
        role="listbox"
        aria-label="Briefings list"
        aria-multiselectable="true"
        tabIndex={0}
        aria-activedescendant={selectedId !== null ? `row-${selectedId}` : undefined}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((row) => {
            const id = order[row.index];
            const b = id === undefined ? undefined : byId[id];
            if (!b) return null;
            return (
              <Row
                key={b.id}
                briefing={b}
                selected={b.id === selectedId}
                checked={selection.all || selection.ids.includes(b.id)}
                top={row.start}
                onClick={(e) => {
                  if (e.shiftKey) select(b.id, 'range', order);
                  else if (e.ctrlKey || e.metaKey) select(b.id, 'toggle', order);
                  else {
                    select(b.id, 'one', order);
                    void openBriefing(b.id);
                  }
                }}
              />
            );
          })}
        </div>
      </div>
    </section>
  );
}

function Row({
  briefing: b,
  selected,
  checked,
  top,
  onClick,
}: {
  briefing: BriefingSummary;
  selected: boolean;
  checked: boolean;
  top: number;
  onClick: (e: MouseEvent) => void;
}) {
  return (
    <div
      id={`row-${b.id}`}
      role="option"
      aria-selected={checked || selected}
      className={`row${selected ? ' selected' : ''}${checked ? ' checked' : ''}${b.readState === 'unread' ? ' unread' : ''}`}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={onClick}
    >
      <div className="row-title">
        {b.readState === 'unread' && <span className="dot" aria-label="unread" />}
        {b.title}
      </div>
      <div className="row-meta">
        {[b.source, formatDate(b.publishedAt ?? b.importedAt), `${Math.max(1, Math.round(b.wordCount / 230))} min`]
          .filter(Boolean)
          .join(' · ')}
        {b.starred && <span aria-label="starred"> ★</span>}
        {b.readState === 'in_progress' && b.scrollProgress > 0 && (
          <span className="progress" aria-label={`${Math.round(b.scrollProgress * 100)}% read`}>
            {' '}
            · {Math.round(b.scrollProgress * 100)}%
          </span>
        )}
        {b.tags.length > 0 && <span className="row-tags"> · {b.tags.map((t) => `#${t}`).join(' ')}</span>}
      </div>
      <div className="row-excerpt">{b.excerpt}</div>
    </div>
  );
}
