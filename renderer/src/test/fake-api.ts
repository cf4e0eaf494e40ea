// An in-memory window.snapvisor for component tests and the renderer benchmark: a test double of
// our own IPC contract (not of libvirt or SQLite). It keeps just enough rules to exercise the
// screens: VM states for kinds, protected names on delete, dependents that refuse deletion.
import type {
  ApiError, CopyInfo, CopyRefreshResult, CopyVerifyResult, DeletePlan, ExportDone, ExportSummary, ImportVmResult, LocalSshKey, EventName, EventPayload, HostStatus, Job, Note, Result, Schedule, ScheduleTimerStatus, Snapshot,
  SnapshotEvent, SnapshotFilter, SnapshotKind, SnapvisorApi, SnapshotDetail, Vm, VmNetwork, VmRemovalPlan,
} from '../api/contract';

export interface FakeApi extends SnapvisorApi {
  /** Every call made, as "namespace.method", with its request. */
  calls: { channel: string; request: unknown }[];
  state: { hosts: HostStatus[]; vms: Vm[]; snapshots: Snapshot[]; schedules: Schedule[]; jobs: Job[]; networks: VmNetwork[]; timer: ScheduleTimerStatus; sshKeys: LocalSshKey[]; copies: CopyInfo[];
    /** What snapshots.get says of copies, per snapshot id (none when absent). */
    copyFacts: Record<string, Pick<SnapshotDetail, 'copyOf' | 'copies'>>;
    /** What the next file dialogs answer, in order (null: cancelled; none left: cancelled). */
    picks: (string | null)[];
    /** The export files on "disk", by path: what exports.check reads back. */
    files: Record<string, ExportSummary> };
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Makes the next call (or `times` calls) to a channel fail with this error. */
  failNext(channel: string, error: ApiError, times?: number): void;
}

export const HOST_ID = 'demo';
export const RUNNING_UUID = '6695eb01-f6a4-8304-79aa-97f2502e193f';
export const SHUTOFF_UUID = '1b2c3d4e-0000-4000-8000-000000000002';

export function demoHost(kinds: SnapshotKind[] = ['cold', 'hot', 'memory', 'volume']): HostStatus {
  return {
    id: HOST_ID, uri: 'test:///default', name: 'Demo host', demo: true, state: 'connected', error: null, failure: null,
    libvirtVersion: '9.0.0', hypervisorVersion: '2.0.0',
    capabilities: { externalRevert: false, externalDelete: true, uefiInternalRunning: false, kinds, storage: 'ok', storageError: null, internalSnapshotFiles: true },
  };
}

/** The systemd timer's state; by default as in a container: no user systemd instance. */
export function timerStatus(patch: Partial<ScheduleTimerStatus> = {}): ScheduleTimerStatus {
  return {
    available: false, reason: 'no_user_manager', installed: false, current: false, enabled: false, active: false,
    nextRunAt: null, lastTriggerAt: null, lastResult: null, unitDirectory: '/home/ann/.config/systemd/user',
    cronLine: '*/5 * * * * /usr/bin/snapvisor schedules run --connect test:///default --db /home/ann/.local/share/snapvisor/snapvisor.db',
    ...patch,
  };
}

export function vm(name: string, uuid: string, state: Vm['state'], snapshotCount = 0, guestAgent = false): Vm {
  return {
    hostId: HOST_ID, uuid, name, state, vcpus: 2, memoryMiB: 1024, uefi: false, persistent: true, snapshotCount, guestAgent, protected: false,
    disks: [
      { target: 'vda', device: 'disk', type: 'file', format: 'qcow2', source: `/var/lib/libvirt/images/${name}.qcow2`, readonly: false, shareable: false },
      { target: 'vdb', device: 'disk', type: 'file', format: 'qcow2', source: `/var/lib/libvirt/images/${name}-data.qcow2`, readonly: false, shareable: false },
      { target: 'sda', device: 'cdrom', type: 'file', format: 'raw', source: null, readonly: true, shareable: false },
    ],
  };
}

let counter = 0;

