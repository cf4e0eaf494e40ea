import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { VmCopies } from '../copies/VmCopies';
import { DetailPanel } from '../detail/DetailPanel';
import { Sidebar } from '../sidebar/Sidebar';
import { DialogHost } from '../shell/DialogHost';
import { Toasts } from '../../ui/Toasts';
import { RULES, textProblem } from '../../../../shared/rules';
import { HOST_ID, RUNNING_UUID, demoHost, snapshot, vm } from '../../test/fake-api';
import { renderWithApi } from '../../test/setup';
import { setLang } from '../../i18n';
import { startSync } from '../../stores/sync';
import { useHosts } from '../../stores/hosts';
import { useUi } from '../../stores/ui';
import { useVms } from '../../stores/vms';
import { exportFileName, importProblems, importRequest } from './export-rules';

afterEach(cleanup);

const host = demoHost();
const testVm = vm('test', RUNNING_UUID, 'running');
const toastTexts = () => useUi.getState().toasts.map((t) => `${t.tone}: ${t.text}`);

describe('export rules', () => {
  it('suggests <vm>-<date>.tar made of safe characters only, within the name rule main applies', () => {
    const day = new Date(2026, 11, 5, 23, 59);
    expect(exportFileName('web-1', day)).toBe('web-1-2026-12-05.tar');
    expect(exportFileName('../../etc/passwd', day)).toBe('etc-passwd-2026-12-05.tar');
    expect(exportFileName('웹 서버 (prod)', day)).toBe('prod-2026-12-05.tar');
    expect(exportFileName('한글', day)).toBe('vm-2026-12-05.tar');
    expect(exportFileName('.hidden', day)).toBe('hidden-2026-12-05.tar');
    for (const name of ['x'.repeat(300), `${'a'.repeat(48)}.-.-`, ' ', 'a\u0000b', '-', '...']) {
      const made = exportFileName(name, day);
      expect(textProblem(RULES.resourceName, made), made).toBeNull();
      expect(made.endsWith('-2026-12-05.tar')).toBe(true);
    }
  });

  it('needs a chosen file; a name is optional, judged by the resource-name rule and against the host’s VMs', () => {
    const draft = { file: '/home/ann/web.tar', name: '', checkOnly: false };
    expect(importProblems({ ...draft, file: null }, [])).toEqual({ file: 'missing' });
    expect(importProblems(draft, ['test'])).toEqual({});
    expect(importProblems({ ...draft, name: 'test' }, ['test'])).toEqual({ name: 'taken' });
    expect(importProblems({ ...draft, name: '../x' }, [])).toEqual({ name: { reason: 'resource_characters' } });
    expect(importProblems({ ...draft, name: '../x', checkOnly: true }, [])).toEqual({});
    expect(importRequest({ ...draft, name: '  web-2 ' }, HOST_ID)).toEqual({ hostId: HOST_ID, file: '/home/ann/web.tar', name: 'web-2' });
    expect(importRequest(draft, HOST_ID)).toEqual({ hostId: HOST_ID, file: '/home/ann/web.tar' });
  });
});

