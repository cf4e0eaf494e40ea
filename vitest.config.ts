import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// One runner, five kinds of tests, run in groups (lowest groupOrder first):
//  0 unit         libvirt's in-process test driver (test:///default), real SQLite files in temp dirs
//  0 components   React components in happy-dom
//  1 integration  the real qemu:///system daemon with kit guests (scripts/setup-host.sh prepares it);
//                 guests run under TCG on two cores, so two files at a time
//  2 faults       tests that restart libvirtd or kill processes: alone, one file at a time
//  3 e2e          the built renderer in real Chromium, driven against the real main-process handlers
const slow = { testTimeout: 240_000, hookTimeout: 240_000, env: { UV_THREADPOOL_SIZE: '16' } };
// The CLI tests run the built command (bin/snapvisor.cjs → dist-electron/cli.cjs): built first when stale.
const shellBuilt = ['test/setup/shell-build.ts'];
// The projects on the real daemon: each file's leftovers are removed after it, and a run that
// still leaves a domain, pool or network of ours there fails.
const daemonChecked = ['test/setup/daemon-leaks.ts'];
const fileTeardown = ['test/setup/file-teardown.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 60_000, globalSetup: shellBuilt, sequence: { groupOrder: 0 } },
      },
      {
        plugins: [react()],
        test: { name: 'components', include: ['renderer/**/*.spec.tsx'], environment: 'happy-dom', testTimeout: 20_000, sequence: { groupOrder: 0 } },
      },
      {
        test: { name: 'integration', include: ['test/integration/**/*.test.ts'], pool: 'forks', maxWorkers: 2, ...slow, globalSetup: [...shellBuilt, ...daemonChecked], setupFiles: fileTeardown, sequence: { groupOrder: 1 } },
      },
      {
        test: { name: 'faults', include: ['test/faults/**/*.test.ts'], pool: 'forks', maxWorkers: 1, fileParallelism: false, ...slow, globalSetup: daemonChecked, setupFiles: fileTeardown, sequence: { groupOrder: 2 } },
      },
      {
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], pool: 'forks', maxWorkers: 1, fileParallelism: false, ...slow, globalSetup: daemonChecked, setupFiles: fileTeardown, sequence: { groupOrder: 3 } },
      },
    ],
  },
});
