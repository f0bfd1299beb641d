#!/usr/bin/env node
'use strict';
// Runs the CLI from source through tsx, so `npx briefings` works right after `npm install`
// without a build step and always matches the code in the working tree.
require('tsx/cjs');
// `briefings show 1 | head` closes the pipe early: that is the reader being done, not an error.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(0);
    throw e;
  });
const { runCli } = require('../src/main/cli.ts');
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
