import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../native';
import { CLOUD_BOOT_MS, MARKER_FILE, createCloudGuest, publicKeyOf, waitForCloudBoot, writeSeedIso, type CloudBoot } from '../../guest/cloud-kit';
import { cleanupGuests, cleanupStaleGuests, openSystem, type Guest } from '../../guest/kit';

/** A fresh ed25519 public key line, made by ssh-keygen. */
function newPublicKey(dir: string, name: string): string {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `svtest-${name}`, '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').trim();
}

/** A NoCloud seed as a user would write it: instance, hostname, one key, a script leaving a marker. */
function seed(o: { instanceId: string; hostname: string; key: string }): Record<string, string> {
  return {
    'meta-data': `instance-id: ${o.instanceId}\nlocal-hostname: ${o.hostname}\n`,
    'user-data': [
      '#cloud-config',
      'ssh_authorized_keys:',
      `  - ${o.key}`,
      'runcmd:',
      `  - echo "ran ${o.instanceId}" >> ${MARKER_FILE}`,
      '',
    ].join('\n'),
  };
}

/** One boot of the guest and what a test does around it. */
const BOOT_TEST_MS = CLOUD_BOOT_MS + 60_000;

describe('cloud test guest (Debian cloud-init 22.4, NoCloud seed made by xorriso)', () => {
  let conn: Connection;
  let g: Guest;
  let keys: string;
  let keyA: string;
  let keyB: string;
  let first: CloudBoot;

  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
    keys = mkdtempSync(join(tmpdir(), 'svtest-cloud-keys-'));
    keyA = newPublicKey(keys, 'key-a');
    keyB = newPublicKey(keys, 'key-b');
    g = await createCloudGuest(conn, { seed: seed({ instanceId: 'iid-svtest-a', hostname: 'cloudy-a', key: keyA }) });
  }, BOOT_TEST_MS);
  afterAll(async () => {
    await cleanupGuests();
    if (keys) rmSync(keys, { recursive: true, force: true });
    conn?.close();
  }, BOOT_TEST_MS);

  it('applies the seed on the first boot: hostname, key, script, host keys, machine-id', async () => {
    await g.start();
    first = await waitForCloudBoot(g.consoleLog, 1);
    expect(first.errors).toEqual([]);
    expect(first.datasource).toMatch(/^DataSourceNoCloud \[seed=\/dev\/vdb\]/);
    expect(first.instanceId).toBe('iid-svtest-a');
    expect(first.hostname).toBe('cloudy-a');
    expect(first.authorizedKeys).toContainEqual(expect.objectContaining({ user: 'debian', key: publicKeyOf(keyA) }));
    expect(first.markers).toEqual(['ran iid-svtest-a']);
    expect(Object.keys(first.hostKeys).sort()).toEqual(['ECDSA', 'ED25519']);
    // systemd's first-boot rule in a VM: the machine-id is the SMBIOS UUID, i.e. the domain's UUID.
    expect(first.machineId).toBe(g.uuid.replace(/-/g, ''));
  }, BOOT_TEST_MS);

  it('does not run the script again after a reboot with the same instance-id', async () => {
    await g.destroy();
    await g.start();
    const again = await waitForCloudBoot(g.consoleLog, 2);
    expect(again.id).not.toBe(first.id);
    expect(again.errors).toEqual([]);
    expect(again.instanceId).toBe('iid-svtest-a');
    expect(again.markers).toEqual(['ran iid-svtest-a']);
    expect(again.hostname).toBe('cloudy-a');
    expect(again.hostKeys).toEqual(first.hostKeys);
    expect(again.machineId).toBe(first.machineId);
  }, BOOT_TEST_MS);

  it('treats a new instance-id as a first boot: new host keys, hostname, key and script; the machine-id stays', async () => {
    await g.destroy();
    writeSeedIso(g.disk('vdb').file, seed({ instanceId: 'iid-svtest-b', hostname: 'cloudy-b', key: keyB }));
    await g.start();
    const next = await waitForCloudBoot(g.consoleLog, 3);
    expect(next.errors).toEqual([]);
    expect(next.instanceId).toBe('iid-svtest-b');
    expect(next.hostname).toBe('cloudy-b');
    expect(next.authorizedKeys).toContainEqual(expect.objectContaining({ user: 'debian', key: publicKeyOf(keyB) }));
    expect(next.markers).toEqual(['ran iid-svtest-a', 'ran iid-svtest-b']);
    expect(Object.keys(next.hostKeys).sort()).toEqual(['ECDSA', 'ED25519']);
    for (const [type, fp] of Object.entries(next.hostKeys)) expect(fp, type).not.toBe(first.hostKeys[type]);
    // cloud-init leaves the machine-id alone: a clone needs a first-boot step of its own for that.
    expect(next.machineId).toBe(first.machineId);
  }, BOOT_TEST_MS);
});
