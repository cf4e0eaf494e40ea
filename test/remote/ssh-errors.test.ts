// The host manager's "test connection" (and a connect from the app or the CLI) on a qemu+ssh://
// URI that fails says which step failed and what to do, in the user's language: every case made
// for real against the loopback sshd and this machine's libvirtd. No guests: unit speed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestServices, type TestServices } from '../../electron/services';
import type { HostTestResult } from '../../electron/ipc/contract';
import { ERROR_MESSAGES, formatError } from '../../shared/error-messages';
import { runCliProcess } from '../unit/cli/run-cli';
import { PrivateSshd, clientDir, clientNamespace, loopback, remoteUri, type ClientNamespace } from './remote-host';

describe('test connection over SSH explains each failure', () => {
  let ns: ClientNamespace;
  let dir: string;
  let sv: TestServices;
  let knownHosts: string;
  const seen: NonNullable<HostTestResult['error']>[] = [];

  const test = async (uri: string): Promise<HostTestResult> => {
    const r = await sv.services.hosts.test(uri);
    if (r.error) seen.push(r.error);
    return r;
  };
  /** Runs ssh-keygen on this client's known_hosts (the namespace's private ~/.ssh). */
  const forgetHostKey = (name: string): void => {
    if (existsSync(knownHosts)) execFileSync('ssh-keygen', ['-q', '-R', name, '-f', knownHosts], { stdio: 'ignore' });
  };

  beforeAll(async () => {
    ns = clientNamespace();
    knownHosts = join(ns.sshDir, 'known_hosts');
    dir = clientDir('ssh-errors');
    sv = await createTestServices({}, dir);
  });
  afterAll(async () => {
    forgetHostKey(`[localhost]:${loopback().port}`);
    await sv?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a good key connects: libvirt’s version on the far side', async () => {
    expect(await test(remoteUri())).toEqual({ ok: true, libvirtVersion: expect.stringMatching(/^\d+\.\d+\.\d+$/), error: null });
  });

  it('no key at all, and a key the host does not know, are a refused login with the key to install', async () => {
    expect(readdirSync(ns.sshDir).filter((f) => f.startsWith('id_'))).toEqual([]);
    const port = loopback().port;
    const none = await test(remoteUri({ keyfile: null }));
    expect(none.error).toMatchObject({ code: 'ssh_auth_refused', params: { user: 'root', host: '127.0.0.1', port } });

    const stranger = join(dir, 'stranger');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    const refused = await test(remoteUri({ keyfile: stranger }));
    expect(refused.error).toMatchObject({ code: 'ssh_auth_refused', params: { user: 'root', host: '127.0.0.1', port, keyfile: stranger } });
    expect(formatError(refused.error!.code, refused.error!.params, 'en')).toContain(`ssh-copy-id -p ${port} root@127.0.0.1`);
  });

  it('a key that is missing, readable by others, or not a key says which, and that no other key worked', async () => {
    const missing = join(dir, 'no-such-key');
    expect((await test(remoteUri({ keyfile: missing }))).error)
      .toMatchObject({ code: 'ssh_key_unusable', params: { keyfile: missing, reason: 'key_missing' } });

    const open = join(dir, 'open-key');
    copyFileSync(loopback().clientKey, open);
    chmodSync(open, 0o644);
    const tooOpen = await test(remoteUri({ keyfile: open }));
    expect(tooOpen.error).toMatchObject({ code: 'ssh_key_unusable', params: { keyfile: open, reason: 'key_permissions' } });
    expect(formatError(tooOpen.error!.code, tooOpen.error!.params, 'en')).toContain('other users can read it, so ssh ignores it');

    const garbage = join(dir, 'garbage-key');
    writeFileSync(garbage, 'not a key\n', { mode: 0o600 });
    expect((await test(remoteUri({ keyfile: garbage }))).error)
      .toMatchObject({ code: 'ssh_key_unusable', params: { keyfile: garbage, reason: 'key_format' } });
  });

  it('an unknown host key is refused (no_verify not given), a changed one warns, the right one connects', async () => {
    // "localhost" names the loopback host under a known_hosts entry no other test writes.
    const port = loopback().port;
    const name = `[localhost]:${port}`;
    const uri = remoteUri({ host: 'localhost', noVerify: false });
    forgetHostKey(name);
    expect((await test(uri)).error).toMatchObject({ code: 'ssh_host_key_unknown', params: { host: 'localhost', port } });

    const otherKey = join(dir, 'other-host-key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', otherKey]);
    const entry = (key: string): string => `${name} ${key.trim().split(' ').slice(0, 2).join(' ')}\n`;
    writeFileSync(knownHosts, entry(readFileSync(`${otherKey}.pub`, 'utf8')), { flag: 'a' });
    const changed = await test(uri);
    expect(changed.error).toMatchObject({ code: 'ssh_host_key_changed', params: { host: 'localhost', port, hostKeyName: name } });
    expect(formatError(changed.error!.code, changed.error!.params, 'en')).toContain(`ssh-keygen -R "${name}"`);

    forgetHostKey(name);
    const hostKey = readFileSync(loopback().knownHosts, 'utf8').split(' ').slice(1, 3).join(' ');
    writeFileSync(knownHosts, entry(hostKey), { flag: 'a' });
    expect(await test(uri)).toMatchObject({ ok: true, error: null });
  });

  it('an sshd that stopped listening, and a name that does not resolve, are told apart', async () => {
    const sshd = await PrivateSshd.start();
    try {
      const uri = remoteUri({ port: sshd.port });
      expect(await test(uri)).toMatchObject({ ok: true });
      await sshd.stop();
      expect((await test(uri)).error).toMatchObject({ code: 'ssh_connection_refused', params: { host: '127.0.0.1', port: sshd.port } });
    } finally {
      await sshd.dispose();
    }
    expect((await test(remoteUri({ host: 'no-such-host.invalid' }))).error).toMatchObject({ code: 'ssh_name_unknown', params: { host: 'no-such-host.invalid' } });
  });

  it('past SSH: no libvirt socket on the far side, and a user there without libvirt access', async () => {
    const noSocket = remoteUri({ params: { proxy: 'netcat', socket: '/run/svtest-no-libvirt/libvirt-sock' } });
    expect((await test(noSocket)).error).toMatchObject({ code: 'remote_libvirt_missing', params: { host: '127.0.0.1' } });

    const user = loopback().noLibvirtUser;
    // libvirt's own helper: the daemon's access check (polkit) refuses the user.
    expect((await test(remoteUri({ user }))).error).toMatchObject({ code: 'remote_permission_denied', params: { user, host: '127.0.0.1' } });
    // A socket the user may not open (root's 0700 admin socket), as on hosts whose socket is group-only.
    const closed = remoteUri({ user, params: { proxy: 'netcat', socket: '/run/libvirt/libvirt-admin-sock' } });
    expect((await test(closed)).error).toMatchObject({ code: 'remote_permission_denied', params: { user } });
  });

  it('no SSH client to run is its own case', async () => {
    expect((await test(remoteUri({ params: { command: '/nonexistent/ssh' } }))).error).toMatchObject({ code: 'ssh_client_missing' });
  });

  it.each(['libssh', 'libssh2'] as const)('libvirt’s own %s client: the same steps, told apart in its words', async (transport) => {
    const port = loopback().port;
    const emptyKnown = join(dir, `${transport}-known-empty`);
    writeFileSync(emptyKnown, '');
    expect((await test(remoteUri({ transport, noVerify: false, params: { known_hosts: emptyKnown } }))).error)
      .toMatchObject({ code: 'ssh_host_key_unknown', params: { host: '127.0.0.1', port } });
    const otherKey = join(dir, `${transport}-other-host-key`);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', otherKey]);
    const wrongKnown = join(dir, `${transport}-known-wrong`);
    writeFileSync(wrongKnown, `[127.0.0.1]:${port} ${readFileSync(`${otherKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
    expect((await test(remoteUri({ transport, noVerify: false, params: { known_hosts: wrongKnown } }))).error)
      .toMatchObject({ code: 'ssh_host_key_changed' });
    expect(await test(remoteUri({ transport }))).toMatchObject({ ok: true });
    expect((await test(remoteUri({ transport, keyfile: otherKey }))).error).toMatchObject({ code: 'ssh_auth_refused', params: { user: 'root' } });
    expect((await test(remoteUri({ transport, keyfile: join(dir, 'no-such-key') }))).error).toMatchObject({ code: 'ssh_key_unusable' });
    expect((await test(remoteUri({ transport, host: 'no-such-host.invalid' }))).error).toMatchObject({ code: 'ssh_name_unknown' });
    const gone = await PrivateSshd.start();
    await gone.dispose();
    expect((await test(remoteUri({ transport, port: gone.port }))).error).toMatchObject({ code: 'ssh_connection_refused', params: { port: gone.port } });
    const noSocket = remoteUri({ transport, params: { proxy: 'netcat', socket: '/run/svtest-no-libvirt/libvirt-sock' } });
    expect((await test(noSocket)).error).toMatchObject({ code: 'remote_libvirt_missing' });
  });

  it('every failure above reads in English and Korean with all its parts filled in', () => {
    expect(new Set(seen.map((e) => e.code))).toEqual(new Set([
      'ssh_auth_refused', 'ssh_key_unusable', 'ssh_host_key_unknown', 'ssh_host_key_changed', 'ssh_connection_refused',
      'ssh_name_unknown', 'remote_libvirt_missing', 'remote_permission_denied', 'ssh_client_missing',
    ]));
    for (const e of seen) {
      for (const lang of ['en', 'ko'] as const) {
        // Every part outside [optional] brackets has its parameter.
        const required = [...ERROR_MESSAGES[e.code][lang].replace(/\[[^\]]*\]/g, '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
        expect(required.filter((k) => e.params[k] === undefined), `${e.code} ${lang}`).toEqual([]);
        if (e.code !== 'ssh_client_missing') expect(formatError(e.code, e.params, lang), `${e.code} ${lang}`).toContain(String(e.params.host));
      }
    }
  });

  it('connecting a host added with such a URI records the same reason, for the app and the CLI', async () => {
    const uri = remoteUri({ keyfile: null });
    const added = await sv.services.hosts.add(uri);
    expect(added.state).toBe('error');
    expect(added.failure).toMatchObject({ code: 'ssh_auth_refused', params: { user: 'root', host: '127.0.0.1' } });

    const cli = runCliProcess(['--connect', uri, '--db', join(dir, 'cli.db'), '--lang', 'ko', 'vms']);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain('127.0.0.1가 “root” 사용자의 SSH 로그인을 거부했습니다.');
  });
});
