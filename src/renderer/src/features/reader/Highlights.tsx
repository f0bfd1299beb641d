import { useEffect, useState, type RefObject } from 'react';
import { HIGHLIGHT_COLORS, type Highlight, type HighlightColor } from '../../../../shared/model';
import { api, call } from '../../bridge';
import { useStore } from '../../store';
import { Dialog } from '../tags/Dialog';
import { selectionAnchor } from './anchoring';

type Anchor = NonNullable<ReturnType<typeof selectionAnchor>>;

function Swatches({ onPick, label }: { onPick: (c: HighlightColor) => void; label: (c: HighlightColor) => string }) {
  return (
    <>
      {HIGHLIGHT_COLORS.map((c) => (
        <button
          key={c}
          type="button"
          className={`swatch-button hl-${c}`}
          aria-label={label(c)}
          onClick={() => onPick(c)}
        />
      ))}
    </>
  );
}

/**
 * Select text in the article, then pick a colour (or add a note) in the small toolbar that
 * appears; click a highlight to recolour it, edit its note or delete it.
 */
export function HighlightTools({ body }: { body: RefObject<HTMLDivElement | null> }) {
  const addHighlight = useStore((s) => s.addHighlight);
  const updateHighlight = useStore((s) => s.updateHighlight);
  const removeHighlight = useStore((s) => s.removeHighlight);
  const marks = useStore((s) => s.reader.marks);
  const [anchor, setAnchor] = useState<Anchor | null>(null);
  const [editing, setEditing] = useState<Highlight | null>(null);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    const el = body.current;
    if (!el) return;
    const onUp = (): void => {
      window.setTimeout(() => {
        const a = selectionAnchor(el);
        setAnchor(a);
        setNote(null);
      }, 0);
    };
    const onClick = (e: MouseEvent): void => {
      const mark = (e.target as HTMLElement).closest('mark.hl') as HTMLElement | null;
      if (!mark || !window.getSelection()?.isCollapsed) return;
      const h = useStore.getState().reader.marks.find((m) => String(m.id) === mark.dataset.hl);
      if (h) {
        setEditing(h);
        setNote(h.note ?? '');
      }
    };
    el.addEventListener('mouseup', onUp);
    el.addEventListener('keyup', onUp);
    el.addEventListener('click', onClick);
    return () => {
      el.removeEventListener('mouseup', onUp);
      el.removeEventListener('keyup', onUp);
      el.removeEventListener('click', onClick);
    };
  }, [body, marks]);

  const save = (color: HighlightColor, withNote: string | null): void => {
    if (!anchor) return;
    const { rect: _rect, ...rest } = anchor;
    void addHighlight({ ...rest, color, note: withNote && withNote.trim() !== '' ? withNote.trim() : null });
    window.getSelection()?.removeAllRanges();
    setAnchor(null);
    setNote(null);
  };

  return (
    <>
      {anchor && (
        <div
          className="hl-toolbar"
          role="toolbar"
          aria-label="Highlight the selection"
          style={{
            top: Math.min(window.innerHeight - 56, Math.max(8, anchor.rect.top - 48)),
            left: Math.min(window.innerWidth - 320, Math.max(8, anchor.rect.left)),
          }}
        >
          <Swatches onPick={(c) => save(c, note)} label={(c) => `Highlight ${c}`} />
          {note === null ? (
            <button type="button" className="small" onClick={() => setNote('')}>
              Note…
            </button>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                save('yellow', note);
              }}
            >
              <input
                aria-label="Note for the highlight"
                autoFocus
                value={note}
                maxLength={20_000}
                onChange={(e) => setNote(e.target.value)}
              />
              <button type="submit" className="small primary">
                Save
              </button>
            </form>
          )}
        </div>
      )}
      {editing && (
        <Dialog title="Highlight" onClose={() => setEditing(null)}>
          <blockquote className={`hl-quote hl-${editing.color}`}>{editing.quote}</blockquote>
          <div className="dialog-row">
            <Swatches
              label={(c) => `Colour ${c}`}
              onPick={(c) => {
                void updateHighlight(editing.id, { color: c });
                setEditing({ ...editing, color: c });
              }}
            />
          </div>
          <label className="dialog-row note-field">
            Note
            <textarea rows={3} value={note ?? ''} maxLength={20_000} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div className="dialog-row">
            <button
              type="button"
              className="primary"
              onClick={() => {
                void updateHighlight(editing.id, { note: note && note.trim() !== '' ? note.trim() : null });
                setEditing(null);
              }}
            >
              Save note
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                void removeHighlight(editing.id);
                setEditing(null);
              }}
            >
              Delete highlight
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}

/** The open briefing's highlights, in reading order; click one to go to it. */
export function HighlightsPanel() {
  const marks = useStore((s) => s.reader.marks);
  if (marks.length === 0) return null;
  return (
    <details className="hl-panel" open>
      <summary>Highlights ({marks.length})</summary>
      <ul aria-label="Highlights in this briefing">
        {marks.map((m) => (
          <li key={m.id}>
            <button
              type="button"
              className={`hl-item hl-${m.color}`}
              onClick={() => document.querySelector(`mark.hl[data-hl="${m.id}"]`)?.scrollIntoView({ block: 'center' })}
            >
              <span className="hl-text">{m.quote}</span>
              {m.note && <span className="hl-note">{m.note}</span>}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Every highlight in the library, newest first; opening one shows it in its briefing. */
export function AllHighlights({ onClose }: { onClose: () => void }) {
  const openHighlight = useStore((s) => s.openHighlight);
  const [items, setItems] = useState<Highlight[] | null>(null);
  useEffect(() => {
    void call(api().listHighlights({})).then((r) => setItems('value' in r ? r.value : []));
  }, []);
  return (
    <Dialog title="All highlights" onClose={onClose}>
      {items === null ? (
        <p className="dialog-hint">Loading…</p>
      ) : items.length === 0 ? (
        <p className="dialog-hint">No highlights yet: select text in a briefing and pick a colour.</p>
      ) : (
        <ul className="hl-all" aria-label="All highlights">
          {items.map((h) => (
            <li key={h.id}>
              <button
                type="button"
                className={`hl-item hl-${h.color}`}
                onClick={() => {
                  onClose();
                  void openHighlight(h);
                }}
              >
                <span className="hl-source">{h.briefingTitle}</span>
                <span className="hl-text">{h.quote}</span>
                {h.note && <span className="hl-note">{h.note}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="dialog-hint">Search them with in:highlights, e.g. in:highlights sovereignty.</p>
    </Dialog>
  );
}
