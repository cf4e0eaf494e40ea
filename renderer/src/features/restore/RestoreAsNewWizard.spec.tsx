import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { RestoreAsNewWizard } from './RestoreAsNewWizard';
import { snapshot } from '../../test/fake-api';
import { renderWithApi } from '../../test/setup';

afterEach(cleanup);

const next = () => fireEvent.click(screen.getByRole('button', { name: 'Next' }));
const step = () => document.querySelector('[aria-current="step"]')?.textContent;

describe('RestoreAsNewWizard', () => {
  it('refuses an empty name or the name of an existing VM', async () => {
    await renderWithApi(<RestoreAsNewWizard snapshot={snapshot({ name: 'golden' })} />);
    const name = screen.getByLabelText('Name of the new VM');
    expect(name).toHaveProperty('value', 'test-restored');
    fireEvent.change(name, { target: { value: '' } });
    next();
    expect(screen.getByText('Enter a name.')).toBeTruthy();
    expect(step()).toMatch(/Name/);
    fireEvent.change(name, { target: { value: 'db' } });
    next();
    expect(screen.getByText('A VM with this name already exists on this host.')).toBeTruthy();
    fireEvent.change(name, { target: { value: 'db-copy' } });
    next();
    expect(step()).toMatch(/CPU and memory/);
  });

  it('checks vCPUs and memory, then reviews and creates the VM', async () => {
    const { api } = await renderWithApi(<RestoreAsNewWizard snapshot={snapshot({ name: 'golden' })} />);
    next();
    const vcpus = screen.getByLabelText('Virtual CPUs');
    expect(vcpus).toHaveProperty('value', '2');
    fireEvent.change(vcpus, { target: { value: '0' } });
    fireEvent.change(screen.getByLabelText('Memory (MiB)'), { target: { value: '10' } });
    next();
    expect(screen.getByText(/whole number from 1 to 1024/)).toBeTruthy();
    expect(screen.getByText(/MiB from 16 to 16777216/)).toBeTruthy();
    fireEvent.change(vcpus, { target: { value: '4' } });
    fireEvent.change(screen.getByLabelText('Memory (MiB)'), { target: { value: '2048' } });
    next();
    expect(step()).toMatch(/Network/);
    await waitFor(() => expect(screen.getByLabelText('Network')).toHaveProperty('value', 'default'));
    next();
    expect(step()).toMatch(/Extra settings/);
    next();
    expect(step()).toMatch(/Review/);
    const review = screen.getByLabelText('Review').textContent;
    expect(review).toContain('test-restored');
    expect(review).toContain('2048 MiB');
    fireEvent.click(screen.getByLabelText(/Start the new VM/));
    fireEvent.click(screen.getByRole('button', { name: 'Create VM' }));
    await waitFor(() => expect(api.state.vms.map((v) => v.name)).toContain('test-restored'));
    expect(api.calls.find((c) => c.channel === 'snapshots.restoreAsNew')?.request).toMatchObject({ name: 'test-restored', vcpus: 4, memoryMiB: 2048, network: 'default', start: true });
  });

  it('extra settings: protection, and a host name, keys and script checked as typed, listed in the review and sent', async () => {
    const { api } = await renderWithApi(<RestoreAsNewWizard snapshot={snapshot({ name: 'golden' })} />);
    next();
    next();
    await waitFor(() => expect(screen.getByLabelText('Network')).toHaveProperty('value', 'default'));
    next();
    expect(step()).toMatch(/Extra settings/);
    expect(screen.getByText(/take effect only in guests that run cloud-init \(or cloudbase-init on Windows\)/)).toBeTruthy();
    expect(screen.getByLabelText('Host name')).toHaveProperty('placeholder', 'test-restored');
    // An OpenSSH ed25519 public key: its blob starts with its own type.
    const blob = btoa(`\0\0\0\x0bssh-ed25519\0\0\0\x20${'k'.repeat(32)}`);
    fireEvent.click(screen.getByLabelText(/Protect from removal/));
    fireEvent.change(screen.getByLabelText('SSH public keys'), { target: { value: '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----' } });
    fireEvent.change(screen.getByLabelText('Init script'), { target: { value: 'echo hi' } });
    fireEvent.change(screen.getByLabelText('Host name'), { target: { value: '___' } });
    next();
    expect(step()).toMatch(/Extra settings/);
    expect(screen.getByText(/It is a private key/)).toBeTruthy();
    expect(screen.getByText(/neither a shell script/)).toBeTruthy();
    expect(screen.getByText(/No host name can be made of it/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('SSH public keys'), { target: { value: `ssh-ed25519 ${blob} me@lab\n` } });
    fireEvent.change(screen.getByLabelText('Init script'), { target: { value: '#!/bin/sh\necho hi\n' } });
    fireEvent.change(screen.getByLabelText('Host name'), { target: { value: '' } });
    next();
    expect(step()).toMatch(/Review/);
    const review = screen.getByLabelText('Review').textContent;
    expect(review).toContain('Protect from removalYes');
    expect(review).toContain('Host nametest-restored');
    expect(review).toContain('1 key(s)');
    fireEvent.click(screen.getByRole('button', { name: 'Create VM' }));
    await waitFor(() => expect(api.calls.find((c) => c.channel === 'snapshots.restoreAsNew')).toBeDefined());
    expect(api.calls.find((c) => c.channel === 'snapshots.restoreAsNew')?.request).toMatchObject({
      protect: true, hostname: 'test-restored', sshKeys: [`ssh-ed25519 ${blob} me@lab\n`], initScript: '#!/bin/sh\necho hi\n',
    });
  });

  it('offers the keys of ~/.ssh/*.pub as checkboxes; a checked one is listed in the review and sent with the pasted ones', async () => {
    const key = (n: number) => `ssh-ed25519 ${btoa(`\0\0\0\x0bssh-ed25519\0\0\0\x20${String(n).repeat(32)}`)} me@lab\n`;
    const { api } = await renderWithApi(<RestoreAsNewWizard snapshot={snapshot({ name: 'golden' })} />, {
      sshKeys: [{ file: 'id_ed25519.pub', key: key(1) }, { file: 'work.pub', key: key(2) }],
    });
    next();
    next();
    await waitFor(() => expect(screen.getByLabelText('Network')).toHaveProperty('value', 'default'));
    next();
    expect(step()).toMatch(/Extra settings/);
    expect(screen.getByRole('group', { name: 'Your public keys (~/.ssh/*.pub)' })).toBeTruthy();
    expect(screen.getByLabelText('id_ed25519.pub')).toHaveProperty('checked', false);
    fireEvent.click(screen.getByLabelText('work.pub'));
    fireEvent.change(screen.getByLabelText('SSH public keys'), { target: { value: key(3) } });
    next();
    expect(step()).toMatch(/Review/);
    const review = screen.getByLabelText('Review').textContent;
    expect(review).toContain('2 key(s) (from work.pub)');
    expect(review).toContain('Host nametest-restored');
    fireEvent.click(screen.getByRole('button', { name: 'Create VM' }));
    await waitFor(() => expect(api.calls.find((c) => c.channel === 'snapshots.restoreAsNew')).toBeDefined());
    expect(api.calls.find((c) => c.channel === 'snapshots.restoreAsNew')?.request).toMatchObject({ hostname: 'test-restored', sshKeys: [key(2), key(3)] });
  });

  it('says so when ~/.ssh cannot be read, and keys can still be pasted', async () => {
    await renderWithApi(<RestoreAsNewWizard snapshot={snapshot({ name: 'golden' })} />, {}, (fake) => {
      fake.failNext('app.sshPublicKeys', { code: 'internal', params: { detail: 'EACCES: permission denied' } });
    });
    next();
    next();
    await waitFor(() => expect(screen.getByLabelText('Network')).toHaveProperty('value', 'default'));
    next();
    expect(step()).toMatch(/Extra settings/);
    expect(screen.getByText(/Your public keys in ~\/\.ssh could not be read \(.*EACCES: permission denied.*\)/)).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'Your public keys (~/.ssh/*.pub)' })).toBeNull();
    expect(screen.getByLabelText('SSH public keys')).toBeTruthy();
  });

  it('goes back without losing what was typed', async () => {
    await renderWithApi(<RestoreAsNewWizard snapshot={snapshot({ name: 'golden' })} />);
    fireEvent.change(screen.getByLabelText('Name of the new VM'), { target: { value: 'kept' } });
    next();
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByLabelText('Name of the new VM')).toHaveProperty('value', 'kept');
  });

  it('each step change moves focus to that step’s field, forward and back', async () => {
    await renderWithApi(<RestoreAsNewWizard snapshot={snapshot({ name: 'golden' })} />);
    expect(document.activeElement).toBe(screen.getByLabelText('Name of the new VM'));
    next();
    expect(document.activeElement).toBe(screen.getByLabelText('Virtual CPUs'));
    next();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Network')));
    next();
    expect(document.activeElement).toBe(screen.getByLabelText(/Protect from removal/));
    next();
    expect(document.activeElement).toBe(screen.getByLabelText(/Start the new VM/));
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(document.activeElement).toBe(screen.getByLabelText(/Protect from removal/));
  });
});
