'use strict';
// Builds the CLI (src/main/cli.ts and what it imports) into one CommonJS file, out/cli/briefings.cjs,
// so `briefings` starts in ~0.13 s instead of compiling TypeScript through tsx at every start
// (~0.32 s, 1.6-1.9 s through npx). Run by `npm install` (prepare) and, when the sources are newer
// than the build, by bin/briefings.cjs itself.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const outfile = path.join(root, 'out', 'cli', 'briefings.cjs');
const SOURCES = ['src/main', 'src/shared'].map((d) => path.join(root, d));

/** The newest modification time among the CLI's possible sources (a few hundred stats, ~3 ms). */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const d of SOURCES) if (fs.existsSync(d)) walk(d);
  return newest;
}

function isFresh() {
  try {
    return fs.statSync(outfile).mtimeMs >= newestSource();
  } catch {
    return false;
  }
}

/** Builds with esbuild (a devDependency); returns false where it is not installed. */
function build() {
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    return false;
  }
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  const bundle = (entry, file) => {
    // Written beside and renamed, so a second `briefings` started meanwhile never runs half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    esbuild.buildSync({
      entryPoints: [path.join(root, 'src', 'main', ...entry)],
      outfile: tmp,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      logLevel: 'warning',
    });
    fs.renameSync(tmp, file);
  };
  // The workers the CLI starts sit beside it, where spawnWorker looks for bundled workers.
  bundle(['library', 'import', 'parse.worker.ts'], path.join(path.dirname(outfile), 'parse-worker.js'));
  bundle(['library', 'search', 'search.worker.ts'], path.join(path.dirname(outfile), 'search-worker.js'));
  bundle(['library', 'organize', 'entities.worker.ts'], path.join(path.dirname(outfile), 'entities-worker.js'));
  // The CLI last: its date is what isFresh() compares, so it is only fresh once all are built.
  bundle(['cli.ts'], outfile);
  return true;
}

module.exports = { outfile, isFresh, build };

if (require.main === module) {
  if (!build()) {
    console.error('build-cli: esbuild is not installed; the CLI will run from source through tsx');
  }
}
