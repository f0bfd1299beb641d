import { useEffect, useRef, useState } from 'react';
import { THEMES, type Theme } from '../../../../shared/model';
import { useStore } from '../../store';

const THEME_LABEL: Record<Theme, string> = {
  system: 'Follow system',
  light: 'Light',
  dark: 'Dark',
  sepia: 'Sepia',
  contrast: 'High contrast',
};

/** The "Aa" popover: theme, typeface, size, line height, line length, reading speed. */
export function ReaderSettings() {
  const prefs = useStore((s) => s.prefs);
  const setPrefs = useStore((s) => s.setPrefs);
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false);
    };
    const onClick = (e: MouseEvent): void => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onClick);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onClick);
    };
  }, [open]);
  return (
    <div className="reader-settings" ref={ref}>
      <button
        type="button"
        aria-label="Reading settings"
        aria-expanded={open}
        aria-controls="reading-settings"
        onClick={() => setOpen(!open)}
      >
        Aa
      </button>
      {open && (
        <div id="reading-settings" className="popover" role="group" aria-label="Reading settings">
          <fieldset>
            <legend>Theme</legend>
            {THEMES.map((t) => (
              <label key={t} className="choice">
                <input
                  type="radio"
                  name="theme"
                  checked={prefs.theme === t}
                  onChange={() => void setPrefs({ theme: t })}
                />
                {THEME_LABEL[t]}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Typeface</legend>
            {(['serif', 'sans'] as const).map((f) => (
              <label key={f} className="choice">
                <input
                  type="radio"
                  name="font"
                  checked={prefs.font === f}
                  onChange={() => void setPrefs({ font: f })}
                />
                {f === 'serif' ? 'Serif' : 'Sans serif'}
              </label>
            ))}
          </fieldset>
          <label className="slider">
            Text size <output>{prefs.fontSize}px</output>
            <input
              type="range"
              aria-label="Text size"
              min={12}
              max={32}
              step={1}
              value={prefs.fontSize}
              onChange={(e) => void setPrefs({ fontSize: Number(e.target.value) })}
            />
          </label>
          <label className="slider">
            Line height <output>{prefs.lineHeight.toFixed(1)}</output>
            <input
              type="range"
              aria-label="Line height"
              min={1.2}
              max={2.2}
              step={0.1}
              value={prefs.lineHeight}
              onChange={(e) => void setPrefs({ lineHeight: Math.round(Number(e.target.value) * 10) / 10 })}
            />
          </label>
          <fieldset>
            <legend>Line length</legend>
            {(['narrow', 'medium', 'wide'] as const).map((w) => (
              <label key={w} className="choice">
                <input
                  type="radio"
                  name="width"
                  checked={prefs.width === w}
                  onChange={() => void setPrefs({ width: w })}
                />
                {w[0]?.toUpperCase() + w.slice(1)}
              </label>
            ))}
          </fieldset>
          <label className="slider">
            Reading speed <output>{prefs.wordsPerMinute} words/min</output>
            <input
              type="range"
              aria-label="Reading speed"
              min={100}
              max={600}
              step={10}
              value={prefs.wordsPerMinute}
              onChange={(e) => void setPrefs({ wordsPerMinute: Number(e.target.value) })}
            />
          </label>
          <label className="choice">
            <input
              type="checkbox"
              checked={prefs.markReadAtEnd}
              onChange={(e) => void setPrefs({ markReadAtEnd: e.target.checked })}
            />
            Mark as read at the end of the text
          </label>
        </div>
      )}
    </div>
  );
}
