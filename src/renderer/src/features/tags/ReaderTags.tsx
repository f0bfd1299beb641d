import { useEffect, useRef, useState } from 'react';
import type { Briefing } from '../../../../shared/model';
import { useStore } from '../../store';
import { READER_EVENT } from '../shortcuts/commands';
import { TagInput } from './TagInput';

/**
 * The open briefing's tags: remove with ×, add with the field (or the `t` key), and up to eight
 * suggestions, each with its reason; one click accepts, nothing is applied on its own.
 */
export function ReaderTags({ briefing }: { briefing: Briefing }) {
  const bulk = useStore((s) => s.bulk);
  const suggestions = useStore((s) => s.organize.suggestions);
  const loadSuggestions = useStore((s) => s.loadSuggestions);
  const tags = useStore((s) => s.organize.tags);
  const [adding, setAdding] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const colour = new Map(tags.map((t) => [t.name.toLowerCase(), t.color]));

  useEffect(() => {
    void loadSuggestions(briefing.id);
    // Suggestions are recomputed for a new briefing, and after its tags change.
  }, [briefing.id, briefing.tags.length, loadSuggestions]);

  // `t` opens the tag field, wherever focus is (except in another field).
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target as HTMLElement;
      if (
        e.key !== 't' ||
        e.ctrlKey ||
        e.metaKey ||
        e.altKey ||
        t.closest('input, textarea, select, [contenteditable]')
      )
        return;
      e.preventDefault();
      setAdding(true);
      window.setTimeout(() => inputRef.current?.focus(), 0);
    };
    const open = (): void => {
      setAdding(true);
      window.setTimeout(() => inputRef.current?.focus(), 0);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener(READER_EVENT.addTag, open);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener(READER_EVENT.addTag, open);
    };
  }, []);

  const add = (name: string): void => void bulk({ addTags: [name] }, [briefing.id]);
  const remove = (name: string): void => void bulk({ removeTags: [name] }, [briefing.id]);
  const items = suggestions?.id === briefing.id ? suggestions.items : null;

  return (
    <div className="reader-tags">
      <ul className="tags" aria-label="Tags">
        {briefing.tags.map((t) => (
          <li key={t} className="tag-chip">
            <span className="swatch" style={{ background: colour.get(t.toLowerCase()) ?? 'transparent' }} />
            {t}
            <button type="button" className="chip-remove" aria-label={`Remove tag ${t}`} onClick={() => remove(t)}>
              ×
            </button>
          </li>
        ))}
        <li>
          {adding ? (
            <TagInput
              label="Add a tag"
              inputRef={inputRef}
              autoFocus
              exclude={briefing.tags}
              onSubmit={(name) => {
                add(name);
                // The field closes after a tag is added, so the next key is a shortcut again
                // (a second `t` opens it anew) instead of a letter typed into the field.
                setAdding(false);
              }}
              onCancel={() => setAdding(false)}
            />
          ) : (
            <button type="button" className="small add-tag" onClick={() => setAdding(true)} title="Add a tag (t)">
              + Tag
            </button>
          )}
        </li>
      </ul>
      <div className="suggestions" aria-live="polite">
        {items === null ? (
          <span className="hint">Finding tag suggestions…</span>
        ) : items.length > 0 ? (
          <>
            <span className="hint">Suggested:</span>
            <ul aria-label="Suggested tags">
              {items.map((s) => (
                <li key={s.name}>
                  <button
                    type="button"
                    className="suggestion"
                    aria-label={`Add suggested tag ${s.name} (${s.reason})`}
                    onClick={() => add(s.name)}
                  >
                    + {s.name}
                  </button>
                  <span className="reason">{s.reason}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </div>
  );
}
