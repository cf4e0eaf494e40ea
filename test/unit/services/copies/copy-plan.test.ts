// The copy planner on the histories a copy meets: the first refresh (base images once, every
// layer, memory files), an incremental one (only the new layer, on top of the copy already
// there), nothing new, the source's own merges (rows moved onto merged images) before and after
// a first copy, the target's retention (pruned oldest first, protected ones kept, a new snapshot
// that would be pruned at once never sent), a pending merge's unowned layer, a branch after a
// revert, two disks, and what is not copied (internal, not ready, volume snapshots, unknown chains).
import { describe, expect, it } from 'vitest';
import { planCopy, type CopyPlanInput, type SourceImage, type SourceSnapshot, type TargetCopy } from '../../../../electron/services/copies/copy-plan';

const COPY = '6f1c1d52-7a3e-4a8e-9d55-0c3f7e1b2a90';
const BASE = '/disks/vm.img';
const o = (n: string): string => `/pool/${n}.qcow2`;
const at = (n: number): string => `2026-01-01T00:00:${String(n).padStart(2, '0')}.000Z`;
const vol = (id: string, target = 'vda', ext = 'qcow2'): string => `${COPY}.snap-${id}.${target}.${ext}`;
const mem = (id: string): string => `${COPY}.mem-${id}.save`;

function img(path: string, backing: string | null, allocation = 1000, format: 'qcow2' | 'raw' = 'qcow2'): SourceImage {
  return { path, backing, format, allocation };
}
function snap(id: string, n: number, file: string, parentId: string | null, extra: Partial<SourceSnapshot> = {}): SourceSnapshot {
  return { id, parentId, createdAt: at(n), location: 'external', ready: true, dependentOf: null, memory: null, disks: [{ target: 'vda', file }], ...extra };
}
function copy(id: string, n: number, file: string, prot = false): TargetCopy {
  return { snapshotId: id, createdAt: at(n), protected: prot, disks: [{ target: 'vda', file }] };
}
function plan(p: Partial<CopyPlanInput> & Pick<CopyPlanInput, 'snapshots' | 'images'>) {
  return planCopy({ copyVmUuid: COPY, copies: [], keep: null, ...p });
}

// base (raw, S1's) <- O1 (S2's) <- O2 (S3's) <- O3 (the VM's top)
const images = [img(BASE, null, 64 << 20, 'raw'), img(o('o1'), BASE), img(o('o2'), o('o1')), img(o('o3'), o('o2'))];
const s1 = snap('s1', 1, BASE, null);
const s2 = snap('s2', 2, o('o1'), 's1', { memory: { path: o('m2'), allocation: 500 } });
const s3 = snap('s3', 3, o('o2'), 's2');

