#!/usr/bin/env node
'use strict';
// Runs the built CLI (out/cli/briefings.cjs, made by `npm install`), rebuilding it first when the
// sources are newer, so it always matches the working tree; from source through tsx only where
// esbuild is missing.
const { outfile, isFresh, build } = require('../scripts/build-cli.cjs');

// `briefings show 1 | head` closes the pipe early: that is the reader being done, not an error.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(0);
    throw e;
  });

let cli;
if (isFresh() || build()) {
  cli = require(outfile);
} else {
  require('tsx/cjs');
  cli = require('../src/main/cli.ts');
}
void cli.runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
