import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { CopyInfo } from '../../api/contract';
import { VmCopies } from './VmCopies';
import { DialogHost } from '../shell/DialogHost';
import { SnapshotBrowser } from '../snapshots/SnapshotBrowser';
import { HOST_ID, RUNNING_UUID, demoHost, snapshot, vm } from '../../test/fake-api';
import { renderWithApi } from '../../test/setup';
import { setLang } from '../../i18n';
import { startSync } from '../../stores/sync';
import { useUi } from '../../stores/ui';

afterEach(cleanup);

const host = demoHost();
const testVm = vm('test', RUNNING_UUID, 'running');
const BACKUP = 'qemu+ssh://admin@backup/system';
const backupHost = { ...demoHost(), id: 'backup', uri: BACKUP, name: 'backup', demo: false };

function copy(patch: Partial<CopyInfo> = {}): CopyInfo {
  return {
    id: 'c1', source: { hostId: HOST_ID, uri: host.uri, vm: { name: 'test', uuid: RUNNING_UUID } },
    target: { hostId: 'backup', uri: BACKUP }, copyVm: { name: 'test-copy', uuid: 'c0000000-0000-4000-8000-000000000001' },
    keep: 3, snapshotCount: 2, refreshedAt: '2025-03-04T05:06:00.000Z', lastBytesSent: 5 * 2 ** 20, lastError: null, ...patch,
  };
}

const view = (
  <>
    <VmCopies vm={testVm} host={host} />
    <DialogHost host={host} />
  </>
);

/** Renders the copies with the change events wired, as the app runs them. */
async function renderCopies(seed: Parameters<typeof renderWithApi>[1]) {
  const rendered = await renderWithApi(view, seed);
  const stop = startSync();
  return { ...rendered, stop };
}

