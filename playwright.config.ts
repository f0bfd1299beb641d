import { defineConfig } from '@playwright/test';

// Browsers come from Debian (/usr/bin/chromium) through tests/e2e/harness.ts; Playwright's own
// browser download is never used.
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
});
