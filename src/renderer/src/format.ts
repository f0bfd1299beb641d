const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

export function formatDate(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
}

export function readingMinutes(words: number, wordsPerMinute = 230): number {
  return Math.max(1, Math.round(words / wordsPerMinute));
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFormat.format(d);
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${Math.round(seconds % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/**
 * Sidebar labels that tell sources apart in a narrow column. Names that would be cut to the
 * same visible start ("CNET News.co…" twice, for "CNET News.com Daily Dispatch" and "CNET
 * News.com Investor Dispatch") are shown as the first word of what they share, then the part
 * that differs: "CNET… Daily Dispatch", "CNET… Investor Dispatch". Other names are unchanged
 * (CSS cuts them as before); the full name stays in the tooltip and the accessible name.
 */
export function sourceLabels(names: readonly string[], visible = 15): Map<string, string> {
  const head = (n: string): string => n.slice(0, visible).toLowerCase();
  const groups = new Map<string, string[]>();
  for (const n of names) {
    if (n.length <= visible) continue;
    const list = groups.get(head(n)) ?? [];
    list.push(n);
    groups.set(head(n), list);
  }
  const labels = new Map(names.map((n) => [n, n]));
  for (const group of groups.values()) {
    // A short name with the same start (e.g. "CNET News.com" beside its newsletters) collides too.
    const members = [...group, ...names.filter((n) => n.length <= visible && group.some((g) => startsWith(g, n)))];
    if (members.length < 2) continue;
    let common = members.reduce((a, b) => {
      let i = 0;
      while (i < a.length && i < b.length && a[i]?.toLowerCase() === b[i]?.toLowerCase()) i++;
      return a.slice(0, i);
    });
    // Back to a word boundary, so the differing part starts with a whole word.
    const atBoundary = members.every((n) => n.length === common.length || /\s/.test(n[common.length] ?? ''));
    if (!atBoundary) {
      const cut = common.search(/\s\S*$/);
      common = cut >= 0 ? common.slice(0, cut + 1) : '';
    }
    const firstWord = common.trim().split(/\s+/)[0] ?? '';
    for (const n of group) {
      const rest = n.slice(common.length).trim();
      if (firstWord !== '' && rest !== '' && common.trim() !== firstWord) labels.set(n, `${firstWord}… ${rest}`);
      // No shared words to fold (one long token, an address): keep the start and the end.
      else if (firstWord === '') labels.set(n, `${n.slice(0, 6)}…${n.slice(-(visible - 6))}`);
    }
  }
  return labels;
}

const startsWith = (name: string, prefix: string): boolean => name.toLowerCase().startsWith(prefix.toLowerCase());
