/** Normalizes a date found in metadata to ISO-8601, or null when it is not a real date. */
export function toIsoDate(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(String(value));
  const t = d.getTime();
  // Years outside 1900..2200 are almost always parse accidents ("0", "12345").
  if (Number.isNaN(t) || d.getUTCFullYear() < 1900 || d.getUTCFullYear() > 2200) return null;
  return d.toISOString();
}

export function titleFromFileName(name: string): string {
  const base = name
    .replace(/\.[^.]+$/, '')
    .replace(/[-_]+/g, ' ')
    .trim();
  return base === '' ? 'Untitled' : base.charAt(0).toUpperCase() + base.slice(1);
}
