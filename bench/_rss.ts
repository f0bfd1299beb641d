import { createSearchClient } from '../src/main/library/search/search-client';
import { snapshotPathFor } from '../src/main/library/search/search-service';
const file = '/tmp/prof/lib50000.db';
const rss = () => (process.memoryUsage().rss / 1e6).toFixed(0);
async function main() {
  console.log('start', rss());
  const s = createSearchClient({ dbPath: file, snapshotPath: snapshotPathFor(file) });
  await s.search({ query: 'ministers', limit: 20 });
  console.log('first result', rss());
  for (;;) { const st = await s.stats(); if (st.check) break; await new Promise((r) => setTimeout(r, 100)); }
  console.log('settled', rss());
  for (const q of ['"central bank"', 'sanctions treaty', 'sovereig', 'is:unread procurement', 'ministers']) for (let i = 0; i < 30; i++) await s.search({ query: q, limit: 20 });
  console.log('after query mix', rss());
  await new Promise((r) => setTimeout(r, 5000));
  console.log('5 s later', rss());
  await s.close();
}
void main();
