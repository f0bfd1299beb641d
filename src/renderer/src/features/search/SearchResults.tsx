import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { formatDate } from '../../format';
import { useStore } from '../../store';
import type { LibraryFilter } from '../../store/library-slice';
import { BulkBar } from '../library/BulkBar';

const ROW = 112;

/** Ranked results with the best passage of each, every matched word highlighted. */
export function SearchResults() {
  const result = useStore((s) => s.search.result);
  const status = useStore((s) => s.search.status);
  const error = useStore((s) => s.search.error);
  const sort = useStore((s) => s.search.sort);
  const cursor = useStore((s) => s.search.cursor);
  const setSort = useStore((s) => s.setSort);
  const selectedId = useStore((s) => s.reader.selectedId);
  const openSearchResult = useStore((s) => s.openSearchResult);
  const selection = useStore((s) => s.organize.selection);
  const select = useStore((s) => s.select);
  const selectIds = useStore((s) => s.selectIds);
  const selectAllMatching = useStore((s) => s.selectAllMatching);
  const filter = useStore((s) => s.library.filter);
  const setFilter = useStore((s) => s.setFilter);
  const elsewhere = useStore((s) => s.search.elsewhere);
  const scope = scopeName(filter);
  const scrollRef = useRef<HTMLDivElement>(null);
  const items = result?.items ?? [];
  // We do not use the React Compiler, so its warning about memoizing this hook does not apply.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 6,
  });
  useEffect(() => {
    if (items.length > 0) virtualizer.scrollToIndex(cursor, { align: 'auto' });
  }, [cursor, items.length, virtualizer]);
  // The next page is fetched when the last rows come into view (by scrolling or the keyboard).
  const loadMoreResults = useStore((s) => s.loadMoreResults);
  const lastVisible = virtualizer.getVirtualItems().at(-1)?.index ?? -1;
  useEffect(() => {
    if (items.length > 0 && lastVisible >= items.length - 10) void loadMoreResults();
  }, [lastVisible, items.length, loadMoreResults]);

  return (
    <section className="list-pane" aria-label="Search results">
      <div className="list-header search-header">
        <span aria-live="polite">
          {status === 'loading'
            ? 'Searching…'
            : result?.problem
              ? ''
              : result
                ? `${result.total.toLocaleString()} ${result.total === 1 ? 'result' : 'results'}${result.fuzzy ? ' for close spellings' : ''}`
                : ''}
        </span>
        <span role="group" aria-label="Sort results">
          <button type="button" aria-pressed={sort === 'relevance'} onClick={() => setSort('relevance')}>
            Relevance
          </button>
          <button type="button" aria-pressed={sort === 'date'} onClick={() => setSort('date')}>
            Newest
          </button>
        </span>
      </div>
      {scope && (
        <p className="search-scope">
          Searching in {scope} ·{' '}
          <button type="button" className="link-button" onClick={() => setFilter('all')}>
            search everything
          </button>
        </p>
      )}
      {result && !result.problem && <SaveSearch />}
      {result && !result.problem && <BulkBar total={result.total} />}
      {result?.problem && (
        <p className="search-problem" role="alert">
          {result.problem}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
      {result && !result.problem && result.total === 0 && (
        <p className="list-empty">
          {scope && elsewhere
            ? `No briefing in ${scope} matches, but ${elsewhere.toLocaleString()} in the whole library ${elsewhere === 1 ? 'does' : 'do'}.`
            : scope
              ? `No briefing matches, in ${scope} or anywhere else. Try fewer words or check the spelling.`
              : 'No briefing matches. Try fewer words or check the spelling.'}
          {scope && elsewhere ? (
            <>
              {' '}
              <button type="button" className="link-button" onClick={() => setFilter('all')}>
                Show them
              </button>
            </>
          ) : null}
        </p>
      )}
      <div
        className="list-scroll"
        ref={scrollRef}
        role="listbox"
        id="search-results"
        aria-label="Results"
        aria-multiselectable="true"
        tabIndex={0}
        onKeyDown={(e) => {
          // Ctrl/Cmd+A: every result of the search, not only the pages loaded so far.
          if (e.key !== 'a' || !(e.ctrlKey || e.metaKey) || !result) return;
          e.preventDefault();
          selectIds(items.map((h) => h.briefing.id));
          if (result.total > items.length) selectAllMatching();
        }}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const hit = items[v.index];
            if (!hit) return null;
            const b = hit.briefing;
            const checked = selection.all || selection.ids.includes(b.id);
            return (
              <div
                key={b.id}
                role="option"
                aria-selected={v.index === cursor || b.id === selectedId || checked}
                className={`row result${v.index === cursor ? ' cursor' : ''}${b.id === selectedId ? ' selected' : ''}${checked ? ' checked' : ''}`}
                style={{ transform: `translateY(${v.start}px)`, height: ROW }}
                onClick={(e) => {
                  const order = items.map((h) => h.briefing.id);
                  if (e.shiftKey) select(b.id, 'range', order);
                  else if (e.ctrlKey || e.metaKey) select(b.id, 'toggle', order);
                  else {
                    select(b.id, 'one', order);
                    void openSearchResult(v.index);
                  }
                }}
              >
                <div className="row-title">{b.title}</div>
                <div className="row-meta">
                  {[b.source, formatDate(b.publishedAt ?? b.importedAt), ...b.tags.map((t) => `#${t}`)]
                    .filter(Boolean)
                    .join(' · ')}
                </div>
                <div className="snippet">
                  {hit.snippet.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

/** Names the current query; it then stays in the sidebar with a live count. */
function SaveSearch() {
  const saveSearch = useStore((s) => s.saveSearch);
  const [name, setName] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (name === null) {
    return (
      <div className="save-search">
        <button type="button" className="small" onClick={() => setName('')}>
          Save search…
        </button>
      </div>
    );
  }
  return (
    <form
      className="save-search"
      onSubmit={(e) => {
        e.preventDefault();
        void saveSearch(name).then((err) => {
          if (err) setProblem(err.message);
          else {
            setName(null);
            setProblem(null);
          }
        });
      }}
    >
      <input
        aria-label="Name of the saved search"
        placeholder="Name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        autoFocus
        maxLength={80}
      />
      <button type="submit" className="small" disabled={name.trim() === ''}>
        Save
      </button>
      <button type="button" className="small" onClick={() => setName(null)}>
        Cancel
      </button>
      {problem && (
        <span role="alert" className="error">
          {problem}
        </span>
      )}
    </form>
  );
}

/** The sidebar view a search is limited to, as the sidebar names it; null for All. */
function scopeName(filter: LibraryFilter): string | null {
  if (typeof filter === 'object') return 'tag' in filter ? `the tag ${filter.tag}` : `the source ${filter.source}`;
  const names: Record<Exclude<LibraryFilter, object>, string | null> = {
    all: null,
    unread: 'Unread',
    in_progress: 'In progress',
    starred: 'Starred',
    archived: 'Archive',
  };
  return names[filter];
}
