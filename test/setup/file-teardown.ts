// A setupFile of the projects on the real daemon: after a test file's own afterAll hooks (they
// run first, and run when a beforeAll failed too), whatever the file made and did not remove is
// removed: kit guests with the VMs made from them, then test services with their pools. A file
// whose own teardown failed half-way, or never got the handles to tear down, leaves nothing.
import { afterAll } from 'vitest';
import { disposeTestServices } from '../../electron/services';
import { cleanupGuests } from '../guest/kit';

afterAll(async () => {
  try {
    await cleanupGuests();
  } finally {
    await disposeTestServices();
  }
});
