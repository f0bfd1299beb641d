import type { ReaderPrefs } from '../../../../shared/model';

const MEASURE = { narrow: '60ch', medium: '68ch', wide: '78ch' } as const;

/** Puts the reader preferences on <html>: the theme as data-theme, the rest as CSS variables. */
export function applyReaderPrefs(p: ReaderPrefs): void {
  const root = document.documentElement;
  if (p.theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = p.theme;
  root.style.setProperty('--reading-font', p.font === 'serif' ? 'var(--serif)' : 'var(--sans)');
  root.style.setProperty('--reading-size', `${p.fontSize}px`);
  root.style.setProperty('--reading-leading', String(p.lineHeight));
  root.style.setProperty('--measure', MEASURE[p.width]);
}
