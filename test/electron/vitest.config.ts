// The Electron end-to-end test: the real built app under Electron, driven by Playwright.
// Run by scripts/run-tests.js only where the electron package has its binary.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: resolve(import.meta.dirname, '../..'),
    include: ['test/electron/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
    env: { UV_THREADPOOL_SIZE: '16' },
  },
});
