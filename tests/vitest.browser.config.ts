import { defineConfig } from 'vitest/config';

/**
 * Browser tests: real Chromium and Firefox driven by puppeteer-core against the built extension
 * (.output/chrome-mv3 and .output/firefox-mv2, so build both before running these).
 * One file at a time: each launches full browsers, and the machine has 2 cores.
 */
export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  test: {
    include: ['tests/browser/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    fileParallelism: false,
    // A flaky browser start should not hide behind a retry; fail loudly instead.
    retry: 0,
    reporters: ['default'],
  },
});
