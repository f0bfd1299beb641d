/** Case- and accent-insensitive form of a word, as the search index folds it. */
export function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/**
 * Wraps every word of `root` that starts with one of `words` (folded query words and their
 * stems) in <mark class="hit">, and returns the marks in document order. Text is changed only
 * by splitting text nodes, so the sanitized article is never re-parsed.
 */
export function highlightMatches(root: HTMLElement, words: string[]): HTMLElement[] {
  for (const m of Array.from(root.querySelectorAll('mark.hit'))) m.replaceWith(...Array.from(m.childNodes));
  root.normalize();
  const prefixes = words.filter((w) => w.length >= 2 || /[\u0080-\uffff]/.test(w));
  if (prefixes.length === 0) return [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  const marks: HTMLElement[] = [];
  for (const node of nodes) {
    const text = node.data;
    const ranges: [number, number][] = [];
    for (const m of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
      const f = fold(m[0]);
      if (prefixes.some((p) => f.startsWith(p) || (p.length > 1 && /[\u3040-\u9fff]/.test(p) && f.includes(p))))
        ranges.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
    }
    if (ranges.length === 0) continue;
    const frag = document.createDocumentFragment();
    let at = 0;
    for (const [a, b] of ranges) {
      if (a > at) frag.append(text.slice(at, a));
      const mark = document.createElement('mark');
      mark.className = 'hit';
      mark.textContent = text.slice(a, b);
      frag.append(mark);
      marks.push(mark);
      at = b;
    }
    if (at < text.length) frag.append(text.slice(at));
    node.replaceWith(frag);
  }
  return marks;
}

/**
 * Styles quotations written inline ("He stated, “We totally reject…”") as quotes: each “…” of
 * some length becomes <span class="quote">. Idempotent, and, like the search marks, it only
 * splits text nodes.
 */
export function markQuotes(root: HTMLElement): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    if (!t.parentElement?.closest('.quote, blockquote') && /“[^”]{20,}”/.test(t.data)) nodes.push(t);
  }
  for (const node of nodes) {
    const parts = node.data.split(/(“[^”]{20,}”)/);
    const frag = document.createDocumentFragment();
    for (const part of parts) {
      if (/^“[^”]{20,}”$/.test(part)) {
        const span = document.createElement('span');
        span.className = 'quote';
        span.textContent = part;
        frag.append(span);
      } else if (part !== '') frag.append(part);
    }
    node.replaceWith(frag);
  }
}
