// The rules of a new VM's identity (shared/rules.ts): the host name made of a VM's name, SSH
// public keys judged on keys ssh-keygen makes (every type it writes; its private keys refused),
// and the init script's size, NUL bytes and kind.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INIT_SCRIPT_MAX_BYTES, hostnameFrom, initScriptProblem, sshPublicKeys } from '../../../shared/rules';

const dir = mkdtempSync(join(tmpdir(), 'sv-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let made = 0;
function keyPair(type: string, bits?: number): { pub: string; priv: string } {
  const file = join(dir, `key-${made++}`);
  execFileSync('ssh-keygen', ['-q', '-t', type, ...(bits ? ['-b', String(bits)] : []), '-N', '', '-C', 'me@host', '-f', file]);
  return { pub: readFileSync(`${file}.pub`, 'utf8'), priv: readFileSync(file, 'utf8') };
}

describe('hostnameFrom', () => {
  it.each([
    ['web-1', 'web-1'], ['Web_01', 'web-01'], ['db.prod.lab', 'db.prod.lab'], ['-a--b-', 'a--b'], ['x..y', 'x.y'],
    ['a'.repeat(70), 'a'.repeat(63)], ['비밀-vm', 'vm'], [`${'a'.repeat(63)}.`.repeat(5), Array(3).fill('a'.repeat(63)).join('.')],
  ])('%s → %s', (name, host) => {
    expect(hostnameFrom(name)).toBe(host);
  });
  it.each(['___', '...', '-', '이름', ''])('%j cannot be made a host name', (name) => {
    expect(hostnameFrom(name)).toBeNull();
  });
});

describe('sshPublicKeys', () => {
  it.each([['ed25519'], ['rsa', 2048], ['ecdsa', 256], ['ecdsa', 521]] as [string, number?][])('takes ssh-keygen’s %s public key and refuses its private key', (type, bits) => {
    const { pub, priv } = keyPair(type, bits);
    expect(sshPublicKeys(pub)).toEqual({ keys: [pub.trim()] });
    expect(sshPublicKeys(priv)).toEqual({ problem: { reason: 'private_key' } });
  });

  it('takes several keys, skipping blank and comment lines, and refuses anything else', () => {
    const a = keyPair('ed25519').pub.trim();
    const b = keyPair('rsa', 1024).pub.trim();
    expect(sshPublicKeys(`# mine\n${a}\n\n${b}\r\n`)).toEqual({ keys: [a, b] });
    const notKey = { problem: { reason: 'not_a_public_key' } };
    expect(sshPublicKeys('')).toEqual(notKey);
    expect(sshPublicKeys('# only a comment\n')).toEqual(notKey);
    expect(sshPublicKeys(`${a}\nhello world\n`)).toEqual(notKey);
    // The blob names another type, is not base64, or is cut short.
    expect(sshPublicKeys(a.replace('ssh-ed25519', 'ssh-rsa'))).toEqual(notKey);
    expect(sshPublicKeys('ssh-ed25519 not*base64 me')).toEqual(notKey);
    expect(sshPublicKeys('ssh-ed25519 AAAA')).toEqual(notKey);
    expect(sshPublicKeys(`${a}\u0007`)).toEqual(notKey);
    expect(sshPublicKeys(`command="x" ${a}`)).toEqual(notKey);
  });
});

describe('initScriptProblem', () => {
  it('takes a shell script or a #cloud-config document up to 64 KiB', () => {
    expect(initScriptProblem('#!/bin/sh\necho hi\n')).toBeNull();
    expect(initScriptProblem('#cloud-config\nruncmd: []\n')).toBeNull();
    expect(initScriptProblem('#cloud-config')).toBeNull();
    expect(initScriptProblem(`#!/bin/sh\n#${'x'.repeat(INIT_SCRIPT_MAX_BYTES - 12)}\n`)).toBeNull();
  });
  it('refuses one over 64 KiB (in UTF-8 bytes), with NUL bytes, or of another kind', () => {
    expect(initScriptProblem(`#!/bin/sh\n#${'x'.repeat(INIT_SCRIPT_MAX_BYTES - 11)}\n`)).toEqual({ reason: 'file_too_large', max: 65536 });
    expect(initScriptProblem(`#!/bin/sh\n#${'가'.repeat(22_000)}\n`)).toEqual({ reason: 'file_too_large', max: 65536 });
    expect(initScriptProblem('#!/bin/sh\n\0')).toEqual({ reason: 'nul_bytes' });
    expect(initScriptProblem('echo hi\n')).toEqual({ reason: 'not_a_script' });
    expect(initScriptProblem('#cloud-configuration\n')).toEqual({ reason: 'not_a_script' });
    expect(initScriptProblem('')).toEqual({ reason: 'not_a_script' });
  });
});
