#!/usr/bin/env node
'use strict';
// Runs the CLI from source through tsx, so `npx briefings` works right after `npm install`
// without a build step and always matches the code in the working tree.
require('tsx/cjs');
const { runCli } = require('../src/main/cli.ts');
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
