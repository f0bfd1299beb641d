import { useEffect, useRef, useState } from 'react';

export type MenuAction = { label: string; keys?: string; run: () => void };

/**
 * The reader's "More" menu: the actions used now and then (open the original, show it in its
 * folder, print, export, edit details), so the toolbar keeps the everyday ones. A WAI-ARIA menu
 * button: arrow keys move, Enter runs, Escape closes and returns focus to the button.
 */
export function MoreMenu({ actions }: { actions: MenuAction[] }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);

  useEffect(() => {
    if (!open) return;
    items.current[0]?.focus();
    const onClick = (e: MouseEvent): void => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', onClick);
    return () => window.removeEventListener('mousedown', onClick);
  }, [open]);

  const close = (): void => {
    setOpen(false);
    button.current?.focus();
  };
  const onKey = (e: React.KeyboardEvent): void => {
    const list = items.current.filter((b): b is HTMLButtonElement => b !== null);
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number): void => list[(to + list.length) % list.length]?.focus();
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(list.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') close();
    else return;
    if (e.key !== 'Tab') e.preventDefault();
    // Keep j/k, s, e... from reaching the window's single-key shortcuts while the menu is open.
    e.stopPropagation();
  };

  return (
    <div className="more-menu" ref={ref}>
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="reader-more-menu"
        onClick={() => setOpen(!open)}
      >
        More ▾
      </button>
      {open && (
        <div id="reader-more-menu" className="popover menu" role="menu" aria-label="More actions" onKeyDown={onKey}>
          {actions.map((a, i) => (
            <button
              key={a.label}
              ref={(el) => {
                items.current[i] = el;
              }}
              type="button"
              role="menuitem"
              tabIndex={-1}
              onClick={() => {
                setOpen(false);
                a.run();
              }}
            >
              <span>{a.label}</span>
              {a.keys && <kbd>{a.keys}</kbd>}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
