// The wizard's key picker reads ~/.ssh/*.pub of a temp HOME: a real key made by ssh-keygen is
// offered, a private key named .pub and a junk .pub are not.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_SSH_KEY_FILE_MAX_BYTES, localSshKeys } from '../../../electron/services/cloud-init/local-ssh-keys';

const home = mkdtempSync(join(tmpdir(), 'snapvisor-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('localSshKeys', () => {
  it('offers only the .pub files that hold public keys', async () => {
    const ssh = join(home, '.ssh');
    mkdirSync(ssh);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'me@lab', '-f', join(ssh, 'id_ed25519')]);
    copyFileSync(join(ssh, 'id_ed25519'), join(ssh, 'x.pub'));
    writeFileSync(join(ssh, 'junk.pub'), 'not a key at all\n');
    writeFileSync(join(ssh, 'big.pub'), `${readFileSync(join(ssh, 'id_ed25519.pub'), 'utf8')}${'#'.repeat(LOCAL_SSH_KEY_FILE_MAX_BYTES)}\n`);
    mkdirSync(join(ssh, 'dir.pub'));
    const keys = await localSshKeys(home);
    expect(keys).toEqual([{ file: 'id_ed25519.pub', key: readFileSync(join(ssh, 'id_ed25519.pub'), 'utf8') }]);
    expect(keys[0]!.key).toMatch(/^ssh-ed25519 AAAA\S+ me@lab\n$/);
  });

  it('offers nothing when there is no ~/.ssh', async () => {
    expect(await localSshKeys(join(home, 'nobody'))).toEqual([]);
  });
});
