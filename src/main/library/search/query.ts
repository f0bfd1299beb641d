/**
 * The search query language (documented in the README and the in-app help):
 *
 *   words                 all must match (prefix matching on every word: "govern" finds "governance")
 *   "exact phrase"        the words in this order, verified against the text
 *   -word  -"phrase"      must not match
 *   a OR b, ( ... )       either; parentheses group
 *   title:word            in the title (or title:"phrase")
 *   tag:name  -tag:name   tagged (hierarchical: tag:policy also matches policy/eu)
 *   source:name           from this source (site, publisher, sender); quotes for spaces
 *   is:unread|in-progress|read|starred|archived
 *   format:pdf            txt, md, html, pdf, eml, docx, json
 *   after:2025-01-01  before:2025-12-31  published:2025-01..2025-03  (also 2025, 2025-01)
 *
 * The parser is pure and total: any input gives either an AST or a friendly message.
 */
export type TextNode =
  { kind: 'word'; value: string; field: 'any' | 'title' } | { kind: 'phrase'; value: string; field: 'any' | 'title' };

export type Node =
  | TextNode
  | { kind: 'and'; nodes: Node[] }
  | { kind: 'or'; nodes: Node[] }
  | { kind: 'not'; node: Node }
  | { kind: 'all' };

export type Filters = {
  tags: string[];
  notTags: string[];
  sources: string[];
  is: ('unread' | 'in_progress' | 'read' | 'starred' | 'archived')[];
  formats: string[];
  after: string | null;
  before: string | null;
  /** in:highlights: the words must appear in a highlight or its note, not just the text. */
  inHighlights: boolean;
};

export type ParsedQuery = { ok: true; text: Node; filters: Filters; hasText: boolean } | { ok: false; message: string };

const FORMATS = ['txt', 'md', 'html', 'pdf', 'eml', 'docx', 'json'];
const IS: Record<string, Filters['is'][number]> = {
  unread: 'unread',
  read: 'read',
  'in-progress': 'in_progress',
  inprogress: 'in_progress',
  reading: 'in_progress',
  starred: 'starred',
  archived: 'archived',
};

type Tok =
  | { t: 'word'; v: string; neg: boolean }
  | { t: 'phrase'; v: string; neg: boolean }
  | { t: 'field'; k: string; v: string; neg: boolean; quoted: boolean }
  | { t: 'or' }
  | { t: 'lp'; neg: boolean }
  | { t: 'rp' };

class QueryError extends Error {}

