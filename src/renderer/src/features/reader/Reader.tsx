import { useEffect, useMemo, useRef, type MouseEvent } from 'react';
import { api } from '../../bridge';
import { formatDate, readingMinutes } from '../../format';
import { useStore } from '../../store';
import { sanitizeForDisplay } from './sanitize';

export function Reader() {
  const briefing = useStore((s) => s.reader.briefing);
  const status = useStore((s) => s.reader.status);
  const error = useStore((s) => s.reader.error);
  const updateReading = useStore((s) => s.updateReading);
  const scrollRef = useRef<HTMLDivElement>(null);
  const rawHtml = briefing?.html ?? '';
  // Re-sanitize only when the stored HTML changes, not on every reading-state update.
  const html = useMemo(() => sanitizeForDisplay(rawHtml), [rawHtml]);

  // Restore the saved position when a briefing opens.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || !briefing) return;
    el.scrollTop = briefing.scrollProgress * Math.max(0, el.scrollHeight - el.clientHeight);
    if (briefing.readState === 'unread') void updateReading({ readState: 'in_progress' });
    // Only on open: later progress updates must not move the page under the reader.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [briefing?.id]);

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
        const atEnd = progress > 0.98;
        void updateReading({
          scrollProgress: Math.round(progress * 1000) / 1000,
          ...(atEnd && briefing.readState !== 'read' ? { readState: 'read' as const } : {}),
        });
      }, 400);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      clearTimeout(timer);
      el.removeEventListener('scroll', onScroll);
    };
  }, [briefing, updateReading]);

  const onClick = (e: MouseEvent<HTMLDivElement>): void => {
    const link = (e.target as HTMLElement).closest('a');
    if (!link) return;
    e.preventDefault();
    const href = link.getAttribute('href') ?? '';
    if (href.startsWith('#')) {
      document.getElementById(href.slice(1))?.scrollIntoView();
      return;
    }
    void api().openExternal({ url: href });
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
      </div>
      <div className="reader-scroll" ref={scrollRef}>
        <article className="article" aria-labelledby="article-title">
          <header className="article-header">
            {meta.length > 0 && <p className="kicker">{meta.join(' · ')}</p>}
            <h1 id="article-title">{briefing.title}</h1>
            {briefing.headline && <p className="headline">{briefing.headline}</p>}
            <p className="byline-row">
              {briefing.dateline && <span className="dateline-label">{briefing.dateline}</span>}
              <span>{readingMinutes(briefing.wordCount)} min read</span>
              <span>{briefing.wordCount.toLocaleString()} words</span>
            </p>
            {briefing.tags.length > 0 && (
              <ul className="tags" aria-label="Tags">
                {briefing.tags.map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
            )}
          </header>
          <div className="article-body" onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />
          {briefing.related.length > 0 && (
            <aside className="related" aria-labelledby="related-title">
              <h2 id="related-title">More insights</h2>
              <ol>
                {briefing.related.map((r, i) => (
                  <li key={i}>
                    <h3>{r.title}</h3>
                    {r.teaser && <p>{r.teaser}</p>}
                  </li>
                ))}
              </ol>
            </aside>
          )}
        </article>
      </div>
    </section>
  );
}
