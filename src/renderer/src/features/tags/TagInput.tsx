import { useId, useMemo, useState, type KeyboardEvent, type RefObject } from 'react';
import { useStore } from '../../store';

/**
 * A tag name field with autocomplete from the library's tags, most used first, matching the start
 * of any level ("eu" finds "policy/eu"). Enter applies exactly what was typed (an existing tag
 * of that name in any letter case, else a new one), unless a suggestion was chosen with the
 * arrow keys or the mouse: taking the first substring match made "SPEECH" apply "tspeech".
 * Escape cancels. An ARIA combobox, so it works with a screen reader and without a mouse.
 */
export function TagInput({
  label,
  onSubmit,
  onCancel,
  exclude = [],
  inputRef,
  autoFocus = false,
}: {
  label: string;
  onSubmit: (name: string) => void;
  onCancel?: () => void;
  exclude?: string[];
  inputRef?: RefObject<HTMLInputElement | null>;
  autoFocus?: boolean;
}) {
  const tags = useStore((s) => s.organize.tags);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  // Only a suggestion chosen on purpose (arrow keys) is what Enter takes.
  const [chosen, setChosen] = useState(false);
  const listId = useId();
  const options = useMemo(() => {
    const q = text.trim().toLowerCase();
    const skip = new Set(exclude.map((e) => e.toLowerCase()));
    const real = tags.filter((t) => t.exists && !skip.has(t.name.toLowerCase()));
    const starts = (t: string): boolean =>
      t
        .toLowerCase()
        .split('/')
        .some((part) => part.startsWith(q));
    const ranked = real
      .filter((t) => q === '' || starts(t.name) || t.name.toLowerCase().includes(q))
      .sort(
        (a, b) => Number(starts(b.name)) - Number(starts(a.name)) || b.uses - a.uses || a.name.localeCompare(b.name),
      )
      .slice(0, 8)
      .map((t) => ({ name: t.name, hint: `${t.uses}`, create: false }));
    const exact = real.some((t) => t.name.toLowerCase() === q) || skip.has(q);
    return q !== '' && !exact ? [...ranked, { name: text.trim(), hint: 'new tag', create: true }] : ranked;
  }, [tags, text, exclude]);

  const pick = (name: string): void => {
    if (name.trim() === '') return;
    onSubmit(name.trim());
    setText('');
    setActive(0);
    setChosen(false);
  };
  /** The typed name, spelled as the library's tag of that name when one exists. */
  const typed = (): string => {
    const q = text.trim().toLowerCase();
    return tags.find((t) => t.exists && t.name.toLowerCase() === q)?.name ?? text.trim();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (options.length > 0) {
        // The first press chooses the first (or last) suggestion; later ones move.
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((a) => (chosen ? (a + step + options.length) % options.length : step > 0 ? 0 : options.length - 1));
        setChosen(true);
      }
    } else if (e.key === 'Enter') {
      e.preventDefault();
      pick(chosen ? (options[active]?.name ?? typed()) : typed());
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setText('');
      onCancel?.();
    }
  };
  const open = options.length > 0 && text !== '';
  return (
    <div className="tag-input">
      <input
        ref={inputRef}
        role="combobox"
        aria-label={label}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && chosen && options[active] ? `${listId}-${active}` : undefined}
        placeholder="Tag name"
        value={text}
        maxLength={200}
        autoFocus={autoFocus}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setChosen(false);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => window.setTimeout(() => text === '' && onCancel?.(), 150)}
      />
      {open && (
        <ul className="tag-options" role="listbox" id={listId} aria-label="Matching tags">
          {options.map((o, i) => (
            <li
              key={`${o.name}-${o.create}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={chosen && i === active}
              className={chosen && i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(o.name);
              }}
            >
              <span>{o.create ? `Create '${o.name}'` : o.name}</span>
              <span className="hint">{o.hint}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