function lex(input: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const s = input;
  while (i < s.length) {
    const c = s[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    let neg = false;
    if (c === '-' && i + 1 < s.length && !/\s/.test(s[i + 1] as string)) {
      neg = true;
      i++;
    }
    const d = s[i] as string;
    if (d === '(') {
      toks.push({ t: 'lp', neg });
      i++;
      continue;
    }
    if (d === ')') {
      if (neg) throw new QueryError('"-" must come right before a word, a phrase or "("');
      toks.push({ t: 'rp' });
      i++;
      continue;
    }
    if (d === '"' || d === '“' || d === '”') {
      const end = s.slice(i + 1).search(/["“”]/);
      if (end < 0) throw new QueryError('a quote is not closed: add the closing "');
      const v = s.slice(i + 1, i + 1 + end).trim();
      i += end + 2;
      if (v !== '') toks.push({ t: 'phrase', v, neg });
      continue;
    }
    let j = i;
    while (j < s.length && !/[\s()"“”]/.test(s[j] as string)) j++;
    const raw = s.slice(i, j);
    i = j;
    const field = /^([a-z]+):(.*)$/i.exec(raw);
    if (
      field &&
      ['title', 'tag', 'source', 'is', 'format', 'after', 'before', 'published', 'in'].includes(
        (field[1] as string).toLowerCase(),
      )
    ) {
      const k = (field[1] as string).toLowerCase();
      let v = field[2] as string;
      let quoted = false;
      if (v === '' && (s[i] === '"' || s[i] === '“')) {
        const end = s.slice(i + 1).search(/["“”]/);
        if (end < 0) throw new QueryError('a quote is not closed: add the closing "');
        v = s.slice(i + 1, i + 1 + end).trim();
        i += end + 2;
        quoted = true;
      }
      if (v === '') throw new QueryError(`"${k}:" needs a value, for example ${example(k)}`);
      toks.push({ t: 'field', k, v, neg, quoted });
      continue;
    }
    if (raw === 'OR' && !neg) {
      toks.push({ t: 'or' });
      continue;
    }
    toks.push({ t: 'word', v: raw, neg });
  }
  return toks;
}

function example(k: string): string {
  return (
    {
      title: 'title:budget',
      tag: 'tag:policy',
      source: 'source:reuters',
      is: 'is:unread',
      format: 'format:pdf',
      after: 'after:2025-01-01',
      before: 'before:2025-12-31',
      published: 'published:2025-01..2025-03',
      in: 'in:highlights',
    }[k] ?? `${k}:value`
  );
}

/** "2025", "2025-03" or "2025-03-14" as the first instant (or, with end, the instant after). */
function dateBound(v: string, end: boolean): string {
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(v);
  if (!m) throw new QueryError(`"${v}" is not a date: use 2025, 2025-03 or 2025-03-14`);
  const y = Number(m[1]);
  const mo = m[2] ? Number(m[2]) : null;
  const d = m[3] ? Number(m[3]) : null;
  if ((mo !== null && (mo < 1 || mo > 12)) || (d !== null && (d < 1 || d > 31)))
    throw new QueryError(`"${v}" is not a real date`);
  const start = new Date(Date.UTC(y, (mo ?? 1) - 1, d ?? 1));
  if (!end) return start.toISOString();
  const next =
    d !== null
      ? new Date(Date.UTC(y, (mo ?? 1) - 1, d + 1))
      : mo !== null
        ? new Date(Date.UTC(y, mo, 1))
        : new Date(Date.UTC(y + 1, 0, 1));
  return next.toISOString();
}

export function parseQuery(input: string): ParsedQuery {
  try {
    if (input.length > 1000) throw new QueryError('the query is too long (1,000 characters at most)');
    const toks = lex(input);
    const filters: Filters = {
      tags: [],
      notTags: [],
      sources: [],
      is: [],
      formats: [],
      after: null,
      before: null,
      inHighlights: false,
    };
    let pos = 0;

    const primary = (): Node | null => {
      const tok = toks[pos];
      if (!tok) throw new QueryError('the query ends too early');
      if (tok.t === 'or') throw new QueryError('"OR" needs something on both sides');
      if (tok.t === 'rp') throw new QueryError('")" has no matching "("');
      pos++;
      if (tok.t === 'lp') {
        const inner = disjunction();
        if (toks[pos]?.t !== 'rp') throw new QueryError('"(" is not closed: add ")"');
        pos++;
        return tok.neg ? { kind: 'not', node: inner } : inner;
      }
      if (tok.t === 'word' || tok.t === 'phrase') {
        const node: Node = { kind: tok.t, value: tok.v, field: 'any' };
        return tok.neg ? { kind: 'not', node } : node;
      }
      // Fields.
      const { k, v, neg, quoted } = tok;
      switch (k) {
        case 'title': {
          const node: Node =
            quoted || /\s/.test(v)
              ? { kind: 'phrase', value: v, field: 'title' }
              : { kind: 'word', value: v, field: 'title' };
          return neg ? { kind: 'not', node } : node;
        }
        case 'tag':
          (neg ? filters.notTags : filters.tags).push(v.toLowerCase());
          return null;
        case 'source':
          if (neg) throw new QueryError('"-source:" is not supported; use source: to narrow down');
          filters.sources.push(v);
          return null;
        case 'is': {
          const state = IS[v.toLowerCase()];
          if (!state || neg)
            throw new QueryError(
              `"is:${v}" is not known: use is:unread, is:in-progress, is:read, is:starred or is:archived`,
            );
          filters.is.push(state);
          return null;
        }
        case 'format':
          if (!FORMATS.includes(v.toLowerCase()) || neg)
            throw new QueryError(`"format:${v}" is not known: use one of ${FORMATS.join(', ')}`);
          filters.formats.push(v.toLowerCase());
          return null;
        case 'after':
          filters.after = dateBound(v, false);
          return null;
        case 'before':
          filters.before = dateBound(v, false);
          return null;
        case 'in':
          if (neg || !['highlights', 'highlight', 'notes'].includes(v.toLowerCase()))
            throw new QueryError(`"in:${v}" is not known: use in:highlights`);
          filters.inHighlights = true;
          return null;
        case 'published': {
          const [from, to = from] = v.split('..');
          if (!from && !to) throw new QueryError('"published:" needs a range such as 2025-01..2025-03');
          if (from) filters.after = dateBound(from, false);
          if (to) filters.before = dateBound(to, true);
          return null;
        }
        default:
          throw new QueryError(`"${k}:" is not available yet`);
      }
    };

    const conjunction = (): Node => {
      const nodes: Node[] = [];
      while (pos < toks.length && toks[pos]?.t !== 'or' && toks[pos]?.t !== 'rp') {
        const n = primary();
        if (n) nodes.push(n);
      }
      return nodes.length === 1 ? (nodes[0] as Node) : nodes.length === 0 ? { kind: 'all' } : { kind: 'and', nodes };
    };

    const disjunction = (): Node => {
      const nodes: Node[] = [conjunction()];
      while (toks[pos]?.t === 'or') {
        pos++;
        if (pos >= toks.length || toks[pos]?.t === 'rp') throw new QueryError('"OR" needs something on both sides');
        nodes.push(conjunction());
      }
      if (nodes.length > 1 && nodes.some((n) => n.kind === 'all'))
        throw new QueryError('"OR" needs something on both sides');
      return nodes.length === 1 ? (nodes[0] as Node) : { kind: 'or', nodes };
    };

    const text = disjunction();
    if (pos < toks.length) throw new QueryError('")" has no matching "("');
    if (filters.after && filters.before && filters.after >= filters.before)
      throw new QueryError('the date range is empty: "after" must come before "before"');
    if (onlyNegative(text)) throw new QueryError('add at least one word to look for alongside "-" words');
    return { ok: true, text, filters, hasText: text.kind !== 'all' };
  } catch (cause) {
    if (cause instanceof QueryError) return { ok: false, message: cause.message };
    throw cause;
  }
}

function onlyNegative(n: Node): boolean {
  if (n.kind === 'not') return true;
  if (n.kind === 'and') return n.nodes.every(onlyNegative);
  return false;
}
