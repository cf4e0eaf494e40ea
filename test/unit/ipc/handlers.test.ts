// The IPC handlers against real services on libvirt's test driver (test:///default) and a temp
// SQLite file: every channel is handled and validated, hostile input comes back as typed
// errors, service errors keep their code, and nothing throws across the boundary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, type TestServices } from '../../../electron/services/index';
import { CHANNELS, dispatch, type Channel, type Handlers, type RequestOf, type ResponseOf, type Result } from '../../../electron/ipc/contract';
import { createHandlers } from '../../../electron/ipc/handlers';
import { requests } from '../../../electron/ipc/requests';
import type { ErrorCode } from '../../../shared/errors';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, LAYER, MEMORY, exportOf, manifestOf, save } from '../services/exports/archive-kit';

const UUID = '6695eb01-f6a4-8304-79aa-97f2502e193f'; // the test driver's VM "test"
const HOST = 'test-default';
const ID = 'abcdef012345';

/** One well-formed request per channel; the mapped type makes a missing channel a compile error. */
const VALID: { [C in Channel]: RequestOf<C> } = {
  'app.info': {},
  'app.sshPublicKeys': {},
  'app.pickFile': { mode: 'save', defaultName: 'test-2026-12-05.tar' },
  'hosts.list': {},
  'hosts.add': { uri: 'test:///default', name: 'Demo' },
  'hosts.remove': { hostId: 'no-such-host' },
  'hosts.test': { uri: 'test:///default' },
  'hosts.connect': { hostId: HOST },
  'vms.list': { hostId: HOST },
  'vms.networks': { hostId: HOST },
  'vms.removalPlan': { hostId: HOST, vmUuid: UUID },
  'vms.remove': { hostId: HOST, vmUuid: UUID, confirmName: 'test' },
  'snapshots.list': { hostId: HOST, kind: 'memory', since: '2020-01-01', until: '2099-12-31T23:59:59Z' },
  'snapshots.get': { id: ID },
  'snapshots.defaultName': { hostId: HOST, vmUuid: UUID },
  'snapshots.create': { hostId: HOST, vmUuid: UUID, kind: 'memory', name: 'valid', description: 'd', disks: ['vda'] },
  'snapshots.edit': { id: ID, name: 'n', description: 'd' },
  'snapshots.setProtected': { id: ID, on: true },
  'snapshots.deletePlan': { id: ID },
  'snapshots.delete': { id: ID, confirmName: 'n' },
  'snapshots.revert': { id: ID, safetySnapshot: true, afterState: 'running' },
  'snapshots.restoreAsNew': { id: ID, name: 'clone', vcpus: 2, memoryMiB: 512, network: null, start: false, protect: true },
  'snapshots.createVolume': { hostId: HOST, vmUuid: UUID, disk: 'vda', name: 'v' },
  'snapshots.restoreVolume': { id: ID, asNewName: 'restored' },
  'snapshots.extractVolume': { id: ID, disk: 'vda', name: 'x' },
  'snapshots.reconcile': { hostId: HOST },
  'snapshots.adopt': { id: ID },
  'snapshots.forget': { id: ID },
  'snapshots.events': { id: ID },
  'snapshots.addNote': { id: ID, text: 'note' },
  'snapshots.thumbnail': { id: ID },
  'copies.list': { hostId: HOST },
  'copies.refresh': { hostId: HOST, vmUuid: UUID, to: 'test:///default', keep: 3 },
  'copies.verify': { hostId: HOST, vmUuid: UUID, to: 'test:///default' },
  'copies.remove': { hostId: HOST, vmUuid: UUID, to: 'test:///default' },
  'exports.exportVm': { hostId: HOST, vmUuid: UUID, snapshotId: ID, output: '/tmp/snapvisor-handlers-test/never.tar' },
  'exports.importVm': { hostId: HOST, file: '/tmp/snapvisor-handlers-test/none.tar', name: 'imported' },
  'exports.check': { hostId: HOST, file: '/tmp/snapvisor-handlers-test/none.tar' },
  'jobs.list': {},
  'jobs.cancel': { jobId: ID },
  'schedules.list': { hostId: HOST },
  'schedules.add': { hostId: HOST, vmUuid: UUID, kind: 'memory', intervalSeconds: 3600, keepLast: 3 },
  'schedules.update': { id: ID, enabled: false },
  'schedules.remove': { id: ID },
  'schedules.timer': {},
  'schedules.setTimer': { on: false },
};

