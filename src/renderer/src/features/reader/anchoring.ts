import type { Highlight } from '../../../../shared/model';

const CONTEXT = 32;

/** The text nodes under `root` with their start offsets in root.textContent. */
function textNodes(root: HTMLElement): { node: Text; start: number }[] {
  const out: { node: Text; start: number }[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let at = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    out.push({ node: n as Text, start: at });
    at += (n as Text).data.length;
  }
  return out;
}

/** Offset of a DOM point (container, offset) in root.textContent, or -1 when outside root. */
function offsetOf(root: HTMLElement, container: Node, offset: number): number {
  if (!root.contains(container)) return -1;
  const range = document.createRange();
  range.selectNodeContents(root);
  range.setEnd(container, offset);
  return range.toString().length;
}

/**
 * Describes the current selection inside `root` as an anchor: the quote exactly as in the text,
 * some context either side, and its offset. Null when nothing (or something outside) is selected.
 */
export function selectionAnchor(
  root: HTMLElement,
): { quote: string; prefix: string; suffix: string; start: number; rect: DOMRect } | null {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  const start = offsetOf(root, range.startContainer, range.startOffset);
  const end = offsetOf(root, range.endContainer, range.endOffset);
  if (start < 0 || end <= start) return null;
  const text = root.textContent ?? '';
  const quote = text.slice(start, end);
  if (quote.trim() === '') return null;
  return {
    quote,
    prefix: text.slice(Math.max(0, start - CONTEXT), start),
    suffix: text.slice(end, end + CONTEXT),
    start,
    rect: range.getBoundingClientRect(),
  };
}

/** Length of the common suffix of a and b (how well the text before a match fits). */
const tailMatch = (a: string, b: string): number => {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
};
const headMatch = (a: string, b: string): number => {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
};

/**
 * Where a highlight lies in the text now: among every occurrence of its quote, the one whose
 * surroundings best match the stored context, then the one nearest the stored offset. Robust to
 * text shifting (offsets drift, the quote and its context do not); null when the quote is gone.
 */
export function locate(text: string, h: Pick<Highlight, 'quote' | 'prefix' | 'suffix' | 'start'>): number | null {
  let best: { at: number; score: number; distance: number } | null = null;
  for (let at = text.indexOf(h.quote); at >= 0; at = text.indexOf(h.quote, at + 1)) {
    const score =
      tailMatch(text.slice(Math.max(0, at - h.prefix.length), at), h.prefix) +
      headMatch(text.slice(at + h.quote.length, at + h.quote.length + h.suffix.length), h.suffix);
    const distance = Math.abs(at - h.start);
    if (!best || score > best.score || (score === best.score && distance < best.distance))
      best = { at, score, distance };
  }
  return best ? best.at : null;
}

/**
 * Wraps each highlight's text in <mark class="hl hl-<colour>" data-hl="<id>"> (one mark per
 * text node it spans); earlier marks are removed first. Only text nodes are split, so the
 * article's text, and so every offset, stays the same. Returns the ids that could not be placed.
 */
export function applyHighlights(root: HTMLElement, highlights: Highlight[]): number[] {
  for (const m of Array.from(root.querySelectorAll('mark.hl'))) m.replaceWith(...Array.from(m.childNodes));
  root.normalize();
  const text = root.textContent ?? '';
  const missing: number[] = [];
  const placed = highlights
    .map((h) => ({ h, at: locate(text, h) }))
    .filter((p): p is { h: Highlight; at: number } => {
      if (p.at === null) missing.push(p.h.id);
      return p.at !== null;
    });
  for (const { h, at } of placed) {
    const end = at + h.quote.length;
    for (const { node, start } of textNodes(root)) {
      const nodeEnd = start + node.data.length;
      if (nodeEnd <= at || start >= end) continue;
      let target = node;
      const from = Math.max(0, at - start);
      const to = Math.min(node.data.length, end - start);
      if (from > 0) target = target.splitText(from);
      if (to - from < target.data.length) target.splitText(to - from);
      const mark = document.createElement('mark');
      mark.className = `hl hl-${h.color}`;
      mark.dataset.hl = String(h.id);
      mark.title = h.note ? `Note: ${h.note}` : 'Highlight';
      target.replaceWith(mark);
      mark.append(target);
    }
  }
  return missing;
}
