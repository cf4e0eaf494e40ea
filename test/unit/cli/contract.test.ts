// The `snapvisor` command's public contract, run as real processes against libvirt's test
// driver. test:///default starts fresh in every process; the SQLite file persists.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LEGACY_NODE_XML, cliSandbox, parseJson, runCliProcess } from './run-cli';

const SNAPSHOT_KEYS = [
  'createdAt', 'current', 'dependentOf', 'description', 'disks', 'error', 'id', 'kind', 'name', 'parentId', 'protected',
  'sizeBytes', 'state', 'vm',
];

interface SnapshotOut {
  id: string; name: string; vm: { name: string; uuid: string }; kind: string; state: string; description: string;
  protected: boolean; current: boolean; disks: { target: string; file: string | null; location: string; sizeBytes: number | null }[];
}
interface ErrorOut { error: { code: string; message: string } }

let sandbox: ReturnType<typeof cliSandbox> | undefined;
afterEach(async () => { await sandbox?.dispose(); sandbox = undefined; });

describe('usage errors exit 2 with a short usage text', () => {
  it.each([
    [['bogus'], /unknown command: bogus/],
    [[], /no command given/],
    [['list', '--bogus'], /unknown option: --bogus/],
    [['show'], /missing argument SNAP/],
    [['note', 'x'], /missing argument TEXT/],
    [['create', '--vm', 'test'], /missing option --kind/],
    [['create', '--vm', 'test', '--kind', 'warm'], /invalid value for --kind: “warm”: this value is not one of those allowed \(one of cold\|hot\|memory\)/],
    [['list', '--vm'], /option --vm needs a value/],
    [['show', 'a', 'b'], /unexpected argument: b/],
    [['schedules'], /unknown command: schedules/],
    [['schedules', 'add', '--vm', 'test', '--kind', 'hot'], /give one of --every or --cron/],
    [['schedules', 'add', '--vm', 'test', '--kind', 'hot', '--every', '6 hours'], /invalid value for --every: “6 hours”: it is not a duration such as 30m, 6h or 1d/],
    [['schedules', 'add', '--vm', 'test', '--kind', 'hot', '--every', '30s'], /invalid value for --every: “30s”: the number is too small \(at least 60\)/],
    [['schedules', 'add', '--vm', 'test', '--kind', 'hot', '--cron', '61 * * * *'], /invalid value for --cron: “61 \* \* \* \*”: the cron expression is not valid/],
    [['schedules', 'add', '--vm', 'test', '--kind', 'hot', '--every', '1h', '--keep', '0'], /invalid value for --keep: “0”: the number is too small \(at least 1\)/],
    [['schedules', 'add', '--vm', 'test', '--kind', 'hot', '--every', '1h', '--pattern', 'a-{hour}'], /invalid value for --pattern: “a-\{hour\}”: the name pattern has an unknown placeholder/],
    [['restore', 'x', '--start', '--paused'], /--start and --paused cannot be used together/],
    [['list', '--since', 'yesterday'], /invalid value for --since: “yesterday”: it is not a date/],
    [['list', '--until', '2024-13-45'], /invalid value for --until: “2024-13-45”: it is not a date \(YYYY-MM-DD, or an ISO date and time\)/],
    [['list', '--since', '2024-02-30'], /invalid value for --since: “2024-02-30”: it is not a date/],
    [['list', '--since', '2024-01-31T25:00'], /invalid value for --since/],
    [['restore-as-new', 'x', '--name', 'n', '--vcpus', '0'], /invalid value for --vcpus: “0”: the number is too small \(at least 1\)/],
    [['restore-as-new', 'x', '--name', 'n', '--vcpus', '2.5'], /invalid value for --vcpus: “2.5”: a whole number is needed/],
    [['restore-as-new', 'x', '--name', 'n', '--memory', '99999999999'], /invalid value for --memory: “99999999999”: the number is too large \(at most 16777216\)/],
    [['restore-as-new', 'x', '--name', 'my vm'], /invalid value for --name: “my vm”: use only letters, digits/],
    [['restore-as-new', 'x', '--name', 'n', '--network', 'a/b'], /invalid value for --network: “a\/b”: a network name has no “\/”/],
    [['create', '--vm', 'test', '--kind', 'memory', '--disks', 'vda,../x'], /invalid value for --disks: “..\/x”: it is not a disk name such as vda/],
    [['create', '--vm', 'test', '--kind', 'memory', '--name', 'a\u0007b'], /invalid value for --name: “a\?b”: it contains control characters/],
    [['note', 'x', '   '], /invalid value for TEXT: “ {3}”: it is empty/],
    [['--connect', 'not a uri', 'vms'], /invalid value for --connect: “not a uri”: it is not a connection URI/],
    [['edit', 'x'], /nothing to change/],
    [['--lang', 'fr', 'vms'], /invalid value for --lang: “fr”: this value is not one of those allowed \(one of en\|ko\)/],
  ])('%j', (args, message) => {
    sandbox = cliSandbox('test:///default');
    const r = sandbox.cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/snapvisor /);
    expect(r.stdout).toBe('');
  });

  it('with --json also says it on stdout, and in Korean with --lang ko', () => {
    sandbox = cliSandbox('test:///default');
    const r = sandbox.cli('--json', '--lang', 'ko', 'create', '--vm', 'test');
    expect(r.code).toBe(2);
    expect(parseJson<ErrorOut>(r).error).toMatchObject({ code: 'usage', message: '--kind 옵션이 필요합니다' });
    expect(r.stderr).toContain('--kind 옵션이 필요합니다');
  });

  it('says a bad date in Korean, exit 2, nothing listed', () => {
    sandbox = cliSandbox('test:///default');
    const r = sandbox.cli('--lang', 'ko', 'list', '--until', '2024-13-45');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--until 값이 올바르지 않습니다: “2024-13-45”: 날짜가 아닙니다(YYYY-MM-DD 또는 ISO 날짜와 시각)');
    expect(r.stdout).toBe('');
  });

  it('takes the language from LANG', () => {
    const r = runCliProcess(['bogus'], { LANG: 'ko_KR.UTF-8' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('알 수 없는 명령: bogus');
  });

  it('--help prints the usage on stdout and exits 0', () => {
    const all = runCliProcess(['--help']);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('schedules install-timer');
    const one = runCliProcess(['create', '--help', '--lang', 'ko']);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('snapvisor create --vm VM --kind cold|hot|memory');
    expect(one.stdout).toContain('VM 스냅샷 만들기');
  });
});

describe('on test:///default', () => {
  it('vms lists the test domain as JSON', () => {
    sandbox = cliSandbox('test:///default');
    const r = sandbox.cli('--json', 'vms');
    expect(r.code).toBe(0);
    expect(parseJson<{ name: string; state: string; uuid: string }[]>(r)).toEqual([
      expect.objectContaining({ name: 'test', state: 'running', uuid: expect.stringMatching(/^[0-9a-f-]{36}$/), guestAgent: false }),
    ]);
  });

  it('create prints the snapshot in the documented JSON shape', () => {
    sandbox = cliSandbox('test:///default');
    const r = sandbox.cli('--json', 'create', '--vm', 'test', '--kind', 'memory', '--name', 'first', '--description', 'before <upgrade> & "x"', '--protect');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const snap = parseJson<SnapshotOut>(r);
    expect(Object.keys(snap).sort()).toEqual(SNAPSHOT_KEYS);
    expect(snap).toMatchObject({
      name: 'first', kind: 'memory', state: 'ready', description: 'before <upgrade> & "x"', protected: true, current: true,
      vm: { name: 'test' },
    });
    for (const d of snap.disks) expect(Object.keys(d).sort()).toEqual(['file', 'location', 'sizeBytes', 'target']);
  });

  it('restore-as-new refuses a missing, private or malformed key file, a script too big or with NUL bytes, before anything is made', () => {
    sandbox = cliSandbox('test:///default');
    const dir = sandbox.dir;
    writeFileSync(join(dir, 'id_ed25519'), '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA==\n-----END OPENSSH PRIVATE KEY-----\n');
    writeFileSync(join(dir, 'bad.pub'), 'ssh-ed25519 not-base64!\n');
    writeFileSync(join(dir, 'nul.sh'), '#!/bin/sh\necho \0\n');
    writeFileSync(join(dir, 'big.sh'), `#!/bin/sh\n${'#'.repeat(65_536)}\n`);
    writeFileSync(join(dir, 'plain.txt'), 'echo hi\n');
    const cases: [string[], Record<string, unknown>, RegExp][] = [
      [['--ssh-key', join(dir, 'missing.pub')], { field: 'sshKeys', reason: 'file_not_found', name: join(dir, 'missing.pub') }, /SSH keys.*the file does not exist/],
      [['--ssh-key', join(dir, 'id_ed25519')], { field: 'sshKeys', reason: 'private_key' }, /it is a private key/],
      [['--ssh-key', join(dir, 'bad.pub')], { field: 'sshKeys', reason: 'not_a_public_key' }, /not an SSH public key/],
      [['--init-script', join(dir, 'nul.sh')], { field: 'initScript', reason: 'nul_bytes' }, /NUL bytes/],
      [['--init-script', join(dir, 'big.sh')], { field: 'initScript', reason: 'file_too_large', max: 65_536 }, /too large \(at most 65536\)/],
      [['--init-script', join(dir, 'plain.txt')], { field: 'initScript', reason: 'not_a_script' }, /neither a shell script/],
    ];
    for (const [args, params, text] of cases) {
      const r = sandbox.cli('--json', 'restore-as-new', 'any-snapshot', '--name', 'never-made', ...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(parseJson<ErrorOut>(r).error, args.join(' ')).toMatchObject({ params });
      expect(parseJson<ErrorOut>(r).error.message, args.join(' ')).toMatch(text);
    }
    expect(sandbox.cli('--lang', 'ko', 'restore-as-new', 'x', '--name', 'n', '--ssh-key', join(dir, 'id_ed25519')).stderr).toContain('개인 키입니다');
    // A host name is judged like every other value on the command line: a usage error.
    const host = sandbox.cli('restore-as-new', 'x', '--name', 'n', '--hostname', '___');
    expect(host.code).toBe(2);
    expect(host.stderr).toMatch(/invalid value for --hostname: “___”: no host name can be made of it/);
  });

  it('a failed operation exits 1 with the error as JSON, in the chosen language', () => {
    sandbox = cliSandbox('test:///default');
    const cold = sandbox.cli('--json', 'create', '--vm', 'test', '--kind', 'cold');
    expect(cold.code).toBe(1);
    expect(parseJson<ErrorOut>(cold).error.code).toBe('vm_wrong_state');
    expect(cold.stderr).toMatch(/it is running, a cold snapshot needs it shut off/);

    const ko = sandbox.cli('--lang', 'ko', 'create', '--vm', 'no-such-vm', '--kind', 'hot');
    expect(ko.code).toBe(1);
    expect(ko.stdout).toBe('');
    expect(ko.stderr).toContain('이 호스트에 해당 VM이 없습니다: “no-such-vm”');

    const missing = sandbox.cli('--json', 'show', 'nope');
    expect(missing.code).toBe(1);
    expect(parseJson<ErrorOut>(missing).error).toEqual(expect.objectContaining({ code: 'snapshot_not_found', message: 'No such snapshot: “nope”.' }));
  });

  it('a later process sees the row; reconcile marks it missing; forget removes it', () => {
    sandbox = cliSandbox('test:///default');
    const created = parseJson<SnapshotOut>(sandbox.cli('--json', 'create', '--vm', 'test', '--kind', 'memory', '--name', 'gone-later'));

    const listed = parseJson<SnapshotOut[]>(sandbox.cli('--json', 'list', '--vm', 'test'));
    expect(listed.map((s) => [s.id, s.state])).toEqual([[created.id, 'ready']]);

    const report = parseJson<{ missing: number }>(sandbox.cli('--json', 'reconcile'));
    expect(report.missing).toBe(1);
    expect(parseJson<SnapshotOut[]>(sandbox.cli('--json', 'list', '--state', 'missing')).map((s) => s.id)).toEqual([created.id]);
    expect(parseJson<SnapshotOut[]>(sandbox.cli('--json', 'list', '--state', 'ready'))).toEqual([]);

    const forgot = sandbox.cli('--json', 'forget', 'gone-later', '--vm', 'test');
    expect(forgot.code, forgot.stderr).toBe(0);
    expect(parseJson<SnapshotOut[]>(sandbox.cli('--json', 'list'))).toEqual([]);
  });

  it('prints aligned tables with headers in the chosen language', () => {
    sandbox = cliSandbox('test:///default');
    sandbox.cli('create', '--vm', 'test', '--kind', 'memory', '--name', 'a-rather-long-snapshot-name');
    const en = sandbox.cli('list');
    expect(en.code).toBe(0);
    const [header, row] = en.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^NAME\s+STATE\s+KIND\s+VM\s+CURRENT\s+CREATED\s+SIZE\s+PROTECTED\s+ID$/);
    expect(row!.indexOf('ready')).toBe(header!.indexOf('STATE'));
    expect(row!.indexOf('memory')).toBe(header!.indexOf('KIND'));

    const ko = sandbox.cli('--lang', 'ko', 'list');
    const [koHeader] = ko.stdout.split('\n');
    expect(koHeader).toMatch(/^이름\s+상태\s+유형\s+VM\s+현재\s+생성 시각\s+크기\s+보호\s+ID$/);
    expect(ko.stdout).toContain('활성');
  });

  it('finds the database and the host from SNAPVISOR_DB and SNAPVISOR_URI, or the XDG data dir', () => {
    sandbox = cliSandbox('test:///default');
    const viaEnv = runCliProcess(['--json', 'create', '--vm', 'test', '--kind', 'memory', '--name', 'env'], {
      SNAPVISOR_DB: sandbox.db, SNAPVISOR_URI: 'test:///default',
    });
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    expect(parseJson<SnapshotOut[]>(sandbox.cli('--json', 'list')).map((s) => s.name)).toEqual(['env']);

    const xdg = runCliProcess(['--connect', 'test:///default', '--json', 'list'], { XDG_DATA_HOME: `${sandbox.dir}/xdg` });
    expect(xdg.code, xdg.stderr).toBe(0);
    expect(runCliProcess(['--json', 'list'], { SNAPVISOR_DB: `${sandbox.dir}/xdg/snapvisor/snapvisor.db`, SNAPVISOR_URI: 'test:///default' }).code).toBe(0);
  });
});

describe('on a test-driver XML with a snapshot made outside Snapvisor', () => {
  it('adopt --all finds and adopts every unmanaged snapshot (of --vm VM), with no reconcile before', () => {
    sandbox = cliSandbox(`test://${LEGACY_NODE_XML}`);
    const { cli } = sandbox;
    expect(cli('adopt', 'made-with-virsh', '--all').code).toBe(2);
    expect(cli('adopt').code).toBe(2);
    const other = cli('--json', 'adopt', '--all', '--vm', 'no-such-vm');
    expect(other.code).toBe(1);
    expect(parseJson<ErrorOut>(other).error.code).toBe('vm_not_found');
    const all = cli('adopt', '--all', '--vm', 'legacy-vm');
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout.trim()).toBe('Adopted 1 snapshot(s).');
    expect(parseJson<SnapshotOut[]>(cli('--json', 'list')).map((s) => [s.name, s.state])).toEqual([['made-with-virsh', 'ready']]);
    expect(parseJson<SnapshotOut[]>(cli('--json', 'adopt', '--all'))).toEqual([]);
  });

  it('reconcile, adopt, protect, refuse and then allow the delete, audit log', () => {
    sandbox = cliSandbox(`test://${LEGACY_NODE_XML}`);
    const { cli } = sandbox;
    expect(parseJson<{ adoptable: number }>(cli('--json', 'reconcile')).adoptable).toBe(1);
    expect(parseJson<SnapshotOut[]>(cli('--json', 'list')).map((s) => [s.name, s.state])).toEqual([['made-with-virsh', 'unmanaged']]);

    const adopted = parseJson<SnapshotOut>(cli('--json', 'adopt', 'made-with-virsh', '--vm', 'legacy-vm'));
    expect(adopted).toMatchObject({ name: 'made-with-virsh', state: 'ready', kind: 'cold', vm: { name: 'legacy-vm' } });

    const edited = parseJson<SnapshotOut>(cli('--json', 'edit', adopted.id, '--protect', '--description', 'keep me'));
    expect(edited).toMatchObject({ protected: true, description: 'keep me' });

    expect(cli('note', adopted.id, 'checked by ops').code).toBe(0);
    const shown = parseJson<SnapshotOut & { notes: { text: string }[] }>(cli('--json', 'show', 'made-with-virsh'));
    expect(shown.notes.map((n) => n.text)).toEqual(['checked by ops']);

    const refused = cli('--json', '--lang', 'ko', 'delete', 'made-with-virsh');
    expect(refused.code).toBe(1);
    expect(parseJson<ErrorOut>(refused).error).toEqual(expect.objectContaining({
      code: 'protected_needs_name', message: '“made-with-virsh” 스냅샷은 보호되어 있습니다. 삭제하려면 이름을 정확히 입력하세요.',
    }));
    expect(cli('delete', 'made-with-virsh', '--confirm-name', 'wrong').code).toBe(1);

    const deleted = cli('--json', 'delete', 'made-with-virsh', '--confirm-name', 'made-with-virsh');
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(parseJson<{ deleted: string }>(deleted).deleted).toBe(adopted.id);
    expect(parseJson<SnapshotOut[]>(cli('--json', 'list'))).toEqual([]);

    const events = parseJson<{ action: string; outcome: string }[]>(cli('--json', 'events', adopted.id));
    expect(events).toContainEqual(expect.objectContaining({ action: 'delete', outcome: 'succeeded' }));
  });
});
