// The suite's leftover check judges only what is new and named like ours: the daemon is shared,
// so what was there before the run, and objects of other names, are never counted; while other
// runs are on the machine, only what the run's ledger proves its own is.
import { describe, expect, it } from 'vitest';
import { leftSince, ofLedger, type DaemonCensus } from '../../setup/daemon-census';

const census = (c: Partial<DaemonCensus>): DaemonCensus => ({ domains: new Map(), pools: new Map(), networks: new Set(), ...c });
const UUID = '4f3c0b6e-9d1a-4c51-a0a1-5be1f00dfa11';

describe('leftSince', () => {
  it('names each new domain, pool (with its volumes) and network', () => {
    const before = census({ domains: new Map([['svtest-old-1', 'running']]), pools: new Map([['snapvisor-aaaa', { active: true, volumes: [] }]]) });
    const after = census({
      domains: new Map([['svtest-old-1', 'running'], ['svtest-kit-2', 'shutoff']]),
      pools: new Map([['snapvisor-aaaa', { active: true, volumes: ['x.qcow2'] }], ['snapvisor-bbbb', { active: true, volumes: ['a.save', 'b.qcow2'] }], ['svtest-probe-1', { active: false, volumes: [] }]]),
      networks: new Set(['svtest-net-1']),
    });
    expect(leftSince(before, after).map((o) => o.text)).toEqual([
      'domain svtest-kit-2 (shutoff)',
      'pool snapvisor-bbbb (active, 2 volumes: a.save, b.qcow2)',
      'pool svtest-probe-1 (inactive, 0 volumes)',
      'network svtest-net-1',
    ]);
  });

  it('finds nothing when nothing is new, whatever an older pool gained meanwhile (another run\'s)', () => {
    const before = census({ pools: new Map([['snapvisor-aaaa', { active: true, volumes: [] }]]) });
    expect(leftSince(before, census({ pools: new Map([['snapvisor-aaaa', { active: true, volumes: ['x.qcow2'] }]]) }))).toEqual([]);
    expect(leftSince(census({}), census({}))).toEqual([]);
  });
});

describe('ofLedger', () => {
  const ledger = { guests: [{ name: 'svtest-kit-ab12', uuid: UUID }], installs: ['0123456789ab'] };
  const left = (name: string, volumes: string[] = []) => ({ name, text: name, volumes });

  it('claims the guest, what is named after it, a pool holding its files, and the pool of a database of the run', () => {
    for (const o of [left('svtest-kit-ab12'), left('svtest-kit-ab12-copy'), left('svtest-pool-svtest-kit-ab12'), left('snapvisor-cccc', [`${UUID}.snap-1.vda.qcow2`]), left('snapvisor-0123456789ab')]) {
      expect(ofLedger(o, ledger), o.name).toBe(true);
    }
  });

  it('claims nothing else: another guest, another database\'s pool, another VM\'s files', () => {
    for (const o of [left('svtest-kit-ab123'), left('svtest-kit-cd34'), left('snapvisor-cccc'), left('snapvisor-0123456789abc'), left('snapvisor-dddd', ['00000000-0000-0000-0000-000000000001.mem-1.save'])]) {
      expect(ofLedger(o, ledger), o.name).toBe(false);
    }
  });
});
