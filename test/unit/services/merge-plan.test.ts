// The merge planner on the chains the engine meets: retention on a running VM (commit below the
// top, active commit of the top), the same VM shut off (helper domain), branches after a revert,
// a VM restored as new holding a layer, leftovers, foreign files.
import { describe, expect, it } from 'vitest';
import { ChainGraph, commitTookEffect, planMerge, type ChainState, type DomainDisks } from '../../../electron/services/merges/merge-plan';

const VM = 'vm-1';
const OURS = '/pool/';
const owns = (p: string): boolean => p.startsWith(OURS);
const o = (n: string): string => `${OURS}${n}.qcow2`;
const BASE = '/disks/vm.img';

/** edges from "child>backing" pairs */
function edges(...pairs: [string, string | null][]): ChainState['edges'] {
  return pairs.map(([path, backing]) => ({ path, backing }));
}
function vm(top: string, active: boolean, persistentTop = top, uuid = VM): DomainDisks {
  return { uuid, active, disks: [{ target: 'vda', liveTop: active ? top : null, persistentTop }] };
}
function plan(state: ChainState, image: string) {
  return planMerge(new ChainGraph(state), { vmUuid: VM, image, owns });
}

// base <- O1 <- O2 <- O3 (top); S1.file = base, S2.file = O1, S3.file = O2.
const chain = edges([o('o1'), BASE], [o('o2'), o('o1')], [o('o3'), o('o2')]);

describe('merge planner', () => {
  it('deleting the oldest snapshot of a running VM commits its child below the top into the original disk', () => {
    const step = plan({ edges: chain, domains: [vm(o('o3'), true)], needed: new Set([o('o1'), o('o2')]) }, BASE);
    expect(step).toEqual({ kind: 'commit', base: BASE, top: o('o1'), leaf: o('o3'), where: 'live', active: false, target: 'vda', persistentTargets: ['vda'] });
  });

  it('deleting the newest snapshot commits the active top (active commit + pivot)', () => {
    const step = plan({ edges: chain, domains: [vm(o('o3'), true)], needed: new Set([BASE, o('o1')]) }, o('o2'));
    expect(step).toMatchObject({ kind: 'commit', base: o('o2'), top: o('o3'), leaf: o('o3'), where: 'live', active: true, target: 'vda' });
  });

  it('a shut-off VM merges in a helper domain and gets its persistent disk rewritten', () => {
    expect(plan({ edges: chain, domains: [vm(o('o3'), false)], needed: new Set([o('o1'), o('o2')]) }, BASE))
      .toMatchObject({ kind: 'commit', top: o('o1'), leaf: o('o3'), where: 'helper', active: false, target: 'vda', persistentTargets: ['vda'] });
    expect(plan({ edges: chain, domains: [vm(o('o3'), false)], needed: new Set([BASE, o('o1')]) }, o('o2')))
      .toMatchObject({ kind: 'commit', top: o('o3'), where: 'helper', active: true, persistentTargets: ['vda'] });
  });

  it('waits while a row still needs the image', () => {
    expect(plan({ edges: chain, domains: [vm(o('o3'), true)], needed: new Set([BASE, o('o1')]) }, o('o1'))).toEqual({ kind: 'wait', reason: 'referenced' });
  });

  it('waits on a branch (a revert put a new top beside the old line) until one side is gone', () => {
    // Reverted to S2: T on O1 is the top; the old line O2 (S3.file) <- O3 is still needed by S3.
    const branched = edges([o('o1'), BASE], [o('o2'), o('o1')], [o('t'), o('o1')]);
    expect(plan({ edges: branched, domains: [vm(o('t'), true)], needed: new Set([BASE, o('o2')]) }, o('o1'))).toEqual({ kind: 'wait', reason: 'branched' });
    // S3 deleted too: O2 is needed by nothing and nothing live backs onto it.
    expect(plan({ edges: branched, domains: [vm(o('t'), true)], needed: new Set([BASE]) }, o('o2'))).toEqual({ kind: 'remove', path: o('o2') });
    // ...then O1 has one child left (the top): active commit.
    const after = edges([o('o1'), BASE], [o('t'), o('o1')]);
    expect(plan({ edges: after, domains: [vm(o('t'), true)], needed: new Set([BASE]) }, o('o1'))).toMatchObject({ kind: 'commit', top: o('t'), active: true, where: 'live' });
  });

  it('a VM restored as new on a layer above holds the merge', () => {
    const withCopy = [...chain, ...edges([o('r'), o('o2')])];
    const domains = [vm(o('o3'), true), vm(o('r'), false, o('r'), 'copy')];
    expect(plan({ edges: withCopy, domains, needed: new Set([o('o1'), o('o2')]) }, BASE)).toEqual({ kind: 'wait', reason: 'held' });
    // Its only child is the copy's disk: held, never committed into.
    const onlyCopy = edges([o('r'), o('o2')]);
    expect(plan({ edges: onlyCopy, domains: [vm(BASE, true), vm(o('r'), false, o('r'), 'copy')], needed: new Set() }, o('o2'))).toEqual({ kind: 'wait', reason: 'held' });
  });

  it('removes a frozen image nothing backs onto; leaves foreign files and domain disks alone', () => {
    expect(plan({ edges: [], domains: [vm(BASE, true)], needed: new Set() }, o('x'))).toEqual({ kind: 'remove', path: o('x') });
    expect(plan({ edges: [], domains: [vm(o('x'), true)], needed: new Set() }, o('x'))).toEqual({ kind: 'nothing', why: 'in-use' });
    expect(plan({ edges: [], domains: [], needed: new Set() }, '/elsewhere/a.qcow2')).toEqual({ kind: 'nothing', why: 'not-ours' });
    expect(plan({ edges: edges(['/elsewhere/b.qcow2', BASE]), domains: [vm('/elsewhere/b.qcow2', true)], needed: new Set() }, BASE)).toEqual({ kind: 'nothing', why: 'not-ours' });
  });

  it('ignores leftovers nothing needs when counting children', () => {
    const withOrphan = [...chain, ...edges([o('orphan'), BASE])];
    expect(plan({ edges: withOrphan, domains: [vm(o('o3'), true)], needed: new Set([o('o1'), o('o2')]) }, BASE)).toMatchObject({ kind: 'commit', top: o('o1') });
  });

  it('the first backing pointer given for an image wins (headers before stale definitions)', () => {
    const g = new ChainGraph({ edges: edges([o('o3'), o('o1')], [o('o3'), o('o2')]), domains: [], needed: new Set() });
    expect(g.backingOf(o('o3'))).toBe(o('o1'));
  });

  it('tells whether an interrupted commit took effect from the domains\' chains', () => {
    const before = new ChainGraph({ edges: chain, domains: [vm(o('o3'), true)], needed: new Set() });
    expect(commitTookEffect(before, o('o1'))).toBe(false);
    const after = new ChainGraph({ edges: edges([o('o1'), BASE], [o('o2'), BASE], [o('o3'), o('o2')]), domains: [vm(o('o3'), true)], needed: new Set() });
    expect(commitTookEffect(after, o('o1'))).toBe(true);
    // An active commit pivoted in a helper, the VM's definition not yet rewritten: not yet.
    const pivoted = new ChainGraph({ edges: edges([o('o3'), o('o2')]), domains: [vm(o('o3'), false)], needed: new Set() });
    expect(commitTookEffect(pivoted, o('o3'))).toBe(false);
  });
});
