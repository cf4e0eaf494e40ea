// Restore as new on the test driver: bad identity settings (a private or malformed key, a script
// too big, with NUL bytes or of no known kind, a host name nothing can be made of) are refused
// with invalid_input before anything is made. (The seed itself, its upload, protection and
// removal: test/integration/engine/identity.test.ts on a real host.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOST, defineVm, harness, type Harness } from './helpers';

describe('restore as new: identity settings on the test driver', () => {
  let h: Harness;
  beforeEach(async () => { h = await harness(); });
  afterEach(async () => { await h.dispose(); });

  it.each([
    ['a private key', { sshKeys: ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA==\n-----END OPENSSH PRIVATE KEY-----\n'] }, { field: 'sshKeys', reason: 'private_key' }],
    ['a line that is no key', { sshKeys: ['not a key'] }, { field: 'sshKeys', reason: 'not_a_public_key' }],
    ['an empty key file', { sshKeys: [''] }, { field: 'sshKeys', reason: 'not_a_public_key' }],
    ['a script over 64 KiB', { initScript: `#!/bin/sh\n${'x'.repeat(65_536)}` }, { field: 'initScript', reason: 'file_too_large', max: 65_536 }],
    ['a script with a NUL byte', { initScript: '#!/bin/sh\necho \0' }, { field: 'initScript', reason: 'nul_bytes' }],
    ['a script without #! or #cloud-config', { initScript: 'rm -rf /' }, { field: 'initScript', reason: 'not_a_script' }],
    ['a host name nothing can be made of', { hostname: '-._-' }, { field: 'hostname', reason: 'not_a_hostname' }],
  ] as [string, object, object][])('refuses %s before making anything', async (_what, extra, params) => {
    const { uuid } = await defineVm(h.conn);
    const snap = await h.services.snapshots.create({ hostId: HOST, vmUuid: uuid, kind: 'cold', name: 'src' });
    const name = `clone-${Date.now().toString(36)}`;
    await expect(h.services.snapshots.restoreAsNew(snap.id, { name, ...extra })).rejects.toMatchObject({ code: 'invalid_input', params });
    expect((await h.services.vms.list(HOST)).map((v) => v.name)).not.toContain(name);
  });

  it('refuses a VM name no host name can be made of when a seed is asked for', async () => {
    const { uuid } = await defineVm(h.conn);
    const snap = await h.services.snapshots.create({ hostId: HOST, vmUuid: uuid, kind: 'cold', name: 'src' });
    await expect(h.services.snapshots.restoreAsNew(snap.id, { name: '___', initScript: '#!/bin/sh\n' }))
      .rejects.toMatchObject({ code: 'invalid_input', params: { field: 'hostname', reason: 'not_a_hostname', name: '___' } });
    expect((await h.services.vms.list(HOST)).map((v) => v.name)).not.toContain('___');
  });
});
