// The remote tests: Snapvisor as a client of a qemu+ssh:// host (the loopback sshd in front of
// this machine's libvirtd). They run only inside the client namespace scripts/client-namespace.sh
// makes (npm run test:remote; scripts/run-tests.js runs them as a step of their own), so they
// have a config of their own rather than a project in the main one: a plain `vitest run` there
// would run them outside it. Guests run under TCG on two cores: two files at a time.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: resolve(import.meta.dirname, '../..'),
    name: 'remote',
    include: ['test/remote/**/*.test.ts'],
    // The remote host is this machine's daemon: a run that leaves objects of ours there fails.
    globalSetup: ['test/remote/global-setup.ts', 'test/setup/daemon-leaks.ts'],
    setupFiles: ['test/setup/file-teardown.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 240_000,
    hookTimeout: 240_000,
    env: { UV_THREADPOOL_SIZE: '16' },
  },
});
