import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen } from '@testing-library/react';
import { DetailPanel } from './DetailPanel';
import { demoHost, snapshot } from '../../test/fake-api';
import { renderWithApi } from '../../test/setup';
import { setLang } from '../../i18n';

afterEach(cleanup);

const noop = (): void => undefined;
const host = demoHost();
const panel = (s: ReturnType<typeof snapshot>) => <DetailPanel snapshot={s} host={host} onClose={noop} onAdopt={noop} onForget={noop} />;

describe('copies in the snapshot detail', () => {
  it('a source snapshot says on which hosts a copy of it is, and when it was refreshed', async () => {
    const s = snapshot({ name: 'nightly' });
    await renderWithApi(panel(s), {
      snapshots: [s],
      copyFacts: { [s.id]: { copyOf: null, copies: [
        { copyId: 'c1', targetUri: 'qemu+ssh://admin@backup/system', copyVm: { name: 'test', uuid: 'x' }, snapshotId: 'r1', refreshedAt: '2025-03-04T05:06:00.000Z' },
        { copyId: 'c2', targetUri: 'qemu+ssh://root@far/system', copyVm: { name: 'test', uuid: 'y' }, snapshotId: 'r2', refreshedAt: '2025-03-05T05:06:00.000Z' },
      ] } },
    });
    const where = await screen.findByTestId('copies-on');
    expect(where.previousElementSibling?.textContent).toBe('Copies on');
    expect([...where.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      expect.stringMatching(/^qemu\+ssh:\/\/admin@backup\/system \(refreshed Mar 4, 2025/),
      expect.stringMatching(/^qemu\+ssh:\/\/root@far\/system \(refreshed Mar 5, 2025/),
    ]);
    expect(screen.queryByTestId('copy-of')).toBeNull();
  });

  it('a snapshot of a copy VM says what it is a copy of, in both languages', async () => {
    const s = snapshot({ name: 'nightly' });
    await renderWithApi(panel(s), {
      snapshots: [s],
      copyFacts: { [s.id]: { copies: [], copyOf: { copyId: 'c1', sourceUri: 'qemu:///system', sourceVm: { name: 'web', uuid: 'w' }, sourceSnapshotId: 'src', refreshedAt: '2025-03-04T05:06:00.000Z' } } },
    });
    expect((await screen.findByTestId('copy-of')).textContent).toMatch(/^web on qemu:\/\/\/system, refreshed Mar 4, 2025/);
    expect(screen.getByTestId('copy-of').previousElementSibling?.textContent).toBe('Copy of');
    expect(screen.queryByTestId('copies-on')).toBeNull();
    act(() => setLang('ko'));
    expect(screen.getByTestId('copy-of').textContent).toMatch(/^qemu:\/\/\/system의 web, 2025\. 3\. 4\..* 갱신$/);
    act(() => setLang('en'));
  });
});
