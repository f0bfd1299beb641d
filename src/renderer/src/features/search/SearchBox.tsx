import { useEffect, useRef, useState } from 'react';
import { useStore } from '../../store';

/** Filters the list as you type (plain substring until the search index lands). `/` focuses it. */
export function SearchBox() {
  const setText = useStore((s) => s.setText);
  const [value, setValue] = useState(useStore.getState().library.text);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const timer = setTimeout(() => setText(value), 120);
    return () => clearTimeout(timer);
  }, [value, setText]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement;
      const typing = target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable;
      if ((e.key === '/' && !typing) || (e.key.toLowerCase() === 'k' && (e.ctrlKey || e.metaKey))) {
        e.preventDefault();
        inputRef.current?.focus();
        inputRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="search" role="search">
      <input
        ref={inputRef}
        type="search"
        aria-label="Search briefings"
        placeholder="Search titles and text  ( / )"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setValue('');
        }}
      />
    </div>
  );
}