function expectError(result: Result<unknown>, code: ErrorCode, params: Record<string, unknown> = {}): void {
  expect(result).toMatchObject({ ok: false, error: { code, params } });
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code} ${JSON.stringify(result.error.params)}`);
  return result.value;
}

describe('IPC handlers on test:///default', () => {
  let t: TestServices;
  let h: Handlers;
  const unexpected: unknown[] = [];
  /** A handler call typed by its channel (the handlers themselves answer Result<unknown>). */
  const call = <C extends Channel>(channel: C, request: RequestOf<C>) => h[channel](request) as Promise<Result<ResponseOf<C>>>;

  beforeAll(async () => {
    t = await createTestServices();
    h = createHandlers(t.services, {
      appInfo: () => ({ version: '9.9.9', platform: 'linux', locale: 'ko-KR' }),
      log: (_channel, e) => unexpected.push(e),
    });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('has a handler for every channel, mirroring the services one-to-one', () => {
    expect(Object.keys(h).sort()).toEqual([...CHANNELS].sort());
    const services = t.services as unknown as Record<string, Record<string, unknown>>;
    for (const channel of CHANNELS) {
      const [ns = '', method = ''] = channel.split('.');
      if (ns === 'app') continue;
      expect(typeof services[ns]?.[method], channel).toBe('function');
    }
    // …and every service method (but the CLI's runDue) is reachable over IPC.
    for (const ns of ['hosts', 'vms', 'snapshots', 'copies', 'exports', 'jobs', 'schedules']) {
      for (const method of Object.keys(services[ns] ?? {})) {
        if (ns === 'schedules' && ['runDue', 'start', 'stop'].includes(method)) continue;
        expect(CHANNELS, `${ns}.${method}`).toContain(`${ns}.${method}`);
      }
    }
  });

  it('accepts the well-formed request of every channel (the contract lets it through)', async () => {
    for (const channel of CHANNELS) {
      const r = await h[channel](VALID[channel]);
      // The services may still refuse (not found, wrong state…): contract failures carry `issue`.
      if (!r.ok) expect(r.error.params, `${channel}: ${r.error.code}`).not.toHaveProperty('issue');
    }
  });

  it('validates every channel: non-objects, unknown keys and prototype tricks are invalid_input', async () => {
    for (const channel of CHANNELS) {
      for (const bad of [null, undefined, 'x', 42, [], true]) {
        expectError(await h[channel](bad), 'invalid_input');
      }
      const extra = await h[channel]({ ...VALID[channel], sneaky: 1 });
      expectError(extra, 'invalid_input', { field: 'request', issue: 'unrecognized_keys', reason: 'unknown_field', key: 'sneaky' });
      const proto = await h[channel](JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(VALID[channel]).slice(1, -1)}}`.replace(', }', '}')));
      expectError(proto, 'invalid_input');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects hostile field values with the field, the reason and the limit', async () => {
    const cases: [Channel, unknown, Record<string, unknown>][] = [
      ['hosts.add', { uri: 'test:///default\u0000' }, { field: 'uri', reason: 'control_characters' }],
      ['hosts.add', { uri: `test:///${'a'.repeat(2_000)}` }, { field: 'uri', reason: 'too_long', max: 2_000 }],
      ['hosts.add', { uri: 'no scheme' }, { field: 'uri', reason: 'not_a_uri' }],
      ['hosts.add', { uri: 'test:///default', name: 'n'.repeat(201) }, { field: 'name', reason: 'too_long', max: 200 }],
      ['snapshots.get', { id: '../../etc/passwd' }, { field: 'id', reason: 'not_an_id' }],
      ['snapshots.get', { id: '' }, { field: 'id', reason: 'empty' }],
      ['snapshots.get', { id: 'a b' }, { field: 'id' }],
      ['snapshots.get', { id: 7 }, { field: 'id', issue: 'invalid_type', reason: 'wrong_type' }],
      ['snapshots.defaultName', { hostId: HOST, vmUuid: "'; DROP TABLE snapshots;--" }, { field: 'vmUuid' }],
      ['snapshots.create', { hostId: HOST, vmUuid: UUID, kind: 'volume' }, { field: 'kind' }],
      ['snapshots.create', { hostId: HOST, vmUuid: UUID, kind: 'memory', description: 'x'.repeat(10_001) }, { field: 'description', reason: 'too_long', max: 10_000 }],
      ['snapshots.create', { hostId: HOST, vmUuid: UUID, kind: 'memory', disks: ['../vda'] }, { field: 'disks', reason: 'not_a_disk_target' }],
      ['snapshots.create', { hostId: HOST, vmUuid: UUID, kind: 'memory', quiesce: 'yes' }, { field: 'quiesce', reason: 'wrong_type' }],
      ['snapshots.restoreAsNew', { id: ID, name: 'c', vcpus: 1.5 }, { field: 'vcpus', reason: 'not_whole_number' }],
      ['snapshots.restoreAsNew', { id: ID, name: 'c', vcpus: -1 }, { field: 'vcpus', reason: 'too_small', min: 1 }],
      ['snapshots.restoreAsNew', { id: ID, name: 'c', memoryMiB: Number.MAX_SAFE_INTEGER }, { field: 'memoryMiB', reason: 'too_large', max: 16 * 1024 * 1024 }],
      ['snapshots.restoreAsNew', { id: ID, name: 'c', network: '../../x' }, { field: 'network', reason: 'not_a_network_name' }],
      ['snapshots.restoreAsNew', { id: ID, name: 'c', hostname: '___' }, { field: 'hostname', reason: 'not_a_hostname' }],
      ['snapshots.restoreAsNew', { id: ID, name: 'c', sshKeys: ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----\n'] }, { field: 'sshKeys', reason: 'private_key' }],
      ['snapshots.restoreAsNew', { id: ID, name: 'c', sshKeys: ['ssh-ed25519 AAAA me'] }, { field: 'sshKeys', reason: 'not_a_public_key' }],
      ['snapshots.restoreAsNew', { id: ID, name: 'c', initScript: 'echo hi' }, { field: 'initScript', reason: 'not_a_script' }],
      ['snapshots.restoreAsNew', { id: ID, name: 'c', initScript: '#!/bin/sh\n\0' }, { field: 'initScript', reason: 'nul_bytes' }],
      ['snapshots.restoreAsNew', { id: ID, name: 'c', initScript: `#!/bin/sh\n${'#'.repeat(65_536)}` }, { field: 'initScript', reason: 'file_too_large', max: 65_536 }],
      ['snapshots.addNote', { id: ID, text: '' }, { field: 'text', reason: 'empty' }],
      ['snapshots.addNote', { id: ID, text: '  \n ' }, { field: 'text', reason: 'empty' }],
      ['snapshots.addNote', { id: ID, text: 'x'.repeat(10_001) }, { field: 'text', reason: 'too_long' }],
      ['snapshots.list', { since: 'yesterday' }, { field: 'since', reason: 'not_a_date' }],
      ['snapshots.list', { until: '2024-13-45' }, { field: 'until', reason: 'not_a_date' }],
      ['snapshots.list', { state: 'gone' }, { field: 'state', reason: 'not_allowed' }],
      ['schedules.add', { hostId: HOST, vmUuid: UUID, kind: 'memory', intervalSeconds: 59 }, { field: 'intervalSeconds', reason: 'too_small', min: 60 }],
      ['schedules.add', { hostId: HOST, vmUuid: UUID, kind: 'memory', keepLast: Infinity }, { field: 'keepLast' }],
      ['schedules.add', { hostId: HOST, vmUuid: UUID, kind: 'memory', cron: '61 * * * *' }, { field: 'cron', reason: 'cron_invalid' }],
      ['schedules.add', { hostId: HOST, vmUuid: UUID, kind: 'memory', cron: '* * *\n* *' }, { field: 'cron', reason: 'control_characters' }],
      ['schedules.add', { hostId: HOST, vmUuid: UUID, kind: 'memory', intervalSeconds: 3600, copyTo: 'backup' }, { field: 'copyTo', reason: 'not_a_uri' }],
      ['schedules.update', { id: ID, copyKeep: 0 }, { field: 'copyKeep', reason: 'too_small', min: 1 }],
      ['jobs.cancel', { jobId: null }, { field: 'jobId', reason: 'wrong_type' }],
      ['exports.exportVm', { hostId: HOST, vmUuid: UUID, output: 'relative/out.tar' }, { field: 'output', reason: 'not_a_file_path' }],
      ['exports.exportVm', { hostId: HOST, vmUuid: UUID, output: '/tmp/dir/' }, { field: 'output', reason: 'not_a_file_path' }],
      ['exports.exportVm', { hostId: HOST, vmUuid: UUID, output: '/tmp/a\u0000b.tar' }, { field: 'output', reason: 'control_characters' }],
      ['exports.exportVm', { hostId: HOST, vmUuid: UUID, output: `/${'a'.repeat(4_096)}` }, { field: 'output', reason: 'too_long', max: 4_096 }],
      ['exports.importVm', { hostId: HOST, file: '~/x.tar' }, { field: 'file', reason: 'not_a_file_path' }],
      ['exports.importVm', { hostId: HOST, file: '/tmp/x.tar', name: '../evil' }, { field: 'name', reason: 'resource_characters' }],
      ['exports.check', { hostId: HOST, file: '' }, { field: 'file', reason: 'empty' }],
      ['app.pickFile', { mode: 'delete' }, { field: 'mode', reason: 'not_allowed' }],
      ['app.pickFile', { mode: 'save', defaultName: '../../etc/passwd' }, { field: 'defaultName', reason: 'resource_characters' }],
    ];
    for (const [channel, request, params] of cases) {
      const r = await h[channel](request);
      expect(r, `${channel} ${JSON.stringify(request).slice(0, 80)}`).toMatchObject({ ok: false, error: { code: 'invalid_input', params } });
    }
  });

  it('passes names with metacharacters through to the services, which keep them verbatim', async () => {
    const nasty = `<snap name='x'>&amp; "quoted" ../../etc ${'한글'}`;
    const created = value(await call('snapshots.create', { hostId: HOST, vmUuid: UUID, kind: 'memory', name: nasty, description: '<![CDATA[ ]]>' }));
    expect(created.name).toBe(nasty);
    const detail = value(await call('snapshots.get', { id: created.id }));
    expect(detail.snapshot.description).toBe('<![CDATA[ ]]>');
  });

  it('keeps the code and params of service errors', async () => {
    expectError(await h['snapshots.get']({ id: 'nosuchsnap00' }), 'snapshot_not_found');
    expectError(await h['vms.list']({ hostId: 'no-such-host' }), 'host_not_found');
    const cold = await h['snapshots.create']({ hostId: HOST, vmUuid: UUID, kind: 'cold' });
    expectError(cold, 'vm_wrong_state', { kind: 'cold', state: 'running' });
    expect(unexpected).toEqual([]);
  });

  it('runs a snapshot through its life over IPC: create, edit, protect, note, thumbnail, delete', async () => {
    const name = value(await call('snapshots.defaultName', { hostId: HOST, vmUuid: UUID }));
    expect(typeof name).toBe('string');
    const s = value(await call('snapshots.create', { hostId: HOST, vmUuid: UUID, kind: 'memory', name: 'life' }));
    expect(s).toMatchObject({ name: 'life', state: 'ready', kind: 'memory' });
    expect(value(await call('snapshots.edit', { id: s.id, description: 'edited' })).description).toBe('edited');
    expect(value(await call('snapshots.setProtected', { id: s.id, on: true })).protected).toBe(true);
    expect(value(await call('snapshots.addNote', { id: s.id, text: 'checked' })).text).toBe('checked');
    const thumb = value(await call('snapshots.thumbnail', { id: s.id }));
    if (s.hasThumbnail) {
      expect(thumb).toMatch(/^data:image\/png;base64,/);
      const png = Buffer.from(String(thumb).split(',')[1] ?? '', 'base64');
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    } else {
      expect(thumb).toBeNull();
    }
    const plan = value(await call('snapshots.deletePlan', { id: s.id }));
    expect(plan.needsTypedName).toBe(true);
    expectError(await h['snapshots.delete']({ id: s.id }), 'protected_needs_name');
    expect(await h['snapshots.delete']({ id: s.id, confirmName: 'life' })).toEqual({ ok: true, value: undefined });
    expectError(await h['snapshots.get']({ id: s.id }), 'snapshot_not_found');
    const events = value(await call('snapshots.events', { id: s.id }));
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['create']));
  });

  it('manages schedules over IPC', async () => {
    const added = value(await call('schedules.add', { hostId: HOST, vmUuid: UUID, kind: 'memory', intervalSeconds: 3600, keepLast: 2 }));
    expect(added).toMatchObject({ hostId: HOST, vmUuid: UUID, intervalSeconds: 3600, keepLast: 2, enabled: true });
    expect(value(await call('schedules.update', { id: added.id, enabled: false })).enabled).toBe(false);
    expect(value(await call('schedules.update', { id: added.id, copyTo: 'qemu+ssh://backup/system', copyKeep: 4 }))).toMatchObject({ copyTo: 'qemu+ssh://backup/system', copyKeep: 4 });
    expectError(await h['schedules.update']({ id: added.id, copyTo: null }), 'schedule_invalid', { field: 'copyKeep', reason: 'copy_keep_without_target' });
    expectError(await h['schedules.update']({ id: added.id, copyTo: 'test:///default', copyKeep: null }), 'copy_same_host');
    expect(value(await call('schedules.list', { hostId: HOST })).map((s) => s.id)).toContain(added.id);
    expect((await h['schedules.remove']({ id: added.id })).ok).toBe(true);
    expectError(await h['schedules.update']({ id: added.id, enabled: true }), 'schedule_not_found');
  });

  it('asks the injected file dialog, and without one says no dialog is available', async () => {
    expectError(await h['app.pickFile']({ mode: 'open' }), 'file_dialog_unavailable');
    const asked: unknown[] = [];
    const withDialog = createHandlers(t.services, { pickFile: async (r) => { asked.push(r); return r.mode === 'save' ? { path: '/tmp/chosen.tar' } : null; } });
    expect(await withDialog['app.pickFile']({ mode: 'save', defaultName: 'test-2026-12-05.tar' })).toEqual({ ok: true, value: { path: '/tmp/chosen.tar' } });
    expect(await withDialog['app.pickFile']({ mode: 'open' })).toEqual({ ok: true, value: null });
    expect(asked).toEqual([{ mode: 'save', defaultName: 'test-2026-12-05.tar' }, { mode: 'open' }]);
  });

  it('exports and checks files over IPC as the services do: typed refusals, nothing left behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sv-ipc-export-'));
    try {
      // The test driver's snapshots are internal, which an export does not carry: one alone is
      // refused, and so is the whole VM (no snapshot in it to carry); neither leaves a file.
      const snap = value(await call('snapshots.create', { hostId: HOST, vmUuid: UUID, kind: 'memory', name: 'to-export' }));
      expectError(await h['exports.exportVm']({ hostId: HOST, vmUuid: UUID, snapshotId: snap.id, output: join(dir, 'one.tar') }), 'export_snapshot_unsupported', { name: 'to-export' });
      expectError(await h['exports.exportVm']({ hostId: HOST, vmUuid: UUID, output: join(dir, 'test.tar') }), 'export_vm_empty', { name: 'test' });
      expect(readdirSync(dir)).toEqual([]);
      // A file without snapshots (made by hand, or by an older Snapvisor) has nothing to restore:
      // it checks out, and the import refuses it and defines nothing.
      const output = save(join(dir, 'empty.tar'), await exportOf(manifestOf([]), []));
      expect(value(await call('exports.check', { hostId: HOST, file: output }))).toMatchObject({ vm: { name: 'vm-1' }, snapshots: [], fileCount: 0, bytes: 0 });
      expectError(await h['exports.importVm']({ hostId: HOST, file: output, name: 'imported' }), 'export_manifest_invalid', { detail: 'no snapshots' });
      expect(value(await call('vms.list', { hostId: HOST })).map((v) => v.name)).not.toContain('imported');
      const text = join(dir, 'notes.txt');
      writeFileSync(text, 'not an export\n'.repeat(100));
      expectError(await h['exports.check']({ hostId: HOST, file: text }), 'export_not_an_export', { path: text });
      const good = save(join(dir, 'good.tar'), await exportOf(manifestOf(), [BASE, LAYER, MEMORY]));
      expect(value(await call('exports.check', { hostId: HOST, file: good }))).toMatchObject({
        formatVersion: 1, vm: { name: 'vm-1' }, snapshots: [{ id: 's1', parentId: null }, { id: 's2', parentId: 's1', kind: 'memory' }],
        fileCount: 3, bytes: BASE.data.length + LAYER.data.length + MEMORY.data.length,
      });
      expect(unexpected).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers app.info from the shell', async () => {
    expect(await h['app.info']({})).toEqual({ ok: true, value: { version: '9.9.9', platform: 'linux', locale: 'ko-KR' } });
  });

  it('dispatch refuses names outside the table, including inherited ones', async () => {
    for (const name of ['hosts.nope', '__proto__', 'constructor', 'toString', 42, null]) {
      expectError(await dispatch(h, name, {}), 'invalid_input', { field: 'channel', reason: 'unknown_channel' });
    }
    expect(value(await dispatch(h, 'app.info', {}))).toMatchObject({ version: '9.9.9' });
  });

  it('every channel of the table has a request schema that rejects a non-object', () => {
    for (const channel of CHANNELS) expect(requests[channel].safeParse('x').success, channel).toBe(false);
  });
});

describe('IPC handlers when the services fail unexpectedly', () => {
  it('turns a non-SnapvisorError into internal with its message, and logs it', async () => {
    const t = await createTestServices();
    const logged: [Channel, unknown][] = [];
    const h = createHandlers(t.services, { log: (channel, e) => logged.push([channel, e]) });
    await t.dispose(); // the database is closed under the handlers: a real, unplanned failure
    const r = await h['snapshots.list']({});
    expect(r).toMatchObject({ ok: false, error: { code: 'internal', params: { message: expect.any(String) } } });
    expect(logged.map(([c]) => c)).toEqual(['snapshots.list']);
  });
});
