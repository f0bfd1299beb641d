import type * as Linkedom from 'linkedom';
import { lazyRequire } from './lazy';

const linkedom = lazyRequire<typeof Linkedom>('linkedom');

const BLOCKS = new Set([
  'P',
  'DIV',
  'SECTION',
  'ARTICLE',
  'HEADER',
  'FOOTER',
  'ASIDE',
  'BLOCKQUOTE',
  'PRE',
  'UL',
  'OL',
  'LI',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'TABLE',
  'TR',
  'FIGURE',
  'FIGCAPTION',
  'DL',
  'DT',
  'DD',
  'HR',
  'BR',
  'MAIN',
  'NAV',
]);
// HEAD is not skipped: old mail clients and newsletter tools write `<HTML><body><HEAD><TITLE>`, and a
// parser then nests the whole letter inside that HEAD. Its metadata children are skipped instead.
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'TITLE', 'META', 'LINK', 'BASE']);

type NodeLike = { nodeType: number; nodeName: string; textContent: string | null; childNodes: ArrayLike<NodeLike> };

/**
 * Plain text of an HTML fragment with paragraph structure kept: block elements become blank-line
 * separated paragraphs. Used for search, snippets, hashing and word counts of every HTML-based
 * format. Iterative, so a deeply nested document cannot overflow the stack.
 */
export function htmlToText(html: string): { text: string; headings: string[] } {
  const { document } = linkedom().parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const paragraphs: string[] = [];
  const headings: string[] = [];
  let current = '';
  const flush = (): void => {
    const t = current.replace(/\s+/g, ' ').trim();
    if (t !== '') paragraphs.push(t);
    current = '';
  };
  type Frame = { node: NodeLike; exit: boolean };
  const stack: Frame[] = [{ node: document.body as unknown as NodeLike, exit: false }];
  while (stack.length > 0) {
    const { node, exit } = stack.pop() as Frame;
    if (node.nodeType === 3) {
      current += node.textContent ?? '';
      continue;
    }
    if (node.nodeType !== 1 || SKIP.has(node.nodeName)) continue;
    const block = BLOCKS.has(node.nodeName);
    if (exit) {
      if (block) flush();
      continue;
    }
    if (/^H[1-4]$/.test(node.nodeName)) {
      const h = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (h !== '' && h.length <= 200) headings.push(h);
    }
    if (block) flush();
    stack.push({ node, exit: true });
    const kids = node.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i] as NodeLike, exit: false });
  }
  flush();
  return { text: paragraphs.join('\n\n'), headings };
}