export function snapshot(overrides: Partial<Snapshot> & { name: string }): Snapshot {
  counter++;
  return {
    id: overrides.id ?? `s${counter.toString(16).padStart(11, '0')}`,
    hostId: HOST_ID,
    description: '',
    vm: { name: 'test', uuid: RUNNING_UUID },
    kind: 'hot',
    state: 'ready',
    location: 'external',
    libvirtName: overrides.name,
    protected: false,
    parentId: null,
    dependentOf: null,
    current: false,
    origin: 'manual',
    scheduleId: null,
    quiesced: false,
    vmState: 'disk-snapshot',
    memoryFile: null,
    createdAt: new Date(Date.UTC(2025, 0, 1) + counter * 60_000).toISOString(),
    expiresAt: null,
    sizeBytes: 1024 * 1024 * (counter % 900 + 1),
    disks: [{ target: 'vda', location: 'external', format: 'qcow2', file: '/var/lib/libvirt/images/test.qcow2', overlay: `/var/lib/libvirt/images/test.${counter}.qcow2`, sizeBytes: 1 << 20 }],
    error: null,
    hasThumbnail: false,
    ...overrides,
  };
}

/** `count` snapshots spread over a few VMs, in parent chains, for the list and the benchmark. */
export function manySnapshots(count: number): Snapshot[] {
  const vms = [{ name: 'test', uuid: RUNNING_UUID }, { name: 'db', uuid: SHUTOFF_UUID }];
  const kinds = ['cold', 'hot', 'memory', 'volume'] as const;
  const out: Snapshot[] = [];
  const last = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const v = vms[i % vms.length]!;
    const s = snapshot({ name: `${v.name}-snap-${String(i).padStart(5, '0')}`, vm: v, kind: kinds[i % 4]!, parentId: last.get(v.uuid) ?? null, protected: i % 50 === 0, description: i % 7 === 0 ? 'before upgrade' : '' });
    last.set(v.uuid, s.id);
    out.push(s);
  }
  return out;
}

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (code: ApiError['code'], params: ApiError['params'] = {}): Result<never> => ({ ok: false, error: { code, params } });

