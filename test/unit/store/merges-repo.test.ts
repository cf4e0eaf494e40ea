// Pending merges and the row changes a merge makes, on a temp SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/store/db';
import { HostsRepo } from '../../../electron/store/hosts-repo';
import { MergesRepo } from '../../../electron/store/merges-repo';
import { SnapshotsRepo, type NewSnapshot } from '../../../electron/store/snapshots-repo';

const VM = '11111111-2222-3333-4444-555555555555';

function row(id: string, state: NewSnapshot['state'], disk: { file: string; overlay: string | null }, memoryFile: string | null = null): NewSnapshot {
  return {
    id, hostId: 'h', vm: { name: 'web', uuid: VM }, libvirtName: `sv-${id}`, name: id, description: '', kind: 'hot', state,
    location: 'external', protected: false, parentId: null, dependentOf: null, origin: 'manual', scheduleId: null, quiesced: false,
    vmState: 'disk-snapshot', memoryFile, expiresAt: null,
    disks: [{ target: 'vda', location: 'external', format: 'qcow2', ...disk, sizeBytes: null }],
  };
}

describe('merges repository', () => {
  let dir: string;
  let db: Db;
  let merges: MergesRepo;
  let snapshots: SnapshotsRepo;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sv-merges-'));
    db = openDatabase(join(dir, 'db.sqlite'));
    new HostsRepo(db).add('h://x', 'h');
    db.prepare("UPDATE hosts SET id = 'h'").run();
    merges = new MergesRepo(db);
    snapshots = new SnapshotsRepo(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records a freed image once, waits, runs, and moves merges onto the image a layer went into', () => {
    const add = (image: string, snapshotId: string): void => merges.add({ hostId: 'h', vmUuid: VM, target: 'vda', image, format: 'qcow2', snapshotId });
    add('/p/o1', 's1');
    add('/p/o1', 's9');
    add('/p/o2', 's2');
    expect(merges.forVm('h', VM).map((m) => [m.image, m.snapshotId, m.state, m.reason])).toEqual([['/p/o1', 's1', 'pending', 'referenced'], ['/p/o2', 's2', 'pending', 'referenced']]);
    const [m1, m2] = merges.forVm('h', VM);
    merges.setRunning(m1!.id, '/p/o2', 'live', null);
    expect(merges.get(m1!.id)).toMatchObject({ state: 'running', top: '/p/o2', mode: 'live', attempts: 1, reason: null });
    merges.setWaiting(m1!.id, 'failed', { code: 'merge_failed', params: { image: '/p/o2' } });
    expect(merges.get(m1!.id)).toMatchObject({ state: 'pending', reason: 'failed', top: null, lastError: { code: 'merge_failed' } });
    merges.setWaiting(m1!.id, 'branched');
    expect(merges.get(m1!.id)).toMatchObject({ reason: 'branched', lastError: { code: 'merge_failed' } });
    // o2 committed into o1 (the first merge done): the merge waiting on o2 now waits on o1.
    merges.remove(m1!.id);
    merges.moveImage('h', VM, '/p/o2', '/p/o1', 'raw');
    expect(merges.forVm('h', VM)).toMatchObject([{ id: m2!.id, image: '/p/o1', format: 'raw' }]);
    // Moving onto an image that already has a merge keeps one row.
    add('/p/o3', 's3');
    merges.moveImage('h', VM, '/p/o3', '/p/o1', 'raw');
    expect(merges.forVm('h', VM).map((m) => m.image)).toEqual(['/p/o1']);
    expect(merges.countByVm('h')).toEqual(new Map([[VM, 1]]));
  });

  it('knows which files rows need, and moves rows from a merged layer onto its base', () => {
    snapshots.insert(row('a', 'ready', { file: '/p/base', overlay: '/p/o1' }, '/p/a.mem'));
    snapshots.insert(row('b', 'ready', { file: '/p/o1', overlay: '/p/o2' }));
    snapshots.insert(row('c', 'creating', { file: '/p/o2', overlay: '/p/o3' }));
    snapshots.insert(row('d', 'error', { file: '/p/o9', overlay: '/p/o10' }, '/p/d.mem'));
    expect([...snapshots.neededFiles('h')].sort()).toEqual(['/p/a.mem', '/p/base', '/p/o1', '/p/o2', '/p/o3']);
    expect(snapshots.withDiskFile('h', VM, '/p/o1').map((s) => s.id).sort()).toEqual(['a', 'b']);
    snapshots.moveDiskFile('h', VM, '/p/o1', '/p/base', 'raw');
    expect(snapshots.require('a').disks[0]).toMatchObject({ file: '/p/base', overlay: '/p/base' });
    expect(snapshots.require('b').disks[0]).toMatchObject({ file: '/p/base', format: 'raw', overlay: '/p/o2' });
  });
});
