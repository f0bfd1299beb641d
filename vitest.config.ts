import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    // better-sqlite3 is a native addon: forks isolate it more predictably than worker threads.
    pool: 'forks',
  },
});
