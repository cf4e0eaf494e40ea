import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { HostManagerDialog } from './HostManagerDialog';
import { renderWithApi } from '../../test/setup';
import { useHosts } from '../../stores/hosts';
import { useUi } from '../../stores/ui';
import { setLang } from '../../i18n';

afterEach(cleanup);

const uriField = () => screen.getByLabelText('Connection URI');

describe('HostManagerDialog', () => {
  it('tests a URI and shows the outcome, success or the reason it failed', async () => {
    const { api } = await renderWithApi(<HostManagerDialog />);
    fireEvent.change(uriField(), { target: { value: 'qemu+ssh://admin@lab/system' } });
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Cannot connect to the libvirt host qemu+ssh://admin@lab/system: no daemon.');
    expect(api.calls.filter((c) => c.channel === 'hosts.add')).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'test:///default' }));
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect((await screen.findByRole('note')).textContent).toBe('Connected: libvirt 9.0.0.');
  });

  it('explains an SSH failure of the test in the user’s language, with what to do', async () => {
    await renderWithApi(<HostManagerDialog />, {}, (fake) => {
      fake.failNext('hosts.test', { code: 'ssh_host_key_unknown', params: { uri: 'qemu+ssh://root@lab/system', user: 'root', host: 'lab', port: 22 } });
    });
    act(() => setLang('ko'));
    fireEvent.change(screen.getByLabelText('연결 URI'), { target: { value: 'qemu+ssh://root@lab/system' } });
    fireEvent.click(screen.getByRole('button', { name: '연결 테스트' }));
    expect((await screen.findByRole('alert')).textContent)
      .toBe('이 컴퓨터는 아직 lab(포트 22)의 SSH 호스트 키를 모르며, Snapvisor는 모르는 키를 스스로 받아들이지 않습니다. 터미널에서 한 번 접속해(ssh -p 22 root@lab) 호스트 관리자와 키 지문(fingerprint)을 확인하고 받아들인 뒤 다시 시도하세요.');
    act(() => setLang('en'));
  });

  it('refuses what is not a URI before asking main', async () => {
    const { api } = await renderWithApi(<HostManagerDialog />);
    fireEvent.change(uriField(), { target: { value: 'lab-server' } });
    expect(screen.getByText('Enter a URI such as qemu:///system.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add host' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Test connection' })).toHaveProperty('disabled', true);
    expect(api.calls.some((c) => c.channel === 'hosts.test' || c.channel === 'hosts.add')).toBe(false);
  });

  it('adds a host by URI with a display name; it appears in the table, selected, and the form empties', async () => {
    const { api } = await renderWithApi(<HostManagerDialog />);
    fireEvent.change(uriField(), { target: { value: ' qemu+ssh://admin@lab/system ' } });
    fireEvent.change(screen.getByLabelText('Display name (optional)'), { target: { value: 'Lab' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add host' }));
    const table = screen.getByRole('table', { name: 'Hosts' });
    await within(table).findByText('qemu+ssh://admin@lab/system');
    expect(api.calls.find((c) => c.channel === 'hosts.add')?.request).toEqual({ uri: 'qemu+ssh://admin@lab/system', name: 'Lab' });
    expect(useHosts.getState().selectedHostId).toBe('h1');
    expect(useUi.getState().toasts.map((t) => t.text)).toContain('Host Lab added.');
    expect((uriField() as HTMLInputElement).value).toBe('');
  });

  it('removes a host only after a second, explicit click', async () => {
    const { api } = await renderWithApi(<HostManagerDialog />);
    const row = screen.getByRole('row', { name: /Demo host/ });
    fireEvent.click(within(row).getByRole('button', { name: 'Remove' }));
    expect(api.calls.some((c) => c.channel === 'hosts.remove')).toBe(false);
    fireEvent.click(within(row).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(row).getByRole('button', { name: 'Remove' }));
    fireEvent.click(within(row).getByRole('button', { name: 'Remove it' }));
    await waitFor(() => expect(screen.queryByRole('row', { name: /Demo host/ })).toBeNull());
    expect(api.calls.find((c) => c.channel === 'hosts.remove')?.request).toEqual({ hostId: 'demo' });
    expect(useHosts.getState().hosts).toEqual([]);
  });

  it('opens with focus on the URI field, not on a Remove button', async () => {
    await renderWithApi(<HostManagerDialog />);
    expect(document.activeElement).toBe(uriField());
  });
});