export function createFakeApi(seed: Partial<FakeApi['state']> = {}): FakeApi {
  const state: FakeApi['state'] = {
    hosts: seed.hosts ?? [demoHost()],
    vms: seed.vms ?? [vm('test', RUNNING_UUID, 'running'), vm('db', SHUTOFF_UUID, 'shutoff')],
    snapshots: seed.snapshots ?? [],
    schedules: seed.schedules ?? [],
    jobs: seed.jobs ?? [],
    networks: seed.networks ?? [{ name: 'default', active: true, persistent: true }],
    timer: seed.timer ?? timerStatus(),
    sshKeys: seed.sshKeys ?? [],
    copies: seed.copies ?? [],
    copyFacts: seed.copyFacts ?? {},
    picks: seed.picks ?? [],
    files: seed.files ?? {},
  };
  const notes: Note[] = [];
  const events: SnapshotEvent[] = [];
  const calls: FakeApi['calls'] = [];
  const failures = new Map<string, { error: ApiError; times: number }>();
  const listeners = new Map<EventName, Set<(p: never) => void>>();

  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const l of listeners.get(event) ?? []) (l as (p: EventPayload<E>) => void)(payload);
  };

  /** Wraps a handler: records the call, honours failNext, answers asynchronously like IPC. */
  function channel<Req, Res>(name: string, handler: (req: Req) => Result<Res>) {
    return async (req?: Req): Promise<Result<Res>> => {
      const request = (req ?? {}) as Req;
      calls.push({ channel: name, request });
      await Promise.resolve();
      const f = failures.get(name);
      if (f) {
        if (--f.times <= 0) failures.delete(name);
        return { ok: false, error: f.error };
      }
      return handler(request);
    };
  }

  const find = (id: string) => state.snapshots.find((s) => s.id === id);
  /** Like the services: the rows as they are now, and the ids removed. */
  const changed = (s: Snapshot, snapshots: Snapshot[] = [s], removedIds: string[] = []) =>
    emit('snapshot.changed', { hostId: s.hostId, vmUuid: s.vm.uuid, snapshotIds: [s.id], snapshots, removedIds });
  const update = (id: string, patch: Partial<Snapshot>): Snapshot => {
    const i = state.snapshots.findIndex((s) => s.id === id);
    const next = { ...state.snapshots[i]!, ...patch };
    state.snapshots[i] = next;
    changed(next);
    return next;
  };
  const matches = (f: SnapshotFilter) => (s: Snapshot) =>
    (!f.hostId || s.hostId === f.hostId) && (!f.vmUuid || s.vm.uuid === f.vmUuid) && (!f.kind || s.kind === f.kind) &&
    (!f.state || s.state === f.state) && (!f.search || s.name.includes(f.search)) && (f.includeDependents || !s.dependentOf);

  const api: FakeApi = {
    calls,
    state,
    emit,
    failNext: (name: string, error: ApiError, times = 1) => { failures.set(name, { error, times }); },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (p: never) => void);
      return () => { set.delete(listener as (p: never) => void); };
    },
    app: {
      info: channel('app.info', () => ok({ version: '0.0.0-test', platform: 'linux', locale: 'en-US' })),
      sshPublicKeys: channel('app.sshPublicKeys', () => ok(state.sshKeys)),
      pickFile: channel('app.pickFile', () => {
        const path = state.picks.shift() ?? null;
        return ok(path === null ? null : { path });
      }),
    },
    // Like the services: an export never replaces a file; an import reads only an export, takes
    // a free name (the original's unless one is given) and announces the new VM.
    exports: {
      exportVm: channel('exports.exportVm', (r: { hostId: string; vmUuid: string; snapshotId?: string; output: string }) => {
        const v = state.vms.find((x) => x.hostId === r.hostId && x.uuid === r.vmUuid);
        if (!v) return fail('vm_not_found', { vm: r.vmUuid });
        if (state.files[r.output]) return fail('target_exists', { path: r.output });
        const held = state.snapshots.filter((s) => s.vm.uuid === v.uuid && (r.snapshotId === undefined || s.id === r.snapshotId));
        const bytes = held.reduce((n, s) => n + (s.sizeBytes ?? 0), 0);
        state.files[r.output] = {
          formatVersion: 1, snapvisorVersion: '0.0.0-test', createdAt: new Date().toISOString(), source: { uri: 'test:///default', hostname: 'fake' },
          vm: { name: v.name, uuid: v.uuid }, snapshots: held.map((s) => ({ id: s.id, parentId: s.parentId, name: s.name, kind: s.kind, createdAt: s.createdAt })),
          fileCount: held.length, bytes,
        };
        const done: ExportDone = { file: r.output, vm: { name: v.name, uuid: v.uuid }, snapshots: held.length, bytes, skipped: [] };
        return ok(done);
      }),
      importVm: channel('exports.importVm', (r: { hostId: string; file: string; name?: string }) => {
        const f = state.files[r.file];
        if (!f) return fail('export_not_an_export', { path: r.file });
        const taken = (n: string) => state.vms.some((v) => v.hostId === r.hostId && v.name === n);
        if (r.name !== undefined && taken(r.name)) return fail('target_exists', { name: r.name });
        let name = r.name ?? f.vm.name;
        for (let i = 2; taken(name); i++) name = `${f.vm.name}-${i}`;
        const uuid = `e0000000-0000-4000-8000-${String(state.vms.length).padStart(12, '0')}`;
        state.vms.push({ ...vm(name, uuid, 'shutoff'), hostId: r.hostId });
        emit('vm.changed', { hostId: r.hostId, vmUuid: uuid });
        const result: ImportVmResult = { vm: { name, uuid }, snapshots: f.snapshots.map((s) => ({ id: s.id, name: s.name, exportedId: s.id })), files: [], bytes: f.bytes };
        return ok(result);
      }),
      check: channel('exports.check', (r: { file: string }) => (state.files[r.file] ? ok(state.files[r.file]!) : fail('export_not_an_export', { path: r.file }))),
    },
    hosts: {
      list: channel('hosts.list', () => ok(state.hosts)),
      add: channel('hosts.add', (r: { uri: string; name?: string }) => {
        const h: HostStatus = { ...demoHost(), id: `h${state.hosts.length}`, uri: r.uri, name: r.name ?? r.uri, demo: r.uri.startsWith('test:') };
        state.hosts.push(h);
        return ok(h);
      }),
      test: channel('hosts.test', (r: { uri: string }) => ok(r.uri.startsWith('test:') ? { ok: true, libvirtVersion: '9.0.0', error: null } : { ok: false, libvirtVersion: null, error: { code: 'host_unreachable' as const, params: { uri: r.uri, detail: 'no daemon' } } })),
      remove: channel('hosts.remove', (r: { hostId: string }) => { state.hosts = state.hosts.filter((h) => h.id !== r.hostId); return ok(undefined); }),
      connect: channel('hosts.connect', (r: { hostId: string }) => {
        const h = state.hosts.find((x) => x.id === r.hostId);
        return h ? ok(h) : fail('host_not_found', { host: r.hostId });
      }),
    },
    vms: {
      list: channel('vms.list', (r: { hostId: string }) => ok(state.vms.filter((v) => v.hostId === r.hostId).map((v) => ({ ...v, snapshotCount: state.snapshots.filter((s) => s.vm.uuid === v.uuid).length })))),
      networks: channel('vms.networks', () => ok(state.networks)),
      removalPlan: channel('vms.removalPlan', (r: { hostId: string; vmUuid: string }) => {
        const v = state.vms.find((x) => x.hostId === r.hostId && x.uuid === r.vmUuid);
        if (!v) return fail('vm_not_found', { vm: r.vmUuid });
        const snapshots = state.snapshots.filter((s) => s.vm.uuid === v.uuid).map((s) => ({ id: s.id, name: s.name }));
        const files = v.disks.map((d) => ({ path: `/var/lib/libvirt/snapvisor/x/${v.uuid}.new-${d.target}.qcow2`, bytes: 1 << 20 }));
        const blockedBy: VmRemovalPlan['blockedBy'] = v.snapvisorMade ? (v.state === 'shutoff' ? null : { code: 'vm_wrong_state' as const, params: { vm: v.name, state: v.state, needs: 'shutoff' as const } })
          : { code: 'vm_not_removable' as const, params: { vm: v.name } };
        return ok({ vm: { hostId: v.hostId, uuid: v.uuid, name: v.name, state: v.state, protected: v.protected }, files, snapshots, nvram: null, blockedBy, needsTypedName: v.protected });
      }),
      remove: channel('vms.remove', (r: { hostId: string; vmUuid: string; confirmName?: string }) => {
        const v = state.vms.find((x) => x.hostId === r.hostId && x.uuid === r.vmUuid);
        if (!v) return fail('vm_not_found', { vm: r.vmUuid });
        if (v.protected && r.confirmName !== v.name) return fail('vm_protected_needs_name', { vm: v.name });
        state.vms = state.vms.filter((x) => x !== v);
        return ok({ removedFiles: [], removedSnapshots: [] });
      }),
    },
    copies: {
      list: channel('copies.list', (f: { hostId?: string; vmUuid?: string }) =>
        ok(state.copies.filter((c) => (!f.hostId || c.source.hostId === f.hostId) && (!f.vmUuid || c.source.vm.uuid === f.vmUuid)))),
      // Like the services: never to the VM's own host; a new target becomes a known host; the
      // target keeps the newest `keep` of the VM's snapshots; each refresh sends 1 MiB per new copy.
      refresh: channel('copies.refresh', (r: { hostId: string; vmUuid: string; to: string; keep?: number | null }) => {
        const source = state.hosts.find((h) => h.id === r.hostId);
        const v = state.vms.find((x) => x.hostId === r.hostId && x.uuid === r.vmUuid);
        if (!source || !v) return fail('vm_not_found', { vm: r.vmUuid });
        if (r.to === source.uri) return fail('copy_same_host', { uri: r.to });
        let target = state.hosts.find((h) => h.uri === r.to);
        if (!target) {
          target = { ...demoHost(), id: `h${state.hosts.length}`, uri: r.to, name: r.to, demo: false };
          state.hosts.push(target);
        }
        const known = state.copies.find((c) => c.source.vm.uuid === v.uuid && c.target.uri === r.to);
        const keep = r.keep !== undefined ? r.keep : known?.keep ?? null;
        const count = state.snapshots.filter((s) => s.vm.uuid === v.uuid).length;
        const held = keep === null ? count : Math.min(count, keep);
        const bytesSent = Math.max(0, held - (known?.snapshotCount ?? 0)) * 2 ** 20;
        const copy: CopyInfo = {
          id: known?.id ?? `copy${state.copies.length + 1}`,
          source: { hostId: source.id, uri: source.uri, vm: { name: v.name, uuid: v.uuid } },
          target: { hostId: target.id, uri: target.uri }, copyVm: known?.copyVm ?? { name: v.name, uuid: `c0000000-0000-4000-8000-${String(state.copies.length).padStart(12, '0')}` },
          keep, snapshotCount: held, refreshedAt: new Date().toISOString(), lastBytesSent: bytesSent, lastError: null,
        };
        state.copies = known ? state.copies.map((c) => (c === known ? copy : c)) : [...state.copies, copy];
        emit('vm.changed', { hostId: source.id, vmUuid: v.uuid });
        const result: CopyRefreshResult = { vm: copy.source.vm, target: r.to, copyVm: copy.copyVm, sent: [], bytesSent, kept: [], removed: [] };
        return ok(result);
      }),
      verify: channel('copies.verify', (r: { vmUuid: string; to: string }) => {
        const c = state.copies.find((x) => x.source.vm.uuid === r.vmUuid && x.target.uri === r.to);
        if (!c) return fail('copy_not_found', { vm: r.vmUuid, target: r.to });
        const files = Array.from({ length: c.snapshotCount }, (_, i) => ({ file: `/pool/${c.copyVm.uuid}.${i}.qcow2`, state: 'ok' as const, expected: 'a', actual: 'a', bytes: 2 ** 20 }));
        const result: CopyVerifyResult = { vm: c.source.vm, target: r.to, copyVm: c.copyVm, files, differ: 0 };
        return ok(result);
      }),
      remove: channel('copies.remove', (r: { vmUuid: string; to: string }) => {
        const c = state.copies.find((x) => x.source.vm.uuid === r.vmUuid && x.target.uri === r.to);
        if (!c) return fail('copy_not_found', { vm: r.vmUuid, target: r.to });
        state.copies = state.copies.filter((x) => x !== c);
        emit('vm.changed', { hostId: c.source.hostId, vmUuid: c.source.vm.uuid });
        return ok({ copyVm: c.copyVm, target: r.to, removedFiles: [], removedSnapshots: [] });
      }),
    },
    snapshots: {
      list: channel('snapshots.list', (f: SnapshotFilter) => ok(state.snapshots.filter(matches(f)).slice(0, f.limit))),
      get: channel('snapshots.get', (r: { id: string }) => {
        const s = find(r.id);
        if (!s) return fail('snapshot_not_found', { snapshot: r.id });
        return ok({
          snapshot: s,
          children: state.snapshots.filter((c) => c.parentId === s.id),
          dependents: state.snapshots.filter((c) => c.dependentOf === s.id),
          events: events.filter((e) => e.snapshotId === s.id),
          copyOf: state.copyFacts[s.id]?.copyOf ?? null,
          copies: state.copyFacts[s.id]?.copies ?? [],
          notes: notes.filter((n) => n.snapshotId === s.id),
        });
      }),
      defaultName: channel('snapshots.defaultName', (r: { vmUuid: string }) => ok(`${state.vms.find((v) => v.uuid === r.vmUuid)?.name ?? 'vm'}-snap-1`)),
      create: channel('snapshots.create', (r: { vmUuid: string; kind: Snapshot['kind']; name?: string; description?: string; protect?: boolean }) => {
        const v = state.vms.find((x) => x.uuid === r.vmUuid);
        if (!v) return fail('vm_not_found', { vm: r.vmUuid });
        if ((r.kind === 'cold') !== (v.state === 'shutoff')) return fail('vm_wrong_state', { vm: v.name, state: v.state, required: r.kind === 'cold' ? 'shutoff' : 'running' });
        if (state.snapshots.some((s) => s.vm.uuid === v.uuid && s.name === r.name)) return fail('name_taken', { name: r.name ?? '' });
        const s = snapshot({ name: r.name ?? `${v.name}-snap`, vm: { name: v.name, uuid: v.uuid }, kind: r.kind, description: r.description ?? '', protected: r.protect ?? false });
        state.snapshots.push(s);
        changed(s);
        return ok(s);
      }),
      edit: channel('snapshots.edit', (r: { id: string; name?: string; description?: string }) => (find(r.id) ? ok(update(r.id, { ...(r.name !== undefined ? { name: r.name } : {}), ...(r.description !== undefined ? { description: r.description } : {}) })) : fail('snapshot_not_found', { snapshot: r.id }))),
      setProtected: channel('snapshots.setProtected', (r: { id: string; on: boolean }) => ok(update(r.id, { protected: r.on }))),
      deletePlan: channel('snapshots.deletePlan', (r: { id: string }) => {
        const s = find(r.id);
        if (!s) return fail('snapshot_not_found', { snapshot: r.id });
        const owner = s.dependentOf ? find(s.dependentOf) : undefined;
        const plan: DeletePlan = {
          snapshot: s,
          dependents: state.snapshots.filter((c) => c.dependentOf === s.id),
          children: state.snapshots.filter((c) => c.parentId === s.id),
          newParentId: s.parentId,
          blockedBy: owner ? { code: 'dependent_not_deletable', params: { snapshot: s.name, parent: owner.name } } : null,
          needsTypedName: s.protected,
        };
        return ok(plan);
      }),
      delete: channel('snapshots.delete', (r: { id: string; confirmName?: string }) => {
        const s = find(r.id);
        if (!s) return fail('snapshot_not_found', { snapshot: r.id });
        if (s.protected && r.confirmName !== s.name) return fail('protected_needs_name', { snapshot: s.name });
        const removedIds = state.snapshots.filter((x) => x.id === s.id || x.dependentOf === s.id).map((x) => x.id);
        const moved: Snapshot[] = [];
        state.snapshots = state.snapshots.filter((x) => !removedIds.includes(x.id)).map((x) => {
          if (x.parentId !== s.id) return x;
          const child = { ...x, parentId: s.parentId };
          moved.push(child);
          return child;
        });
        changed(s, moved, removedIds);
        return ok(undefined);
      }),
      revert: channel('snapshots.revert', (r: { id: string; afterState?: 'running' | 'paused' | 'shutoff' }) => {
        const s = find(r.id);
        if (!s) return fail('snapshot_not_found', { snapshot: r.id });
        const vmState = r.afterState ?? (s.kind === 'memory' ? 'running' : 'shutoff');
        state.vms = state.vms.map((v) => (v.uuid === s.vm.uuid ? { ...v, state: vmState } : v));
        return ok({ snapshot: s, safetySnapshot: null, vmState });
      }),
      restoreAsNew: channel('snapshots.restoreAsNew', (r: { id: string; name: string; vcpus?: number; memoryMiB?: number }) => {
        if (state.vms.some((v) => v.name === r.name)) return fail('target_exists', { name: r.name });
        const created = { ...vm(r.name, `00000000-0000-4000-8000-${String(state.vms.length).padStart(12, '0')}`, 'shutoff'), vcpus: r.vcpus ?? 1, memoryMiB: r.memoryMiB ?? 512 };
        state.vms.push(created);
        return ok(created);
      }),
      createVolume: channel('snapshots.createVolume', (r: { vmUuid: string; disk: string; name?: string }) => {
        const v = state.vms.find((x) => x.uuid === r.vmUuid);
        const s = snapshot({ name: r.name ?? `${v?.name}-${r.disk}`, kind: 'volume', vm: { name: v?.name ?? '?', uuid: r.vmUuid } });
        state.snapshots.push(s);
        return ok(s);
      }),
      restoreVolume: channel('snapshots.restoreVolume', (r: { id: string; asNewName?: string }) => ok({ path: `/var/lib/libvirt/images/${r.asNewName ?? 'restored'}.qcow2`, inPlace: !r.asNewName })),
      extractVolume: channel('snapshots.extractVolume', (r: { id: string; disk: string; name?: string }) => {
        const src = find(r.id)!;
        const s = snapshot({ name: r.name ?? `${src.name}-${r.disk}`, kind: 'volume', vm: src.vm });
        state.snapshots.push(s);
        return ok(s);
      }),
      reconcile: channel('snapshots.reconcile', () => ok({ adoptable: 0, missing: 0, resolved: 0, unchanged: state.snapshots.length })),
      adopt: channel('snapshots.adopt', (r: { id: string }) => ok(update(r.id, { state: 'ready', origin: 'adopted' }))),
      forget: channel('snapshots.forget', (r: { id: string }) => { state.snapshots = state.snapshots.filter((s) => s.id !== r.id); return ok(undefined); }),
      events: channel('snapshots.events', (r: { id?: string }) => ok(events.filter((e) => !r.id || e.snapshotId === r.id))),
      addNote: channel('snapshots.addNote', (r: { id: string; text: string }) => {
        const n: Note = { id: notes.length + 1, snapshotId: r.id, at: new Date().toISOString(), text: r.text };
        notes.push(n);
        return ok(n);
      }),
      thumbnail: channel('snapshots.thumbnail', () => ok(null)),
    },
    jobs: {
      list: channel('jobs.list', () => ok(state.jobs)),
      cancel: channel('jobs.cancel', () => ok(undefined)),
    },
    schedules: {
      list: channel('schedules.list', () => ok(state.schedules)),
      add: channel('schedules.add', (r: Omit<Schedule, 'id' | 'vmName' | 'lastRunAt' | 'nextRunAt' | 'lastError' | 'lastFailure' | 'namePattern' | 'enabled' | 'intervalSeconds' | 'cron' | 'keepLast' | 'maxAgeSeconds' | 'copyTo' | 'copyKeep'> & Partial<Schedule>) => {
        const s: Schedule = {
          id: `sch${state.schedules.length + 1}`, hostId: r.hostId, vmUuid: r.vmUuid, kind: r.kind,
          vmName: state.vms.find((v) => v.uuid === r.vmUuid)?.name ?? '?', intervalSeconds: r.intervalSeconds ?? null, cron: r.cron ?? null,
          namePattern: r.namePattern ?? '{vm}-{date}', keepLast: r.keepLast ?? null, maxAgeSeconds: r.maxAgeSeconds ?? null,
          copyTo: r.copyTo ?? null, copyKeep: r.copyKeep ?? null, enabled: r.enabled ?? true,
          lastRunAt: null, nextRunAt: '2025-01-02T03:00:00.000Z', lastError: null, lastFailure: null,
        };
        state.schedules.push(s);
        return ok(s);
      }),
      update: channel('schedules.update', (r: Partial<Schedule> & { id: string }) => {
        const i = state.schedules.findIndex((s) => s.id === r.id);
        if (i < 0) return fail('schedule_not_found', { schedule: r.id });
        state.schedules[i] = { ...state.schedules[i]!, ...r };
        return ok(state.schedules[i]!);
      }),
      remove: channel('schedules.remove', (r: { id: string }) => { state.schedules = state.schedules.filter((s) => s.id !== r.id); return ok(undefined); }),
      timer: channel('schedules.timer', () => ok(state.timer)),
      setTimer: channel('schedules.setTimer', (r: { on: boolean }) => {
        if (!state.timer.available) return fail('timer_unavailable', { reason: state.timer.reason ?? 'no_user_manager' });
        state.timer = { ...state.timer, installed: r.on, current: r.on, enabled: r.on, active: r.on, nextRunAt: r.on ? '2025-01-02T03:05:00.000Z' : null };
        return ok(state.timer);
      }),
    },
  };
  return api;
}

/** Installs a fake as window.snapvisor (component tests run in happy-dom). */
export function installFakeApi(seed: Partial<FakeApi['state']> = {}): FakeApi {
  const fake = createFakeApi(seed);
  Object.defineProperty(window, 'snapvisor', { value: fake, configurable: true, writable: true });
  return fake;
}
