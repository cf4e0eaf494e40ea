import { describe, expect, it } from 'vitest';
import { parseCloudConsole, publicKeyOf, waitForCloudBoot } from '../../guest/cloud-kit';

const KEY_A = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPcn0s32HCYzz1YdNktUtMmv1JXWw/lnVdR6CHif5hqx';
const KEY_B = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHKl09EfViIXlm4hS2j1WdG5ZSpLNJIpE9madBKaVbKC';
const ROOT_OPTS = 'no-port-forwarding,no-agent-forwarding,no-X11-forwarding,command="echo \'Please login as the user \\"debian\\" rather than the user \\"root\\".\';echo;sleep 10;exit 142"';

// Two boots as the guest's console holds them (CR LF line ends, the firmware's terminal reset
// before the first line, cloud-init's own output in between), the second cut off mid-line.
const console = [
  '\u001bc\u001b[?7l\u001b[2JBOOT e35badbf1572e645',
  "Cloud-init v. 22.4.2 running 'init-local' at Fri, 04 Dec 2026 21:06:32 +0000. Up 18.82 seconds.",
  'CLOUD instance-id iid-svtest-a',
  'CLOUD datasource DataSourceNoCloud [seed=/dev/vdb][dsmode=net]',
  'CLOUD hostname cloudy-a',
  'CLOUD machine-id 2923d76358c84d758cbc806061f9e68a',
  'CLOUD hostkey ECDSA SHA256:DHxujeyCgbyHa9I2Lhlhzbag/J0Hc7gxjc9SrKptgxM',
  'CLOUD hostkey ED25519 SHA256:rYwbSS7/UaRJPdyzuXDD+yX3FPn8oUAc8+D8iBJmksw',
  `CLOUD authkey root ${ROOT_OPTS} ${KEY_A} svtest-key-a`,
  `CLOUD authkey debian ${KEY_A} svtest-key-a`,
  'CLOUD marker ran iid-svtest-a',
  'CLOUD ready 62.11',
  'TICK 1',
  'CLOUD marker printed after ready is not a fact',
  '[    0.045237] ACPI BIOS Error (bug): A valid RSDP was not found (20220331/tbxfroot-210)',
  'BOOT b599494aa562d1e7',
  'CLOUD instance-id iid-svtest-b',
  `CLOUD authkey debian ${KEY_B} svtest-key-b`,
  'CLOUD error (\'locale\', ProcessExecutionError("Unexpected error"))',
].join('\r\n') + '\r\nCLOUD marker cut o';

describe('parseCloudConsole', () => {
  it('reads each boot\'s facts, complete once "ready" is printed', () => {
    const [a, b, ...rest] = parseCloudConsole(console);
    expect(rest).toEqual([]);
    expect(a).toEqual({
      id: 'e35badbf1572e645',
      instanceId: 'iid-svtest-a',
      datasource: 'DataSourceNoCloud [seed=/dev/vdb][dsmode=net]',
      hostname: 'cloudy-a',
      machineId: '2923d76358c84d758cbc806061f9e68a',
      hostKeys: { ECDSA: 'SHA256:DHxujeyCgbyHa9I2Lhlhzbag/J0Hc7gxjc9SrKptgxM', ED25519: 'SHA256:rYwbSS7/UaRJPdyzuXDD+yX3FPn8oUAc8+D8iBJmksw' },
      authorizedKeys: [
        { user: 'root', key: KEY_A, line: `${ROOT_OPTS} ${KEY_A} svtest-key-a` },
        { user: 'debian', key: KEY_A, line: `${KEY_A} svtest-key-a` },
      ],
      markers: ['ran iid-svtest-a'],
      errors: [],
      readySeconds: 62.11,
    });
    // Not ready yet: the facts so far, and no half-written line.
    expect(b).toEqual({
      id: 'b599494aa562d1e7',
      instanceId: 'iid-svtest-b',
      hostKeys: {},
      authorizedKeys: [{ user: 'debian', key: KEY_B, line: `${KEY_B} svtest-key-b` }],
      markers: [],
      errors: ['(\'locale\', ProcessExecutionError("Unexpected error"))'],
    });
  });

  it('waits for a boot\'s facts, and says where the console stopped when they do not come', async () => {
    expect((await waitForCloudBoot(() => console, 1, 1_000)).instanceId).toBe('iid-svtest-a');
    await expect(waitForCloudBoot(() => console, 2, 10)).rejects.toThrow(/boot 2: no complete facts .*2 boots seen.*console ends: .*CLOUD marker cut o\)$/);
  });

  it('takes the key out of a public key line, and refuses what is not one', () => {
    expect(publicKeyOf(`${KEY_B} someone@host\n`)).toBe(KEY_B);
    expect(() => publicKeyOf('-----BEGIN OPENSSH PRIVATE KEY-----')).toThrow(/not an OpenSSH public key/);
  });
});
