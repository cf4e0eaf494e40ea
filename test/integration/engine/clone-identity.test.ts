// Issue 18's proof on a real cloud-init guest (Debian's cloud-init 22.4, test/guest/cloud-kit.ts):
// a snapshot of a guest that booted once is restored as new VMs with a host name, a key and an
// init script. Each clone's console shows its new host name, the key in authorized_keys, the
// script's marker once (not again after a reboot), and a machine-id and SSH host keys unlike the
// source's and unlike the other clone's. The source is untouched; the protected clone goes only
// with its name typed, and then nothing of it is left in the pool.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIR_DOMAIN_XML, type Connection } from '../../../native';
import type { EngineServices, TestServices } from '../../../electron/services';
import type { Snapshot, Vm } from '../../../shared/model';
import { CLOUD_BOOT_MS, MARKER_FILE, createCloudGuest, publicKeyOf, waitForCloudBoot, type CloudBoot } from '../../guest/cloud-kit';
import { cleanupGuests, cleanupStaleGuests, openSystem, type Guest } from '../../guest/kit';
import { HOST, systemServices } from './engine-kit';

const BOOT_TEST_MS = CLOUD_BOOT_MS + 120_000;

function newPublicKey(dir: string, name: string): string {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `svtest-${name}`, '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').trim();
}

const script = (marker: string): string => `#!/bin/sh\necho "${marker}" >> ${MARKER_FILE}\n`;

describe('clones of a cloud-init guest get an identity of their own', () => {
  let conn: Connection;
  let sv: TestServices;
  let s: EngineServices;
  let g: Guest;
  let keys: string;
  let source: CloudBoot;
  let snap: Snapshot;
  let sourceXml: string;
  const clones: { vm: Vm; boot: CloudBoot; key: string }[] = [];

  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
    sv = await systemServices();
    s = sv.services;
    keys = mkdtempSync(join(tmpdir(), 'sv-clone-keys-'));
    // The source boots once without a seed (cloud-init's None datasource), as a golden image would.
    g = await createCloudGuest(conn, { label: 'clone-src' });
    await g.start();
    source = await waitForCloudBoot(g.consoleLog, 1);
    await g.destroy();
    snap = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'cold', name: 'golden' });
    // What the clones must leave as it is: the source as its snapshot left it.
    sourceXml = g.domain.xml(VIR_DOMAIN_XML.INACTIVE);
  }, BOOT_TEST_MS);
  afterAll(async () => {
    for (const c of clones) await s?.vms.remove(HOST, c.vm.uuid, { confirmName: c.vm.name }).catch(() => undefined);
    await cleanupGuests();
    await sv?.dispose();
    conn?.close();
    if (keys) rmSync(keys, { recursive: true, force: true });
  });

  async function clone(suffix: string, protect: boolean): Promise<{ vm: Vm; boot: CloudBoot; key: string }> {
    const key = newPublicKey(keys, suffix);
    const vm = await s.snapshots.restoreAsNew(snap.id, {
      name: `${g.name}-${suffix}`, hostname: `web-${suffix}`, sshKeys: [key], initScript: script(`ran ${suffix}`), protect, start: true,
    });
    const files = await s.files.host(HOST);
    const boot = await waitForCloudBoot(files.consolePath(vm.uuid), 1);
    const c = { vm, boot, key };
    clones.push(c);
    return c;
  }

  it('a clone boots as itself: host name, key, script once, its own machine-id and host keys', async () => {
    const a = await clone('a', true);
    expect(a.boot.errors).toEqual([]);
    expect(a.boot.datasource).toMatch(/NoCloud/);
    expect(a.boot.instanceId).not.toBe(source.instanceId);
    expect(a.boot.hostname).toBe('web-a');
    expect(a.boot.authorizedKeys.map((k) => k.key)).toContain(publicKeyOf(a.key));
    expect(a.boot.markers.filter((m) => m === 'ran a')).toHaveLength(1);
    expect(a.boot.machineId).not.toBe(source.machineId);
    expect(Object.keys(a.boot.hostKeys).length).toBeGreaterThan(0);
    for (const [type, fp] of Object.entries(a.boot.hostKeys)) expect(fp, type).not.toBe(source.hostKeys[type]);

    // A reboot of the same instance runs the script no more and keeps the identity.
    const files = await s.files.host(HOST);
    using dom = conn.lookupDomainByUuid(a.vm.uuid);
    await dom.destroy();
    await dom.start();
    const again = await waitForCloudBoot(files.consolePath(a.vm.uuid), 2);
    expect(again.markers.filter((m) => m === 'ran a')).toHaveLength(1);
    expect(again.machineId).toBe(a.boot.machineId);
    expect(again.hostKeys).toEqual(a.boot.hostKeys);
    await dom.destroy();
  }, 3 * BOOT_TEST_MS);

  it('a second clone of the same snapshot gets yet another identity; the source is untouched', async () => {
    const b = await clone('b', false);
    const a = clones[0]!;
    expect(b.boot.hostname).toBe('web-b');
    expect(b.boot.authorizedKeys.map((k) => k.key)).toContain(publicKeyOf(b.key));
    expect(b.boot.authorizedKeys.map((k) => k.key)).not.toContain(publicKeyOf(a.key));
    expect(b.boot.markers).toContain('ran b');
    expect(b.boot.markers).not.toContain('ran a');
    expect(b.boot.machineId).not.toBe(a.boot.machineId);
    expect(b.boot.machineId).not.toBe(source.machineId);
    for (const [type, fp] of Object.entries(b.boot.hostKeys)) expect(fp, type).not.toBe(a.boot.hostKeys[type]);
    expect(g.domain.xml(VIR_DOMAIN_XML.INACTIVE)).toBe(sourceXml);
    expect(g.state()).toBe('shutoff');
    using dom = conn.lookupDomainByUuid(b.vm.uuid);
    await dom.destroy();
  }, 2 * BOOT_TEST_MS);

  it('the protected clone goes only with its name typed, and nothing of it stays in the pool', async () => {
    const a = clones[0]!;
    const files = await s.files.host(HOST);
    await expect(s.vms.remove(HOST, a.vm.uuid)).rejects.toMatchObject({ code: 'vm_protected_needs_name' });
    await s.vms.remove(HOST, a.vm.uuid, { confirmName: a.vm.name });
    clones.shift();
    expect((await files.images()).filter((i) => i.path.includes(a.vm.uuid))).toEqual([]);
  });
});
