// npm start / npm run dev: checks for the Electron binary, makes sure better-sqlite3 has a build
// for Electron's own Node ABI (kept outside node_modules, so the plain-Node build that tests and
// the CLI use stays in place), then runs electron-vite. Either order of `npm test` and
// `npm start` works without a manual rebuild.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2] === 'dev' ? 'dev' : process.argv[2] === 'prepare' ? 'prepare' : 'preview';

function fail(message) {
  console.error(`briefings: ${message}`);
  process.exit(1);
}

function electronBinary() {
  try {
    // electron's index.js returns the binary path, and throws when the download never happened.
    const binary = require('electron');
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

if (!electronBinary()) {
  fail(
    'the Electron binary is not installed (npm could not download it, or it was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1). ' +
      'Run `npm install` on a machine that can reach the Electron download, or set ELECTRON_OVERRIDE_DIST_PATH to a local Electron.',
  );
}

const electronVersion = require('electron/package.json').version;
const sqliteVersion = require('better-sqlite3/package.json').version;
const nativeRoot = path.join(root, '.electron-native', `electron-${electronVersion}-better-sqlite3-${sqliteVersion}`);
const binding = path.join(nativeRoot, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

if (!fs.existsSync(binding)) {
  console.log(`briefings: building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once)…`);
  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  const dest = path.join(nativeRoot, 'node_modules', 'better-sqlite3');
  fs.rmSync(nativeRoot, { recursive: true, force: true });
  fs.cpSync(source, dest, { recursive: true, filter: (p) => !p.startsWith(path.join(source, 'build')) });
  fs.writeFileSync(
    path.join(nativeRoot, 'package.json'),
    JSON.stringify({
      name: 'briefings-electron-native',
      private: true,
      dependencies: { 'better-sqlite3': sqliteVersion },
    }),
  );
  try {
    const { rebuild } = await import('@electron/rebuild');
    await rebuild({ buildPath: nativeRoot, electronVersion, onlyModules: ['better-sqlite3'], force: true });
  } catch (cause) {
    fs.rmSync(nativeRoot, { recursive: true, force: true });
    fail(
      `could not build better-sqlite3 for Electron ${electronVersion}: ${cause instanceof Error ? cause.message : cause}`,
    );
  }
  if (!fs.existsSync(binding)) fail(`the Electron build of better-sqlite3 did not produce ${binding}`);
}

if (mode === 'prepare') {
  // Used by the Electron smoke test: print where the Electron build of better-sqlite3 is.
  console.log(binding);
  process.exit(0);
}

const cli = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const child = spawn(process.execPath, [cli, mode], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, BRIEFINGS_SQLITE_BINDING: binding },
});
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
