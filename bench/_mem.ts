import fs from 'node:fs';
import { parseQuery } from '../src/main/library/search/query';
import { SearchIndex } from '../src/main/library/search/search-index';
const gc = (globalThis as unknown as { gc: () => void }).gc;
const mb = () => { gc(); gc(); const m = process.memoryUsage(); return `heap ${(m.heapUsed / 1e6).toFixed(0)} ext ${(m.external / 1e6).toFixed(0)} ab ${(m.arrayBuffers / 1e6).toFixed(0)} rss ${(m.rss / 1e6).toFixed(0)}`; };
console.log('start', mb());
let buf: Buffer | null = fs.readFileSync('/tmp/prof/lib50000.db.search-index');
const { index } = SearchIndex.load(buf);
buf = null;
console.log('loaded', mb());
const p = parseQuery('"central bank"');
if (p.ok) index.evaluate(p.text);
console.log('after phrase (lexicon built)', mb());
const i = index as unknown as Record<string, unknown>;
for (const k of ['lex', 'fastLex', 'dictionary', 'sorted', 'sigs', 'meta', 'ids', 'arena']) {
  i[k] = null; console.log('without', k, mb());
}
for (const k of ['title', 'tagText', 'body']) { i[k] = null; console.log('without', k, mb()); }
