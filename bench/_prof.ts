import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector';
import { openDatabase } from '../src/main/library/db/open';
import { createSearchService } from '../src/main/library/search/search-service';
import { seed } from './seed';
const n = Number(process.argv[2] ?? 10000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prof-'));
const db = openDatabase(path.join(dir, 'l.db'));
void (async () => {
  seed(db, n);
  const session = new Session();
  session.connect();
  const post = (m: string, p?: object) =>
    new Promise<unknown>((res, rej) => session.post(m, p ?? {}, (e, r) => (e ? rej(e) : res(r))));
  await post('Profiler.enable');
  await post('Profiler.start');
  const t = performance.now();
  const s = createSearchService({ db });
  await s.ready();
  console.log('build', performance.now() - t, n / ((performance.now() - t) / 1000));
  const { profile } = (await post('Profiler.stop')) as { profile: object };
  fs.writeFileSync('/tmp/prof/q.cpuprofile', JSON.stringify(profile));
})();
