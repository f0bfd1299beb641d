import { useEffect, useState, type RefObject } from 'react';
import { READER_EVENT } from '../shortcuts/commands';

type Section = { id: string; text: string; level: number };

/**
 * The outline, built from the rendered article's headings: click to jump, the current section
 * highlighted while scrolling, [ and ] step through sections.
 */
export function Outline({
  body,
  scroller,
  version,
}: {
  body: RefObject<HTMLDivElement | null>;
  scroller: RefObject<HTMLDivElement | null>;
  /** Changes whenever the article's HTML changes. */
  version: string;
}) {
  const [sections, setSections] = useState<Section[]>([]);
  const [current, setCurrent] = useState(-1);

  useEffect(() => {
    const root = body.current;
    if (!root) return;
    const found = Array.from(root.querySelectorAll<HTMLElement>('h2, h3')).map((h, i) => {
      h.id ||= `section-${i}`;
      // A permalink mark at the end ("Class: Console#", "Installation¶") is not part of the name:
      // briefings imported before such marks were removed at import still carry them.
      const text = (h.textContent ?? '').replace(/\s*[#¶§]\s*$/u, '').trim();
      return { id: h.id, text, level: h.tagName === 'H2' ? 2 : 3 };
    });
    // The headings exist only once the article is in the DOM, so this state is derived here.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSections(found.filter((s) => s.text !== ''));
    setCurrent(-1);
  }, [body, version]);

  useEffect(() => {
    const el = scroller.current;
    if (!el || sections.length === 0) return;
    const onScroll = (): void => {
      const top = el.getBoundingClientRect().top + 80;
      let at = -1;
      sections.forEach((s, i) => {
        const h = document.getElementById(s.id);
        if (h && h.getBoundingClientRect().top <= top) at = i;
      });
      setCurrent(at);
    };
    const onStep = (e: Event): void => {
      const step = (e as CustomEvent<number>).detail;
      const next = Math.max(0, Math.min(sections.length - 1, current + step));
      const target = sections[next];
      if (target) jumpTo(el, target.id);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener(READER_EVENT.section, onStep);
    onScroll();
    return () => {
      el.removeEventListener('scroll', onScroll);
      window.removeEventListener(READER_EVENT.section, onStep);
    };
  }, [scroller, sections, current]);

  if (sections.length < 2) return null;
  return (
    <nav className="outline" aria-label="Outline">
      <h2 className="outline-title">Outline</h2>
      <ol>
        {sections.map((s, i) => (
          <li key={s.id} className={`level-${s.level}`}>
            <a
              href={`#${s.id}`}
              aria-current={i === current ? 'location' : undefined}
              className={i === current ? 'current' : ''}
              onClick={(e) => {
                e.preventDefault();
                if (scroller.current) jumpTo(scroller.current, s.id);
              }}
            >
              {s.text}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** Scrolls the reader so that a heading sits just below its top edge. */
function jumpTo(scroller: HTMLElement, id: string): void {
  const h = document.getElementById(id);
  if (!h) return;
  scroller.scrollTo({
    top: scroller.scrollTop + h.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 16,
  });
}
