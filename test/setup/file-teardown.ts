// A setupFile of the projects on the real daemon: after a test file's own afterAll hooks (they
// run first, and run when a beforeAll failed too), whatever the file made and did not remove is
// removed: kit guests with the VMs made from them, then test services with their pools. A file
// whose own teardown failed half-way, or never got the handles to tear down, leaves nothing. The
// file's databases go into the run's ledger first (run-ledger.ts): a pool of theirs that would
// not go is counted as the run's even while other runs share the daemon.
import { afterAll } from 'vitest';
import { disposeTestServices, testInstallIds } from '../../electron/services';
import { cleanupGuests } from '../guest/kit';
import { noteInstalls } from './run-ledger';

afterAll(async () => {
  noteInstalls(testInstallIds());
  try {
    await cleanupGuests();
  } finally {
    await disposeTestServices();
  }
});