describe('Export… on a VM and on a snapshot', () => {
  it('asks for the file (suggesting <vm>-<date>.tar), exports the VM there and says what it wrote', async () => {
    const snaps = [snapshot({ name: 'a', sizeBytes: 2 ** 20 }), snapshot({ name: 'b', sizeBytes: 2 ** 20 })];
    const { api } = await renderWithApi(<><VmCopies vm={testVm} host={host} /><Toasts /></>, { snapshots: snaps, picks: ['/home/ann/exports/test.tar'] });
    fireEvent.click(screen.getByRole('button', { name: 'Export test with its snapshots to a file…' }));
    await waitFor(() => expect(toastTexts()).toEqual(['success: Exported test (2 snapshot(s), 2 MiB) to /home/ann/exports/test.tar.']));
    const pick = api.calls.find((c) => c.channel === 'app.pickFile')!.request as { mode: string; defaultName: string };
    expect(pick.mode).toBe('save');
    expect(pick.defaultName).toMatch(/^test-\d{4}-\d{2}-\d{2}\.tar$/);
    expect(api.calls.find((c) => c.channel === 'exports.exportVm')?.request).toEqual({ hostId: HOST_ID, vmUuid: RUNNING_UUID, output: '/home/ann/exports/test.tar' });
    expect((await screen.findByText(/^Exported test/)).closest('[role="status"]')).not.toBeNull();
  });

  it('does nothing when the dialog is cancelled, and shows a refusal in the user’s language', async () => {
    const { api } = await renderWithApi(<VmCopies vm={testVm} host={host} />, { picks: [null, '/tmp/exists.tar'] });
    const button = screen.getByRole('button', { name: 'Export test with its snapshots to a file…' });
    fireEvent.click(button);
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    expect(api.calls.map((c) => c.channel)).not.toContain('exports.exportVm');
    expect(toastTexts()).toEqual([]);
    api.failNext('exports.exportVm', { code: 'target_exists', params: { path: '/tmp/exists.tar' } });
    act(() => setLang('ko'));
    fireEvent.click(screen.getByRole('button', { name: 'test을(를) 스냅샷과 함께 파일로 내보내기…' }));
    await waitFor(() => expect(toastTexts()).toEqual(['error: 이미 있습니다: /tmp/exists.tar. 다른 이름을 고르세요.']));
    act(() => setLang('en'));
  });

  it('exports one snapshot from its detail panel; internal and volume snapshots are not offered', async () => {
    const external = snapshot({ name: 'before-upgrade' });
    const internal = snapshot({ name: 'inside', location: 'internal' });
    const { api, view } = await renderWithApi(
      <DetailPanel snapshot={external} host={host} onClose={() => undefined} onAdopt={() => undefined} onForget={() => undefined} />,
      { snapshots: [external, internal], picks: ['/home/ann/one.tar'] },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Export snapshot “before-upgrade” to a file…' }));
    await waitFor(() => expect(toastTexts()).toEqual([expect.stringMatching(/^success: Exported test \(1 snapshot\(s\), .+\) to \/home\/ann\/one\.tar\.$/)]));
    await waitFor(() => expect(api.calls.find((c) => c.channel === 'exports.exportVm')?.request)
      .toEqual({ hostId: HOST_ID, vmUuid: RUNNING_UUID, snapshotId: external.id, output: '/home/ann/one.tar' }));
    view.rerender(<DetailPanel snapshot={internal} host={host} onClose={() => undefined} onAdopt={() => undefined} onForget={() => undefined} />);
    const refused = screen.getByRole('button', { name: 'Export snapshot “inside” to a file…' }) as HTMLButtonElement;
    expect(refused.disabled).toBe(true);
    expect(refused.title).toMatch(/not internal or volume snapshots/);
    const volume = snapshot({ name: 'vol', kind: 'volume' });
    view.rerender(<DetailPanel snapshot={volume} host={host} onClose={() => undefined} onAdopt={() => undefined} onForget={() => undefined} />);
    expect(screen.queryByRole('button', { name: /Export snapshot/ })).toBeNull();
  });
});

describe('Import… on the host', () => {
  const app = <><Sidebar /><DialogHost host={host} /><Toasts /></>;
  const file = '/home/ann/web.tar';
  const exported = {
    formatVersion: 1, snapvisorVersion: '0.1.0', createdAt: '2026-12-01T00:00:00.000Z', source: { uri: 'qemu:///system', hostname: 'lab-1' },
    vm: { name: 'web', uuid: '0d4e5a3c-8a48-4c2e-b7b1-1d3c5e7f9a0b' }, snapshots: [{ id: 's1', parentId: null, name: 'base', kind: 'cold' as const, createdAt: '2026-12-01T00:00:00.000Z' }],
    fileCount: 2, bytes: 3 * 2 ** 20,
  };

  async function openImport(seed: Parameters<typeof renderWithApi>[1]) {
    const rendered = await renderWithApi(app, seed, () => useHosts.setState({ selectedHostId: HOST_ID }));
    await act(async () => { await useHosts.getState().fetch(); useHosts.getState().select(HOST_ID); });
    fireEvent.click(await screen.findByRole('button', { name: 'Import a VM from an export file onto Demo host…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Import a VM from a file onto Demo host' });
    return { ...rendered, dialog };
  }

  it('checks a chosen file without importing it, then imports it under a new name; the VM appears', async () => {
    const { api, dialog } = await openImport({ picks: [file], files: { [file]: exported } });
    const stop = startSync();
    try {
      const submit = within(dialog).getByRole('button', { name: 'Import' }) as HTMLButtonElement;
      expect(submit.disabled).toBe(true);
      expect(within(dialog).getByText('No file chosen.')).toBeTruthy();
      fireEvent.click(within(dialog).getByRole('button', { name: 'Choose file…' }));
      await within(dialog).findByText(file);
      expect(api.calls.find((c) => c.channel === 'app.pickFile')?.request).toEqual({ mode: 'open' });

      fireEvent.click(within(dialog).getByRole('checkbox', { name: /Check only/ }));
      fireEvent.click(within(dialog).getByRole('button', { name: 'Check' }));
      expect(await within(dialog).findByText('The file is sound: VM “web” from lab-1, 1 snapshot(s), 2 file(s), 3 MiB.')).toBeTruthy();
      expect(api.calls.map((c) => c.channel)).not.toContain('exports.importVm');

      fireEvent.click(within(dialog).getByRole('checkbox', { name: /Check only/ }));
      const name = within(dialog).getByLabelText('Name of the new VM (optional)');
      fireEvent.change(name, { target: { value: 'test' } });
      expect(within(dialog).getByRole('alert').textContent).toBe('A VM on this host already has this name.');
      fireEvent.change(name, { target: { value: '../web' } });
      expect(within(dialog).getByRole('alert').textContent).toMatch(/^Use only letters, digits/);
      fireEvent.change(name, { target: { value: 'web-copy' } });
      fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
      await waitFor(() => expect(useUi.getState().dialog).toBeNull());
      expect(api.calls.find((c) => c.channel === 'exports.importVm')?.request).toEqual({ hostId: HOST_ID, file, name: 'web-copy' });
      expect(toastTexts()).toEqual(['success: Imported the VM web-copy with 1 snapshot(s) (3 MiB).']);
      await waitFor(() => expect(useVms.getState().byHost[HOST_ID]?.map((v) => v.name)).toContain('web-copy'));
      expect(await screen.findByRole('button', { name: /web-copy/ })).toBeTruthy();
    } finally {
      stop();
    }
  });

  it('shows a file that is not an export as such, in Korean too, and imports nothing', async () => {
    const { api, dialog } = await openImport({ picks: ['/home/ann/notes.txt'] });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Choose file…' }));
    await within(dialog).findByText('/home/ann/notes.txt');
    act(() => setLang('ko'));
    fireEvent.click(within(dialog).getByRole('button', { name: '가져오기' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Snapvisor 내보내기 파일이 아닙니다: /home/ann/notes.txt. 내보내기 파일은 첫 항목이 manifest.json인 tar 아카이브입니다.');
    expect(useUi.getState().dialog).toEqual({ type: 'import' });
    expect(api.state.vms).toHaveLength(2);
    act(() => setLang('en'));
  });
});
