import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/store/db';
import { MIGRATIONS } from '../../../electron/store/migrations';
import { EventsRepo } from '../../../electron/store/events-repo';
import { HostsRepo, hostIdForUri } from '../../../electron/store/hosts-repo';
import { NotesRepo } from '../../../electron/store/notes-repo';
import { SnapshotsRepo, type NewSnapshot } from '../../../electron/store/snapshots-repo';
import { VmPoliciesRepo } from '../../../electron/store/vm-policies-repo';

const VM = '11111111-2222-3333-4444-555555555555';

function row(id: string, over: Partial<NewSnapshot> = {}): NewSnapshot {
  return {
    id, hostId: 'h', vm: { name: 'web', uuid: VM }, libvirtName: `sv-${id}`, name: `snap ${id}`, description: '', kind: 'cold',
    state: 'ready', location: 'internal', protected: false, parentId: null, dependentOf: null, origin: 'manual', scheduleId: null,
    quiesced: false, vmState: 'shutoff', memoryFile: null, expiresAt: null,
    disks: [{ target: 'vda', location: 'internal', format: 'qcow2', file: '/x/vda.qcow2', overlay: null, sizeBytes: 10 }],
    ...over,
  };
}

describe('store repositories on a temp SQLite file', () => {
  let dir: string;
  let db: Db;
  let repo: SnapshotsRepo;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sv-store-'));
    db = openDatabase(join(dir, 'db.sqlite'));
    new HostsRepo(db).add('h://x', 'h');
    db.prepare("UPDATE hosts SET id = 'h'").run();
    repo = new SnapshotsRepo(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates to the latest version with WAL and foreign keys', () => {
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => repo.insert(row('a', { hostId: 'no-such-host' }))).toThrow(/FOREIGN KEY/);
  });

  it('derives stable host ids from URIs and de-duplicates them', () => {
    const hosts = new HostsRepo(db);
    expect(hostIdForUri('qemu:///system')).toBe('qemu-system');
    expect(hostIdForUri('qemu+ssh://root@lab/system')).toBe('qemu-ssh-root-lab-system');
    expect(hosts.add('qemu:///system', 'local').id).toBe('qemu-system');
    expect(hosts.add('QEMU:///system', 'dup').id).toBe('qemu-system-2');
  });

  it('round-trips a snapshot with disks, removes with dependents and re-parents children in one go', () => {
    repo.insert(row('p'));
    repo.insert(row('a', { parentId: 'p' }));
    repo.insert(row('d', { dependentOf: 'a', kind: 'volume', libvirtName: null }));
    repo.insert(row('c1', { parentId: 'a' }));
    repo.insert(row('c2', { parentId: 'a' }));
    expect(repo.get('a')!.disks).toEqual(row('a').disks);
    expect(repo.children('a').map((s) => s.id).sort()).toEqual(['c1', 'c2']);
    repo.remove('a');
    expect(repo.get('a')).toBeNull();
    expect(repo.get('d')).toBeNull();
    expect(repo.children('p').map((s) => s.id).sort()).toEqual(['c1', 'c2']);
  });

  it('keeps at most one current snapshot per VM', () => {
    repo.insert(row('a'));
    repo.insert(row('b'));
    repo.setCurrent('h', VM, 'a');
    repo.setCurrent('h', VM, 'b');
    expect(repo.list({}).filter((s) => s.current).map((s) => s.id)).toEqual(['b']);
  });

  it('filters by vm, kind, state, search (literal % and _) and an inclusive date range', () => {
    repo.insert(row('a', { name: '100% done', kind: 'memory', createdAt: '2024-05-01T10:00:00.000Z' }));
    repo.insert(row('b', { name: 'under_score', description: 'nightly', createdAt: '2024-05-02T10:00:00.000Z' }));
    repo.insert(row('c', { name: 'other', state: 'error', createdAt: '2024-05-03T10:00:00.000Z', vm: { name: 'db', uuid: '99999999-2222-3333-4444-555555555555' } }));
    repo.insert(row('d', { dependentOf: 'a', kind: 'volume', libvirtName: null, name: 'snapshot for 100% done', createdAt: '2024-05-01T10:00:00.000Z' }));
    const ids = (f: Parameters<SnapshotsRepo['list']>[0]) => repo.list(f).map((s) => s.id).sort();
    expect(ids({})).toEqual(['a', 'b', 'c']);
    expect(ids({ includeDependents: true })).toEqual(['a', 'b', 'c', 'd']);
    expect(ids({ vmUuid: VM })).toEqual(['a', 'b']);
    expect(ids({ kind: 'memory' })).toEqual(['a']);
    expect(ids({ state: 'error' })).toEqual(['c']);
    expect(ids({ search: '%' })).toEqual(['a']);
    expect(ids({ search: '_' })).toEqual(['b']);
    expect(ids({ search: 'NIGHT' })).toEqual(['b']);
    expect(ids({ search: 'db' })).toEqual(['c']);
    expect(ids({ since: '2024-05-02', until: '2024-05-02' })).toEqual(['b']);
    expect(ids({ since: '2024-05-02T00:00:00Z' })).toEqual(['b', 'c']);
    expect(ids({ until: '2024-05-01' })).toEqual(['a']);
  });

  it('lists 10,000 snapshots with their disks fast', () => {
    const t0 = performance.now();
    repo.transaction(() => {
      for (let i = 0; i < 10_000; i++) repo.insert(row(`s${i}`, { createdAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString() }));
    });
    const inserted = performance.now() - t0;
    const t1 = performance.now();
    const all = repo.list({ hostId: 'h' });
    const listed = performance.now() - t1;
    expect(all).toHaveLength(10_000);
    expect(all[0]!.id).toBe('s9999');
    expect(all.every((s) => s.disks.length === 1)).toBe(true);
    expect(listed).toBeLessThan(1500);
    expect(inserted).toBeLessThan(15_000);
    expect(repo.list({ hostId: 'h', search: 's9998' }).map((s) => s.id)).toEqual(['s9998']);
  });

  it('keeps events (newest first, JSON detail) after their snapshot is gone, notes go with it', () => {
    const events = new EventsRepo(db);
    const notes = new NotesRepo(db);
    repo.insert(row('a'));
    events.add({ hostId: 'h', snapshotId: 'a', vmUuid: VM, action: 'create', outcome: 'started', detail: { k: 1 } });
    events.add({ hostId: 'h', snapshotId: 'a', vmUuid: VM, action: 'create', outcome: 'succeeded' });
    notes.add('a', 'hello');
    repo.remove('a');
    expect(events.list('a').map((e) => [e.outcome, e.detail])).toEqual([['succeeded', {}], ['started', { k: 1 }]]);
    expect(notes.list('a')).toEqual([]);
  });

  it('records per-VM policies and restored VMs', () => {
    const p = new VmPoliciesRepo(db);
    expect(p.get('h', VM)).toBeNull();
    p.set('h', VM, 'external', 'raw disk');
    p.set('h', VM, 'internal', 'changed');
    expect(p.get('h', VM)).toMatchObject({ location: 'internal', reason: 'changed' });
    p.addRestored({ hostId: 'h', vmUuid: 'u2', vmName: 'copy', snapshotId: 'a' });
    expect(p.restoredFrom('a').map((r) => r.vmName)).toEqual(['copy']);
    p.removeRestored('h', 'u2');
    expect(p.restoredFrom('a')).toEqual([]);
  });
});
