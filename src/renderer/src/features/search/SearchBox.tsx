import { useEffect, useRef, useState } from 'react';
import { useStore } from '../../store';
import { READER_EVENT } from '../shortcuts/commands';
import { SearchHelp } from './SearchHelp';

/** Always one keystroke away (`/` or Ctrl/Cmd+K); results update as you type. */
export function SearchBox() {
  const setQuery = useStore((s) => s.setQuery);
  const moveCursor = useStore((s) => s.moveCursor);
  const openResult = useStore((s) => s.openSearchResult);
  const value = useStore((s) => s.search.query);
  const setValue = setQuery;
  const [help, setHelp] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

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
    const focus = (): void => {
      inputRef.current?.focus();
      inputRef.current?.select();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener(READER_EVENT.search, focus);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener(READER_EVENT.search, focus);
    };
  }, []);

  return (
    <div className="search" role="search">
      <input
        ref={inputRef}
        type="search"
        aria-label="Search briefings"
        // The results list exists only while there is a query; pointing at nothing is invalid ARIA.
        aria-controls={value.trim() !== '' ? 'search-results' : undefined}
        placeholder='Search   ( / )   e.g. kratsios "global dialogue" tag:policy'
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setValue('');
          else if (e.key === 'ArrowDown') {
            e.preventDefault();
            moveCursor(1);
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            moveCursor(-1);
          } else if (e.key === 'Enter') {
            e.preventDefault();
            void openResult();
          }
        }}
      />
      <button
        type="button"
        className="help-button"
        aria-label="Search syntax"
        aria-expanded={help}
        onClick={() => setHelp(!help)}
      >
        ?
      </button>
      {help && <SearchHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