describe('a VM’s copies on other hosts', () => {
  it('lists each copy: where, the copy VM, what it holds, when refreshed, what it sent, and why the last refresh failed', async () => {
    const failed = copy({ id: 'c2', target: { hostId: 'h9', uri: 'qemu+ssh://root@far/system' }, copyVm: { name: 'test', uuid: 'c2' }, keep: null, snapshotCount: 1,
      lastError: { code: 'copy_vm_gone', params: { copyVm: 'test', target: 'qemu+ssh://root@far/system' } } });
    await renderWithApi(view, { copies: [copy(), failed] });
    const first = await screen.findByRole('article', { name: `Copy on ${BACKUP}` });
    const text = first.textContent!;
    expect(text).toContain(BACKUP);
    expect(text).toContain('test-copy');
    expect(text).toContain('2 snapshots · keeps the newest 3');
    expect(text).toMatch(/Mar 4, 2025/);
    expect(text).toMatch(/5(\.0)? MiB/);
    expect(within(first).queryByRole('alert')).toBeNull();
    const second = screen.getByRole('article', { name: 'Copy on qemu+ssh://root@far/system' });
    expect(second.textContent).toContain('1 snapshot · keeps every snapshot');
    expect(within(second).getByRole('alert').textContent).toMatch(/^The last refresh failed.*The copy VM “test” is no longer defined on qemu\+ssh:\/\/root@far\/system/);
  });

  it('words the failure and the labels in Korean', async () => {
    await renderWithApi(view, { copies: [copy({ lastError: { code: 'copy_vm_gone', params: { copyVm: 'test-copy', target: BACKUP } } })] }, () => setLang('ko'));
    act(() => setLang('ko'));
    const entry = await screen.findByRole('article', { name: `${BACKUP}의 사본` });
    expect(entry.textContent).toContain('스냅샷 2개 · 최신 3개 보관');
    expect(within(entry).getByRole('alert').textContent).toMatch(/사본 VM “test-copy”이\(가\) .*더 이상 정의되어 있지 않아/);
    expect(within(entry).getByRole('button', { name: `${BACKUP}의 사본 갱신` })).toBeTruthy();
    act(() => setLang('en'));
  });

  it('says when there is none, and copies to a known host (never the VM’s own) with the target’s retention', async () => {
    const snaps = [snapshot({ name: 'a' }), snapshot({ name: 'b' }), snapshot({ name: 'c' })];
    const { api, stop } = await renderCopies({ hosts: [host, backupHost], snapshots: snaps });
    try {
      expect((await screen.findByText('No copies yet.'))).toBeTruthy();
      fireEvent.click(screen.getByRole('button', { name: 'Copy to another host…' }));
      const dialog = await screen.findByRole('dialog', { name: 'Copy test to another host' });
      const options = within(dialog).getAllByRole('option').map((o) => o.textContent);
      expect(options).toEqual([`backup (${BACKUP})`, 'Another host (type its URI)']);
      const keep = within(dialog).getByLabelText('Keep on the target (newest N snapshots)');
      fireEvent.change(keep, { target: { value: '0' } });
      expect(within(dialog).getByText('Enter a whole number, at least 1, or leave empty.')).toBeTruthy();
      expect(within(dialog).getByRole('button', { name: 'Copy' })).toHaveProperty('disabled', true);
      fireEvent.change(keep, { target: { value: '2' } });
      fireEvent.click(within(dialog).getByRole('button', { name: 'Copy' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      expect(api.calls.find((c) => c.channel === 'copies.refresh')?.request).toEqual({ hostId: HOST_ID, vmUuid: RUNNING_UUID, to: BACKUP, keep: 2 });
      // The refresh's vm.changed reloads the list.
      const entry = await screen.findByRole('article', { name: `Copy on ${BACKUP}` }, { timeout: 2000 });
      expect(entry.textContent).toContain('2 snapshots · keeps the newest 2');
      expect(useUi.getState().toasts.at(-1)?.text).toMatch(/^The copy of test on qemu\+ssh:\/\/admin@backup\/system is up to date: 2(\.0)? MiB sent\.$/);
    } finally {
      stop();
    }
  });

  it('checks a typed URI as adding a host does, refuses the VM’s own host, and shows main’s refusal in the dialog', async () => {
    const { api, stop } = await renderCopies({});
    try {
      fireEvent.click(await screen.findByRole('button', { name: 'Copy to another host…' }));
      const dialog = await screen.findByRole('dialog');
      expect(within(dialog).getByLabelText('Target host')).toHaveProperty('value', '');
      const uri = within(dialog).getByLabelText('Connection URI of the target host');
      const submit = within(dialog).getByRole('button', { name: 'Copy' });
      expect(submit).toHaveProperty('disabled', true);
      fireEvent.change(uri, { target: { value: 'backup host' } });
      expect(within(dialog).getByText('Enter a URI such as qemu+ssh://admin@backup/system.')).toBeTruthy();
      fireEvent.change(uri, { target: { value: host.uri } });
      expect(within(dialog).getByText('This is the host test runs on: a copy must go to another host.')).toBeTruthy();
      expect(submit).toHaveProperty('disabled', true);
      fireEvent.change(uri, { target: { value: 'qemu+ssh://root@gone/system' } });
      api.failNext('copies.refresh', { code: 'host_unreachable', params: { uri: 'qemu+ssh://root@gone/system', detail: 'no route to host' } });
      fireEvent.click(submit);
      expect((await within(dialog).findByRole('alert')).textContent).toMatch(/qemu\+ssh:\/\/root@gone\/system/);
      expect(screen.getByRole('dialog')).toBe(dialog);
      expect(api.calls.find((c) => c.channel === 'copies.refresh')?.request).toEqual({ hostId: HOST_ID, vmUuid: RUNNING_UUID, to: 'qemu+ssh://root@gone/system' });
    } finally {
      stop();
    }
  });

  it('refreshes a copy, verifies it (counted files), and removes it after a confirmation naming the copy VM and target', async () => {
    const { api, stop } = await renderCopies({ hosts: [host, backupHost], copies: [copy()], snapshots: [snapshot({ name: 'a' }), snapshot({ name: 'b' }), snapshot({ name: 'c' })] });
    try {
      const entry = await screen.findByRole('article', { name: `Copy on ${BACKUP}` });
      fireEvent.click(within(entry).getByRole('button', { name: `Refresh copy on ${BACKUP}` }));
      await waitFor(() => expect(useUi.getState().toasts.at(-1)?.text).toMatch(/up to date: 1(\.0)? MiB sent/));
      expect(api.calls.find((c) => c.channel === 'copies.refresh')?.request).toEqual({ hostId: HOST_ID, vmUuid: RUNNING_UUID, to: BACKUP });
      await waitFor(() => expect(screen.getByRole('article', { name: `Copy on ${BACKUP}` }).textContent).toContain('3 snapshots'));

      fireEvent.click(within(screen.getByRole('article', { name: `Copy on ${BACKUP}` })).getByRole('button', { name: `Verify copy on ${BACKUP}` }));
      expect((await screen.findByTestId('verify-outcome')).textContent).toBe(`Read back from ${BACKUP}: 3 file(s) as sent, 0 differ or missing, 0 rewritten by the target’s own merges.`);

      fireEvent.click(within(screen.getByRole('article', { name: `Copy on ${BACKUP}` })).getByRole('button', { name: `Remove copy on ${BACKUP}…` }));
      const dialog = await screen.findByRole('dialog', { name: `Remove the copy on ${BACKUP}?` });
      expect(dialog.textContent).toContain(`The copy VM “test-copy” on ${BACKUP} is removed`);
      expect(document.activeElement?.textContent).toBe('Cancel');
      fireEvent.click(within(dialog).getByRole('button', { name: 'Remove copy' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      expect(api.state.copies).toEqual([]);
      expect(await screen.findByText('No copies yet.', {}, { timeout: 2000 })).toBeTruthy();
    } finally {
      stop();
    }
  });

  it('is shown under the VM’s summary when one VM is selected in the snapshot list', async () => {
    await renderWithApi(<SnapshotBrowser host={host} title="Snapshots" emptyTitle="None" emptyText="Take one." actions={null} />, { copies: [copy()] });
    expect(screen.queryByTestId('vm-copies')).toBeNull();
    act(() => useUi.getState().setFilters({ vmUuid: RUNNING_UUID }));
    expect(await screen.findByRole('article', { name: `Copy on ${BACKUP}` })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Copies of test on other hosts' })).toBeTruthy();
  });
});
