import { useEffect, useRef, useState } from 'react';
import type { Briefing } from '../../../../shared/model';
import { useStore } from '../../store';
import { READER_EVENT } from '../shortcuts/commands';

/**
 * The reader's own note on the whole briefing (highlights carry notes on passages): shown above
 * the text, written or edited in place with `n` or the toolbar's Note button, saved as one
 * undoable step, searchable with in:highlights, exported and printed with the briefing.
 */
export function BriefingNote({ briefing }: { briefing: Briefing }) {
  const editDetails = useStore((s) => s.editDetails);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const open = (): void => {
      setDraft((d) => d ?? briefing.note ?? '');
      // Already open: back to the field (a new one takes focus itself, see below).
      field.current?.focus();
    };
    window.addEventListener(READER_EVENT.note, open);
    return () => window.removeEventListener(READER_EVENT.note, open);
  }, [briefing.note]);
  const editing = draft !== null;
  useEffect(() => {
    if (!editing) return;
    const el = field.current;
    el?.focus();
    el?.setSelectionRange(el.value.length, el.value.length);
  }, [editing]);

  const save = async (text: string | null): Promise<void> => {
    const failed = await editDetails({ note: text });
    if (failed) setError(failed.message);
    else {
      setDraft(null);
      setError(null);
    }
  };

  if (draft !== null) {
    return (
      <form
        className="briefing-note editing"
        aria-label="Note on this briefing"
        onSubmit={(e) => {
          e.preventDefault();
          void save(draft);
        }}
      >
        <textarea
          ref={field}
          aria-label="Note on this briefing"
          rows={4}
          maxLength={20_000}
          value={draft}
          placeholder="Your note on the whole briefing: why it matters, what to follow up…"
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              setDraft(null);
            } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void save(draft);
            }
          }}
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="note-actions">
          <button type="submit" className="small primary">
            Save note
          </button>
          <button type="button" className="small" onClick={() => setDraft(null)}>
            Cancel
          </button>
          {briefing.note && (
            <button type="button" className="small danger" onClick={() => void save(null)}>
              Remove note
            </button>
          )}
          <span className="hint">Ctrl/Cmd+Enter saves, Escape cancels</span>
        </div>
      </form>
    );
  }
  if (!briefing.note) return null;
  return (
    <aside className="briefing-note" aria-label="Your note">
      <p className="note-text">{briefing.note}</p>
      <button type="button" className="small link-button" onClick={() => setDraft(briefing.note ?? '')}>
        Edit note
      </button>
    </aside>
  );
}
