import { useEffect, useRef, useState } from 'react';
import { THEMES, type ReaderPrefs, type Theme } from '../../../../shared/model';
import { useStore } from '../../store';

const THEME_LABEL: Record<Theme, string> = {
  system: 'Follow system',
  light: 'Light',
  dark: 'Dark',
  sepia: 'Sepia',
  contrast: 'High contrast',
};

/** One group of radio buttons bound to a preference. */
function Choices<K extends 'theme' | 'font' | 'width'>({
  legend,
  name,
  options,
}: {
  legend: string;
  name: K;
  options: [value: ReaderPrefs[K], label: string][];
}) {
  const value = useStore((s) => s.prefs[name]);
  const setPrefs = useStore((s) => s.setPrefs);
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.map(([v, label]) => (
        <label key={v} className="choice">
          <input type="radio" name={name} checked={value === v} onChange={() => void setPrefs({ [name]: v })} />
          {label}
        </label>
      ))}
    </fieldset>
  );
}

/** A range input bound to a numeric preference, with its value shown beside the label. */
function Slider<K extends 'fontSize' | 'lineHeight' | 'wordsPerMinute'>({
  label,
  name,
  min,
  max,
  step,
  show,
}: {
  label: string;
  name: K;
  min: number;
  max: number;
  step: number;
  show: (v: number) => string;
}) {
  const value = useStore((s) => s.prefs[name]);
  const setPrefs = useStore((s) => s.setPrefs);
  return (
    <label className="slider">
      {label} <output>{show(value)}</output>
      <input
        type="range"
        aria-label={label}
        min={min}
        max={max}
        step={step}
        value={value}
        // Rounded to the step (and its float error), so 1.6000000000000003 never reaches the settings.
        onChange={(e) =>
          void setPrefs({ [name]: Number((Math.round(Number(e.target.value) / step) * step).toFixed(4)) })
        }
      />
    </label>
  );
}

/** The "Aa" popover: theme, typeface, size, line height, line length, reading speed. */
export function ReaderSettings() {
  const markReadAtEnd = useStore((s) => s.prefs.markReadAtEnd);
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
          <Choices legend="Theme" name="theme" options={THEMES.map((t) => [t, THEME_LABEL[t]])} />
          <Choices
            legend="Typeface"
            name="font"
            options={[
              ['serif', 'Serif'],
              ['sans', 'Sans serif'],
            ]}
          />
          <Slider label="Text size" name="fontSize" min={12} max={32} step={1} show={(v) => `${v}px`} />
          <Slider label="Line height" name="lineHeight" min={1.2} max={2.2} step={0.1} show={(v) => v.toFixed(1)} />
          <Choices
            legend="Line length"
            name="width"
            options={[
              ['narrow', 'Narrow'],
              ['medium', 'Medium'],
              ['wide', 'Wide'],
            ]}
          />
          <Slider
            label="Reading speed"
            name="wordsPerMinute"
            min={100}
            max={600}
            step={10}
            show={(v) => `${v} words/min`}
          />
          <label className="choice">
            <input
              type="checkbox"
              checked={markReadAtEnd}
              onChange={(e) => void setPrefs({ markReadAtEnd: e.target.checked })}
            />
            Mark as read at the end of the text
          </label>
        </div>
      )}
    </div>
  );
}
