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
  if (base === '') return 'Untitled';
  // A name in lower case only ("2021_joseph_r_biden_d", "annual-report") reads as a title with
  // each word capitalised; a name with its own capitals ("NATO summit notes") is left as written.
  if (base === base.toLowerCase())
    return base.replace(/(^|\s)(\p{Ll})/gu, (_m, sp: string, c: string) => sp + c.toUpperCase());
  return base.charAt(0).toUpperCase() + base.slice(1);
}
