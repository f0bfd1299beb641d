// Runs a benchmark the way the app runs its code: bench/<name>.ts is bundled with esbuild and run
// on plain Node (no tsx loader hooks, which would also load into every worker thread), and the
// import pipeline uses the parse worker from the electron-vite build (out/main/parse-worker.js).
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...args] = process.argv.slice(2);
const entry = path.join(root, 'bench', `${name}.ts`);
if (!name || !fs.existsSync(entry)) {
  console.error(`bench: no benchmark named "${name ?? ''}" (see the bench/ folder)`);
  process.exit(2);
}
const worker = path.join(root, 'out', 'main', 'parse-worker.js');
if (!fs.existsSync(worker)) {
  console.error('bench: out/main/parse-worker.js is missing; run `npm run build` first');
  process.exit(2);
}
const outfile = path.join(root, 'out', 'bench', `${name}.cjs`);
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
const child = spawn(
  process.execPath,
  [...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : []), '--expose-gc', outfile, ...args],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      BRIEFINGS_PARSE_WORKER: worker,
      BRIEFINGS_ENTITIES_WORKER: path.join(root, 'out', 'main', 'entities-worker.js'),
      BRIEFINGS_SEARCH_WORKER: path.join(root, 'out', 'main', 'search-worker.js'),
    },
  },
);
child.on('exit', (code) => process.exit(code ?? 1));
