import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Three kinds of tests, one runner:
//  unit         libvirt's in-process test driver (test:///default) and real SQLite files in temp dirs
//  integration  the real qemu:///system daemon with kit guests (scripts/setup-host.sh prepares it)
//  e2e          the built renderer in real Chromium, driven against the real main-process handlers
//  components   React components in happy-dom
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          // Guests run under TCG on two cores: a few at a time.
          pool: 'forks',
          maxWorkers: 2,
          testTimeout: 240_000,
          hookTimeout: 240_000,
          env: { UV_THREADPOOL_SIZE: '16' },
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'components',
          include: ['renderer/**/*.spec.tsx'],
          environment: 'happy-dom',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          maxWorkers: 1,
          testTimeout: 300_000,
          hookTimeout: 300_000,
          env: { UV_THREADPOOL_SIZE: '16' },
        },
      },
    ],
  },
});
