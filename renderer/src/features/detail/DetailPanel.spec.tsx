import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { DetailPanel } from './DetailPanel';
import { copyLimit } from './host-limits';
import { demoHost, snapshot } from '../../test/fake-api';
import { renderWithApi } from '../../test/setup';

afterEach(cleanup);

const remote = { ...demoHost(), capabilities: { ...demoHost().capabilities!, internalSnapshotFiles: false } };
const noop = (): void => undefined;

describe('what the host cannot do with a snapshot', () => {
  it('only internal snapshots on a host without local files are limited', () => {
    expect(copyLimit(snapshot({ name: 'i', location: 'internal' }), remote.capabilities)).toBe('internalFilesRemote');
    expect(copyLimit(snapshot({ name: 'e', location: 'external' }), remote.capabilities)).toBeNull();
    expect(copyLimit(snapshot({ name: 'i', location: 'internal' }), demoHost().capabilities)).toBeNull();
  });

  it('the detail disables restore as new and extract for them and says why; restore in place stays', async () => {
    const s = snapshot({ name: 'foreign', location: 'internal', kind: 'memory' });
    await renderWithApi(<DetailPanel snapshot={s} host={remote} onClose={noop} onAdopt={noop} onForget={noop} />, { snapshots: [s] });
    expect(screen.getByRole('button', { name: 'Restore as new VM' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('button', { name: 'Extract volume' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('button', { name: 'Restore' }).hasAttribute('disabled')).toBe(false);
    expect(screen.getByTestId('host-limit').textContent).toMatch(/qemu-img on that host/);
  });
});
