import { defineConfig } from '@playwright/test';

// The browser is found by tests/e2e/find-browser.ts (CHROMIUM_PATH, an installed Chromium, Chrome
// or Edge, or one Playwright downloaded); CI uses Debian's /usr/bin/chromium. Without one the run
// stops with one line saying how to get one.
export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
});
