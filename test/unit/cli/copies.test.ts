// `snapvisor copies …` as real processes on libvirt's test driver: the documented JSON of a
// refresh, list, verify and remove (the test driver has internal snapshots only, so a refresh
// there sends nothing: the real transfers are proven on the second host in test/remote/), and
// the refusals: the VM's own host as target, a copy that does not exist, a keep of 0.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO, cliSandbox, parseJson } from './run-cli';

const TARGET = `test://${join(REPO, 'test', 'unit', 'cli', 'fixtures', 'legacy-node.xml')}`;

interface RefreshOut { vm: { name: string; uuid: string }; target: string; copyVm: { name: string; uuid: string }; sent: unknown[]; bytesSent: number; kept: string[]; removed: string[] }
interface ErrorOut { error: { code: string; message: string } }

let sandbox: ReturnType<typeof cliSandbox> | undefined;
afterEach(async () => { await sandbox?.dispose(); sandbox = undefined; });

describe('copies on the test driver', () => {
  it('refresh prints the documented JSON; list shows the copy; verify and remove work on it', () => {
    sandbox = cliSandbox('test:///default');
    const { cli } = sandbox;
    expect(cli('create', '--vm', 'test', '--kind', 'memory', '--name', 'internal one').code).toBe(0);
    const refreshed = cli('--json', 'copies', 'refresh', '--vm', 'test', '--to', TARGET, '--keep', '5');
    expect(refreshed.code, refreshed.stderr).toBe(0);
    const r = parseJson<RefreshOut>(refreshed);
    expect(Object.keys(r).sort()).toEqual(['bytesSent', 'copyVm', 'kept', 'removed', 'sent', 'target', 'vm']);
    expect(r).toMatchObject({ vm: { name: 'test', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f' }, target: TARGET, copyVm: { name: 'test' }, sent: [], bytesSent: 0, kept: [], removed: [] });
    expect(r.copyVm.uuid).not.toBe(r.vm.uuid);

    // Nothing new (internal snapshots are not copied): nothing sent, the same copy VM.
    const again = parseJson<RefreshOut>(cli('--json', 'copies', 'refresh', '--vm', 'test', '--to', TARGET));
    expect(again).toMatchObject({ copyVm: r.copyVm, sent: [], bytesSent: 0 });

    const list = parseJson<{ target: { uri: string }; copyVm: { uuid: string }; keep: number | null; snapshotCount: number; lastBytesSent: number; lastError: unknown }[]>(cli('--json', 'copies', 'list', '--vm', 'test'));
    expect(list).toMatchObject([{ target: { uri: TARGET }, copyVm: { uuid: r.copyVm.uuid }, keep: 5, snapshotCount: 0, lastBytesSent: 0, lastError: null }]);
    const human = cli('--lang', 'ko', 'copies', 'list');
    expect(human.stdout).toMatch(/^VM\s+대상 호스트\s+사본 VM/);

    const verified = cli('--json', 'copies', 'verify', '--vm', 'test', '--to', TARGET);
    expect(verified.code, verified.stderr).toBe(0);
    expect(parseJson<{ differ: number; files: unknown[] }>(verified)).toMatchObject({ differ: 0, files: [] });

    const removed = cli('--json', 'copies', 'remove', '--vm', 'test', '--to', TARGET);
    expect(removed.code, removed.stderr).toBe(0);
    expect(parseJson<unknown[]>(cli('--json', 'copies', 'list'))).toEqual([]);
  });

  it('refuses the VM’s own host, a copy that does not exist and a keep of 0, in the user’s language', () => {
    sandbox = cliSandbox('test:///default');
    const { cli } = sandbox;
    const same = cli('--json', 'copies', 'refresh', '--vm', 'test', '--to', 'test:///default');
    expect(same.code).toBe(1);
    expect(parseJson<ErrorOut>(same).error).toMatchObject({ code: 'copy_same_host' });
    const none = cli('--lang', 'ko', 'copies', 'verify', '--vm', 'test', '--to', TARGET);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('사본이 없습니다');
    const zero = cli('copies', 'refresh', '--vm', 'test', '--to', TARGET, '--keep', '0');
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--keep');
  });
});
