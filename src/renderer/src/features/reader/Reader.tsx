import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { api } from '../../bridge';
import { formatDate, readingMinutes } from '../../format';
import { useStore } from '../../store';
import { BriefingNote } from './BriefingNote';
import { DetailsDialog } from './DetailsDialog';
import { MoreMenu } from './MoreMenu';
import { ReaderTags } from '../tags/ReaderTags';
import { READER_EVENT, runCommand } from '../shortcuts/commands';
import { applyHighlights } from './anchoring';
import { highlightMatches, markQuotes } from './highlight';
import { HighlightTools, HighlightsPanel } from './Highlights';
import { Outline } from './Outline';
import { ReaderSettings } from './ReaderSettings';
import { Related } from './Related';
import { sanitizeForDisplay } from './sanitize';

/** How long an unread briefing stays open, window in front, before it counts as started. */
const READ_DWELL_MS = 12_000;

export function Reader() {
  const briefing = useStore((s) => s.reader.briefing);
  const status = useStore((s) => s.reader.status);
  const error = useStore((s) => s.reader.error);
  const updateReading = useStore((s) => s.updateReading);
  const deleteSelected = useStore((s) => s.deleteSelected);
  const prefs = useStore((s) => s.prefs);
  const highlight = useStore((s) => s.reader.highlight);
  const notes = useStore((s) => s.reader.marks);
  const focusMark = useStore((s) => s.reader.focusMark);
  const exportMarkdown = useStore((s) => s.exportMarkdown);
  const passage = useStore((s) => s.reader.passage);
  const scrollRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const marks = useRef<HTMLElement[]>([]);
  const [match, setMatch] = useState({ index: 0, count: 0 });
  const [editing, setEditing] = useState(false);
  const rawHtml = briefing?.html ?? '';
  // Re-sanitize only when the stored HTML changes, not on every reading-state update.
  const html = useMemo(() => sanitizeForDisplay(rawHtml), [rawHtml]);

  // Restore the saved position when a briefing opens.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || !briefing) return;
    el.scrollTop = briefing.scrollProgress * Math.max(0, el.scrollHeight - el.clientHeight);
    // Opening is not reading: stepping past five briefings with j made five "In progress". A
    // briefing is started when the reader scrolls into it (see below) or stays with it, the
    // window in front, for a while.
    if (briefing.readState !== 'unread') return;
    const timer = window.setTimeout(() => {
      if (document.visibilityState === 'visible' && document.hasFocus())
        void updateReading({ readState: 'in_progress' });
    }, READ_DWELL_MS);
    return () => window.clearTimeout(timer);
    // Only on open: later progress updates must not move the page under the reader.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [briefing?.id]);

  const goTo = useCallback((index: number) => {
    const list = marks.current;
    if (list.length === 0) return;
    const i = ((index % list.length) + list.length) % list.length;
    list.forEach((m, k) => m.classList.toggle('current', k === i));
    list[i]?.scrollIntoView({ block: 'center' });
    setMatch({ index: i, count: list.length });
  }, []);

  // Every match of the search highlighted; the result's best passage scrolled into view.
  useEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    markQuotes(body);
    applyHighlights(body, notes);
    marks.current = highlightMatches(body, highlight);
    if (marks.current.length === 0) {
      setMatch({ index: 0, count: 0 });
      return;
    }
    const key = (passage ?? '').replace(/\s+/g, ' ').slice(0, 60);
    let start = 0;
    if (key.length > 10) {
      const block = Array.from(body.querySelectorAll('p, li, blockquote, h2, h3')).find((el) =>
        (el.textContent ?? '').replace(/\s+/g, ' ').includes(key.replace(/^\S*\s/, '').slice(0, 40)),
      );
      const inBlock = block ? marks.current.findIndex((m) => block.contains(m)) : -1;
      if (inBlock >= 0) start = inBlock;
    }
    goTo(start);
  }, [html, highlight, passage, goTo, notes]);

  // Opened from the library-wide highlights list: show that highlight.
  useEffect(() => {
    if (focusMark === null) return;
    document.querySelector(`mark.hl[data-hl="${focusMark}"]`)?.scrollIntoView({ block: 'center' });
  }, [focusMark, notes, html]);

  // Enter / Shift+Enter step through the matches (when not typing somewhere).
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target as HTMLElement;
      if (
        e.key !== 'Enter' ||
        marks.current.length === 0 ||
        t.tagName === 'INPUT' ||
        t.tagName === 'TEXTAREA' ||
        t.tagName === 'BUTTON'
      )
        return;
      e.preventDefault();
      goTo(match.index + (e.shiftKey ? -1 : 1));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [goTo, match.index]);

  // Save progress while reading (debounced); reaching the end marks the briefing read.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || !briefing) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onScroll = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const max = el.scrollHeight - el.clientHeight;
        const progress = max <= 0 ? 1 : Math.min(1, el.scrollTop / max);
        const atEnd = progress > 0.98 && useStore.getState().prefs.markReadAtEnd;
        // Scrolled more than half a screen into an unread briefing: the reader has started it.
        const started = briefing.readState === 'unread' && el.scrollTop > el.clientHeight * 0.5;
        void updateReading({
          scrollProgress: Math.round(progress * 1000) / 1000,
          ...(atEnd && briefing.readState !== 'read'
            ? { readState: 'read' as const }
            : started
              ? { readState: 'in_progress' as const }
              : {}),
        });
      }, 400);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      clearTimeout(timer);
      el.removeEventListener('scroll', onScroll);
    };
  }, [briefing, updateReading]);

  // Images are kept only as data: URLs; one whose source was dropped (a remote image, never
  // fetched) shows its alt text in a placeholder instead of a broken image.
  useEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    for (const img of Array.from(body.querySelectorAll('img'))) {
      if ((img.getAttribute('src') ?? '').startsWith('data:image/')) continue;
      const ph = document.createElement('span');
      ph.className = 'img-placeholder';
      ph.setAttribute('role', 'img');
      const alt = img.getAttribute('alt')?.trim();
      ph.setAttribute('aria-label', alt ? `Image not loaded: ${alt}` : 'Image not loaded');
      ph.textContent = alt ? `Image: ${alt}` : 'Image (not loaded: remote images are never fetched)';
      img.replaceWith(ph);
    }
  }, [html]);

  // Space / Shift+Space page through the text.
  useEffect(() => {
    const onPage = (e: Event): void => {
      const el = scrollRef.current;
      if (el) el.scrollBy({ top: (e as CustomEvent<number>).detail * el.clientHeight * 0.9 });
    };
    window.addEventListener(READER_EVENT.page, onPage);
    return () => window.removeEventListener(READER_EVENT.page, onPage);
  }, []);

  const onClick = (e: MouseEvent<HTMLDivElement>): void => {
    const link = (e.target as HTMLElement).closest('a');
    if (!link) return;
    e.preventDefault();
    const href = link.getAttribute('href') ?? '';
    if (href.startsWith('#')) {
      document.getElementById(href.slice(1))?.scrollIntoView();
      return;
    }
    // Web links leave the app only after main asks the user in its own dialog (a page could
    // click a dialog of ours); anything else is not followed at all.
    if (/^https?:/i.test(href)) void api().openExternal({ url: href });
  };

  if (!briefing) {
    return (
      <section className="reader reader-empty" aria-label="Reader">
        {status === 'error' && error ? (
          <p role="alert" className="error">
            {error.message}
          </p>
        ) : (
          <p>Select a briefing to read it.</p>
        )}
      </section>
    );
  }

  const meta = [briefing.source, briefing.byline, formatDate(briefing.publishedAt)].filter(Boolean);
  return (
    <section className="reader" aria-label="Reader">
      <div className="reader-toolbar" role="toolbar" aria-label="Briefing actions">
        <button
          type="button"
          aria-pressed={briefing.starred}
          onClick={() => void updateReading({ starred: !briefing.starred })}
        >
          {briefing.starred ? '★ Starred' : '☆ Star'}
        </button>
        <button
          type="button"
          onClick={() => void updateReading({ readState: briefing.readState === 'read' ? 'unread' : 'read' })}
        >
          {briefing.readState === 'read' ? 'Mark unread' : 'Mark read'}
        </button>
        <button
          type="button"
          aria-pressed={briefing.archived}
          onClick={() => void updateReading({ archived: !briefing.archived })}
        >
          {briefing.archived ? 'Unarchive' : 'Archive'}
        </button>
        <button type="button" onClick={() => void deleteSelected([briefing.id])} title="Delete (can be undone)">
          Delete
        </button>
        <button type="button" onClick={() => runCommand('edit-note')} title="A note on the whole briefing (n)">
          {briefing.note ? 'Edit note' : 'Note…'}
        </button>
        <MoreMenu
          actions={[
            { label: 'Open original file', run: () => runCommand('open-original') },
            { label: 'Show in folder', run: () => runCommand('show-original') },
            { label: 'Print…', keys: 'Ctrl/Cmd+P', run: () => runCommand('print') },
            { label: 'Export as Markdown…', run: () => void exportMarkdown() },
            { label: 'Edit details…', run: () => setEditing(true) },
          ]}
        />
        {editing && <DetailsDialog briefing={briefing} onClose={() => setEditing(false)} />}
        <ReaderSettings />
        {match.count > 0 && (
          <div className="find-bar" role="group" aria-label="Matches">
            <span aria-live="polite">
              {match.index + 1} of {match.count}
            </span>
            <button type="button" aria-label="Previous match (Shift+Enter)" onClick={() => goTo(match.index - 1)}>
              ▲
            </button>
            <button type="button" aria-label="Next match (Enter)" onClick={() => goTo(match.index + 1)}>
              ▼
            </button>
          </div>
        )}
      </div>
      <div className="reader-scroll" ref={scrollRef} tabIndex={-1}>
        <article className="article" aria-labelledby="article-title">
          <header className="article-header">
            {meta.length > 0 && <p className="kicker">{meta.join(' · ')}</p>}
            <h1 id="article-title">{briefing.title}</h1>
            {briefing.headline && <p className="headline">{briefing.headline}</p>}
            <p className="byline-row">
              {briefing.dateline && <span className="dateline-label">{briefing.dateline}</span>}
              <span>{readingMinutes(briefing.wordCount, prefs.wordsPerMinute)} min read</span>
              <span>{briefing.wordCount.toLocaleString()} words</span>
            </p>
            <ReaderTags briefing={briefing} />
          </header>
          {/* Keyed: an unsaved draft belongs to the briefing it was written for. */}
          <BriefingNote key={briefing.id} briefing={briefing} />
          <HighlightsPanel />
          <Outline body={bodyRef} scroller={scrollRef} version={html} />
          <div className="article-body" ref={bodyRef} onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />
          <Related key={briefing.id} briefing={briefing} />
        </article>
      </div>
      <HighlightTools body={bodyRef} />
    </section>
  );
}
