// A VM restored as new on a remote (SSH) host with extra settings: its cloud-init seed is made on
// the client and sent through libvirt's storage stream into Snapvisor's pool on the host (the
// client's filesystem never holds it), read there by isoinfo; the clone is protected, and
// remove-vm, given its name, takes it and every file of it off the host. And a clone of a real
// cloud-init guest (test/guest/cloud-kit.ts) boots on the host as itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { Connection } from '../../native';
import { CLOUD_BOOT_MS, MARKER_FILE, createCloudGuest, publicKeyOf, waitForCloudBoot } from '../guest/cloud-kit';
import { cleanupGuests, cleanupStaleGuests, createGuest, type Guest } from '../guest/kit';
import { clientNamespace, filesOnHost, modeOnHost, onHost, remoteUri } from './remote-host';
import { remoteServices, type RemoteServices } from './remote-kit';

/** An OpenSSH ed25519 public key line (its blob starts with its own type). */
function publicKey(comment: string): string {
  const type = Buffer.from('ssh-ed25519');
  const len = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
  return `ssh-ed25519 ${Buffer.concat([len(type.length), type, len(32), Buffer.alloc(32, 7)]).toString('base64')} ${comment}`;
}

describe('restore as new with a seed through a remote (SSH) host', () => {
  let conn: Connection;
  let r: RemoteServices;
  let g: Guest;
  let poolDir: string;
  beforeAll(async () => {
    clientNamespace();
    conn = await Connection.open(remoteUri());
    await cleanupStaleGuests(conn);
    r = await remoteServices();
    poolDir = await r.poolDir();
    g = await createGuest(conn, { label: 'remote-seed' });
  });
  afterAll(async () => {
    await cleanupGuests();
    await r?.dispose();
    conn?.close();
  });

  it('uploads the seed into the host’s pool, and remove-vm with the typed name takes the protected clone and all its files', async () => {
    const cold = await r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'cold', name: 'remote seed source' });
    const name = `${g.name}-seeded`;
    const key = publicKey('remote@test');
    const vm = await r.services.snapshots.restoreAsNew(cold.id, {
      name, network: null, protect: true, hostname: 'remote-web', sshKeys: [key], initScript: '#!/bin/sh\necho remote\n',
    });
    expect(vm.protected).toBe(true);
    const seed = `${poolDir}/${vm.uuid}.new-seed.iso`;
    expect(filesOnHost(poolDir)).toContain(seed);
    expect(existsSync(seed), 'the seed is visible to the client').toBe(false);
    expect(modeOnHost(seed)).toBe('600');
    expect(onHost('blkid', '-p', '-o', 'export', seed)).toMatch(/^LABEL=cidata$/m);
    const meta = onHost('isoinfo', '-J', '-i', seed, '-x', '/meta-data');
    expect(meta).toContain(`instance-id: "snapvisor-${vm.uuid}"`);
    expect(meta).toContain('local-hostname: "remote-web"');
    expect(meta).toContain(JSON.stringify(key));

    await expect(r.services.vms.remove(r.hostId, vm.uuid)).rejects.toMatchObject({ code: 'vm_protected_needs_name' });
    const removed = await r.services.vms.remove(r.hostId, vm.uuid, { confirmName: name });
    expect(removed.removedFiles).toContain(seed);
    expect(filesOnHost(poolDir).filter((f) => f.startsWith(`${poolDir}/${vm.uuid}.`))).toEqual([]);
    expect((await r.services.vms.list(r.hostId)).map((v) => v.uuid)).not.toContain(vm.uuid);
  });

  it('a clone of a real cloud-init guest boots on the host with its host name, key, script once, and its own machine-id and host keys', async () => {
    const src = await createCloudGuest(conn, { label: 'remote-cloud' });
    await src.start();
    const first = await waitForCloudBoot(src.consoleLog, 1);
    await src.destroy();
    const golden = await r.services.snapshots.create({ hostId: r.hostId, vmUuid: src.uuid, kind: 'cold', name: 'remote golden' });
    const key = publicKey('remote-cloud@test');
    const vm = await r.services.snapshots.restoreAsNew(golden.id, {
      name: `${src.name}-a`, network: null, hostname: 'remote-cloud', sshKeys: [key], initScript: `#!/bin/sh\necho "ran remote" >> ${MARKER_FILE}\n`, start: true,
    });
    // The clone's console is a file in Snapvisor's pool on the host: read there.
    const consoleFile = (await r.services.files.host(r.hostId)).consolePath(vm.uuid);
    const boot = await waitForCloudBoot(() => onHost('sh', '-c', 'cat "$1" 2>/dev/null; true', 'sh', consoleFile), 1);
    expect(boot.errors).toEqual([]);
    expect(boot.hostname).toBe('remote-cloud');
    expect(boot.authorizedKeys.map((k) => k.key)).toContain(publicKeyOf(key));
    expect(boot.markers.filter((m) => m === 'ran remote')).toHaveLength(1);
    expect(boot.machineId).not.toBe(first.machineId);
    for (const [type, fp] of Object.entries(boot.hostKeys)) expect(fp, type).not.toBe(first.hostKeys[type]);
    using dom = conn.lookupDomainByUuid(vm.uuid);
    await dom.destroy();
    await r.services.vms.remove(r.hostId, vm.uuid);
    expect(filesOnHost(poolDir).filter((f) => f.startsWith(`${poolDir}/${vm.uuid}.`))).toEqual([]);
  }, 2 * CLOUD_BOOT_MS + 120_000);
});
