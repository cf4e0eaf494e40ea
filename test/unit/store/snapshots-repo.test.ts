import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate, openDatabase, type Db } from '../../../electron/store/db';
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

  it('lists 10,000 snapshots with their disks, building each row once while it is unchanged', () => {
    repo.transaction(() => {
      for (let i = 0; i < 10_000; i++) repo.insert(row(`s${i}`, { createdAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString() }));
    });
    const all = repo.list({ hostId: 'h' });
    expect(all).toHaveLength(10_000);
    expect(all[0]!.id).toBe('s9999');
    expect(all.every((s) => s.disks.length === 1 && s.disks[0]!.file === '/x/vda.qcow2')).toBe(true);
    repo.update('s5000', { name: 'renamed' });
    const again = repo.list({ hostId: 'h' });
    expect(again.filter((s, i) => s !== all[i]).map((s) => [s.id, s.name])).toEqual([['s5000', 'renamed']]);
    expect(repo.list({ hostId: 'h', search: 's9998' }).map((s) => s.id)).toEqual(['s9998']);
  });

  it('reads back any text and number it wrote, in a first list (a fresh repository: the CLI) with a limit and in later ones', () => {
    const odd = 'quote " backslash \\ tab \t newline \n nul-ish \u0001 한국어 😀 </x> \u2028';
    const written = [
      repo.insert(row('a', { name: odd, description: odd, createdAt: '2024-05-01T10:00:00.000Z', protected: true, quiesced: true })),
      repo.insert(row('b', {
        createdAt: '2024-05-02T10:00:00.000Z', memoryFile: `/m/${odd}`, expiresAt: '2030-01-01T00:00:00.000Z',
        disks: [
          { target: 'vdb', location: 'external', format: 'raw', file: null, overlay: `/o/${odd}`, sizeBytes: 2 ** 52 },
          { target: 'vda', location: 'none', format: null, file: '/x/a', overlay: null, sizeBytes: null },
        ],
      })),
    ];
    const expected = [written[1]!, written[0]!].map((s) => ({ ...s, disks: [...s.disks].sort((x, y) => x.target.localeCompare(y.target)) }));
    const fresh = new SnapshotsRepo(db);
    expect(fresh.list({ hostId: 'h', limit: 1 })).toEqual(expected.slice(0, 1));
    expect(fresh.list({ hostId: 'h' })).toEqual(expected);
    expect(new SnapshotsRepo(db).list({ hostId: 'h' })).toEqual(expected);
    expect(new SnapshotsRepo(db).get('a')).toEqual(expected[1]);
  });

  it('shares frozen rows, and sees what another connection or a foreign-key action changed', () => {
    repo.insert(row('a'));
    repo.insert(row('b'));
    const [a] = repo.list({});
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a!.disks[0])).toBe(true);
    // The CLI or the scheduler writing the same file through its own connection.
    const other = openDatabase(join(dir, 'db.sqlite'));
    new SnapshotsRepo(other).update('b', { name: 'from the CLI' });
    other.close();
    expect(repo.get('b')!.name).toBe('from the CLI');
    db.prepare("INSERT INTO schedules (id, host_id, vm_uuid, vm_name, kind, interval_seconds, name_pattern, created_at) VALUES ('sch', 'h', ?, 'web', 'cold', 3600, '{vm}', 'now')").run(VM);
    repo.insert(row('c', { origin: 'schedule', scheduleId: 'sch' }));
    expect(repo.get('c')!.scheduleId).toBe('sch');
    db.prepare("DELETE FROM schedules WHERE id = 'sch'").run();
    expect(repo.get('c')!.scheduleId).toBeNull();
  });

  it('keeps nothing it read inside a transaction that rolled back', () => {
    repo.insert(row('a', { name: 'before' }));
    expect(repo.get('a')!.name).toBe('before');
    expect(() => repo.transaction(() => {
      repo.update('a', { name: 'rolled back' });
      expect(repo.list({}).map((s) => s.name)).toEqual(['rolled back']);
      throw new Error('abort');
    })).toThrow('abort');
    const other = openDatabase(join(dir, 'db.sqlite'));
    expect(new SnapshotsRepo(other).get('a')!.name).toBe('before');
    other.close();
    // The next write takes the revision the rolled-back one had: its row must not be mistaken for it.
    repo.update('a', { name: 'after' });
    expect(repo.list({}).map((s) => s.name)).toEqual(['after']);
  });

  it('tells what changed on a host since a revision: re-parented children, moved current flags, removed dependents', () => {
    repo.insert(row('p'));
    repo.insert(row('a', { parentId: 'p' }));
    repo.insert(row('d', { dependentOf: 'a', kind: 'volume', libvirtName: null }));
    repo.insert(row('c', { parentId: 'a' }));
    repo.setCurrent('h', VM, 'p');
    const since = repo.revision();
    expect(repo.changesSince('h', since)).toEqual({ revision: since, changed: [], removedIds: [] });
    repo.setCurrent('h', VM, 'c');
    repo.remove('a');
    const changes = repo.changesSince('h', since);
    expect(changes.revision).toBeGreaterThan(since);
    expect(changes.changed.map((s) => [s.id, s.parentId, s.current]).sort()).toEqual([['c', 'p', true], ['p', null, false]]);
    expect(changes.removedIds.sort()).toEqual(['a', 'd']);
    expect(repo.changesSince('h', changes.revision)).toEqual({ revision: changes.revision, changed: [], removedIds: [] });
    expect(repo.changesSince('other-host', since).changed).toEqual([]);
  });

  it('keeps thumbnails apart from the rows, and moves them there from an older database', () => {
    repo.insert(row('a'));
    expect(repo.get('a')!.hasThumbnail).toBe(false);
    repo.setThumbnail('a', Buffer.from('png bytes'));
    expect(repo.get('a')!.hasThumbnail).toBe(true);
    expect(repo.thumbnail('a')!.toString()).toBe('png bytes');
    repo.setThumbnail('a', null);
    expect(repo.list({})[0]!.hasThumbnail).toBe(false);
    expect(repo.thumbnail('a')).toBeNull();

    const old = new Database(join(dir, 'old.sqlite'));
    migrate(old, MIGRATIONS.filter((m) => m.version <= 2));
    old.prepare("INSERT INTO hosts (id, uri, name, created_at) VALUES ('h', 'test:///default', 'h', 'now')").run();
    old.prepare(`INSERT INTO snapshots (id, host_id, vm_uuid, vm_name, name, kind, state, location, created_at, updated_at, thumbnail)
      VALUES ('t', 'h', ?, 'web', 'with thumbnail', 'memory', 'ready', 'internal', '2024-01-01T00:00:00.000Z', 'now', ?)`).run(VM, Buffer.from('old png'));
    migrate(old, MIGRATIONS);
    const upgraded = new SnapshotsRepo(old);
    expect(upgraded.get('t')).toMatchObject({ name: 'with thumbnail', hasThumbnail: true });
    expect(upgraded.thumbnail('t')!.toString()).toBe('old png');
    upgraded.update('t', { name: 'renamed' });
    expect(upgraded.changesSince('h', 1).changed.map((s) => s.name)).toEqual(['renamed']);
    old.close();
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