describe('copy planner', () => {
  it('first refresh: the base once, every frozen layer on the one below, memory files, the tree redefined', () => {
    const p = plan({ snapshots: [s3, s1, s2], images });
    expect(p.send.map((f) => [f.source, f.name, f.backing])).toEqual([
      [BASE, vol('s1', 'vda', 'raw'), null],
      [o('o1'), vol('s2'), vol('s1', 'vda', 'raw')],
      [o('m2'), mem('s2'), null],
      [o('o2'), vol('s3'), vol('s2')],
    ]);
    expect(p.send.map((f) => f.kind)).toEqual(['image', 'image', 'memory', 'image']);
    expect(p.define).toEqual([
      { snapshotId: 's1', parentId: null, disks: [{ target: 'vda', file: vol('s1', 'vda', 'raw') }], memory: null },
      { snapshotId: 's2', parentId: 's1', disks: [{ target: 'vda', file: vol('s2') }], memory: mem('s2') },
      { snapshotId: 's3', parentId: 's2', disks: [{ target: 'vda', file: vol('s3') }], memory: null },
    ]);
    expect(p.bytes).toBe((64 << 20) + 1000 + 500 + 1000);
    expect(p.prune).toEqual([]);
    // The VM's top (O3) is no snapshot's: never sent.
    expect(p.send.some((f) => f.source === o('o3'))).toBe(false);
  });

  it('incremental: only the layer frozen since, on top of the copy already on the target', () => {
    const s4 = snap('s4', 4, o('o3'), 's3');
    const p = plan({
      snapshots: [s1, s2, s3, s4], images: [...images, img(o('o4'), o('o3'))],
      copies: [copy('s1', 1, '/t/a.raw'), copy('s2', 2, '/t/b.qcow2'), copy('s3', 3, '/t/c.qcow2')],
    });
    expect(p.send).toEqual([{ source: o('o3'), name: vol('s4'), kind: 'image', format: 'qcow2', backing: '/t/c.qcow2', bytes: 1000, forSnapshot: 's4' }]);
    expect(p.define).toEqual([{ snapshotId: 's4', parentId: 's3', disks: [{ target: 'vda', file: vol('s4') }], memory: null }]);
  });

  it('nothing new: nothing sent, defined or pruned', () => {
    const p = plan({ snapshots: [s1, s2, s3], images, copies: [copy('s1', 1, '/t/a'), copy('s2', 2, '/t/b'), copy('s3', 3, '/t/c')] });
    expect(p).toEqual({ send: [], define: [], prune: [], skipped: [], bytes: 0 });
  });

  // The source kept 3 of 5: S1 and S2 deleted, their layers merged down, S3 now names the base.
  const merged = [img(BASE, null, 80 << 20, 'raw'), img(o('o3'), BASE), img(o('o4'), o('o3')), img(o('o5'), o('o4'))];
  const m3 = snap('s3', 3, BASE, null);
  const m4 = snap('s4', 4, o('o3'), 's3');
  const m5 = snap('s5', 5, o('o4'), 's4');

  it('after the source’s merges: the target keeps its older copies and gets only the new layer', () => {
    const p = plan({
      snapshots: [m3, m4, m5], images: merged,
      copies: [copy('s1', 1, '/t/a'), copy('s2', 2, '/t/b'), copy('s3', 3, '/t/c'), copy('s4', 4, '/t/d')],
    });
    expect(p.send.map((f) => [f.source, f.backing])).toEqual([[o('o4'), '/t/d']]);
    expect(p.prune).toEqual([]);
  });

  it('a first copy after the source’s merges starts from the merged base, named after its owner now', () => {
    const p = plan({ snapshots: [m5, m4, m3], images: merged });
    expect(p.send.map((f) => [f.source, f.name, f.backing])).toEqual([
      [BASE, vol('s3', 'vda', 'raw'), null],
      [o('o3'), vol('s4'), vol('s3', 'vda', 'raw')],
      [o('o4'), vol('s5'), vol('s4')],
    ]);
    expect(p.define.map((d) => [d.snapshotId, d.parentId])).toEqual([['s3', null], ['s4', 's3'], ['s5', 's4']]);
  });

  it('the target’s retention prunes its oldest copies, never a protected one', () => {
    const p = plan({
      snapshots: [m3, m4, m5], images: merged, keep: 3,
      copies: [copy('s1', 1, '/t/a', true), copy('s2', 2, '/t/b'), copy('s3', 3, '/t/c'), copy('s4', 4, '/t/d')],
    });
    // s1 protected (kept, not counted, as in a schedule's retention): of s2…s5 the newest 3 stay.
    expect(p.prune).toEqual(['s2']);
    expect(p.define.map((d) => d.snapshotId)).toEqual(['s5']);
  });

  it('a new snapshot the retention would prune at once is never sent; what the kept ones need is', () => {
    const p = plan({ snapshots: [s1, s2, s3], images, keep: 1 });
    expect(p.define).toEqual([{ snapshotId: 's3', parentId: null, disks: [{ target: 'vda', file: vol('s3') }], memory: null }]);
    // S3's state needs its whole chain there (named after each image's owner), not S2's memory file.
    expect(p.send.map((f) => f.name)).toEqual([vol('s1', 'vda', 'raw'), vol('s2'), vol('s3')]);
    expect(p.prune).toEqual([]);
  });

  it('a layer no row owns (a source merge still pending) is sent under the snapshot that needs it', () => {
    // S2 deleted on the source, its merge pending: O1 is no row's, S3 still backs onto it.
    const p = plan({ snapshots: [s1, { ...s3, parentId: 's1' }], images, copies: [copy('s1', 1, '/t/a')] });
    expect(p.send.map((f) => [f.source, f.name, f.backing])).toEqual([
      [o('o1'), `${COPY}.snap-s3u1.vda.qcow2`, '/t/a'],
      [o('o2'), vol('s3'), `${COPY}.snap-s3u1.vda.qcow2`],
    ]);
  });

  it('a branch after a revert goes on top of the copy it branched from', () => {
    // Reverted to S1: T on the base was written, then frozen by S4.
    const p = plan({
      snapshots: [s1, s2, s3, snap('s4', 4, o('t'), 's1')], images: [...images, img(o('t'), BASE), img(o('t2'), o('t'))],
      copies: [copy('s1', 1, '/t/a'), copy('s2', 2, '/t/b'), copy('s3', 3, '/t/c')],
    });
    expect(p.send.map((f) => [f.source, f.backing])).toEqual([[o('t'), '/t/a']]);
    expect(p.define[0]).toMatchObject({ snapshotId: 's4', parentId: 's1' });
  });

  it('each disk its own chain; a parent that is not copied is skipped over in the tree', () => {
    const two = (id: string, n: number, a: string, b: string, parentId: string | null): SourceSnapshot =>
      ({ ...snap(id, n, a, parentId), disks: [{ target: 'vda', file: a }, { target: 'vdb', file: b }] });
    const p = plan({
      snapshots: [two('s1', 1, BASE, '/disks/data.img', null), two('s2', 2, o('a1'), o('b1'), 's1'), two('s3', 3, o('a2'), o('b2'), 's2')],
      images: [img(BASE, null), img('/disks/data.img', null), img(o('a1'), BASE), img(o('b1'), '/disks/data.img'), img(o('a2'), o('a1')), img(o('b2'), o('b1'))],
      copies: [{ snapshotId: 's1', createdAt: at(1), protected: false, disks: [{ target: 'vda', file: '/t/a' }, { target: 'vdb', file: '/t/b' }] }],
      keep: 2,
    });
    expect(p.send.map((f) => [f.source, f.backing])).toEqual([[o('a1'), '/t/a'], [o('b1'), '/t/b'], [o('a2'), vol('s2')], [o('b2'), vol('s2', 'vdb')]]);
    expect(p.define.map((d) => [d.snapshotId, d.parentId])).toEqual([['s2', 's1'], ['s3', 's2']]);
    expect(p.prune).toEqual(['s1']);
  });

  it('does not copy internal, unready or volume snapshots, nor one whose chain libvirt did not report', () => {
    const p = plan({
      snapshots: [
        s1,
        snap('i1', 2, '/disks/vm.qcow2', 's1', { location: 'internal' }),
        snap('c1', 3, o('o1'), 's1', { ready: false }),
        snap('v1', 4, o('o1'), 's1', { dependentOf: 's1' }),
        snap('x1', 5, o('gone'), 's1'),
      ],
      images,
    });
    expect(p.skipped).toEqual([
      { snapshotId: 'i1', reason: 'internal' },
      { snapshotId: 'c1', reason: 'not_ready' },
      { snapshotId: 'v1', reason: 'volume_snapshot' },
      { snapshotId: 'x1', reason: 'chain_unknown' },
    ]);
    expect(p.define.map((d) => d.snapshotId)).toEqual(['s1']);
  });
});
