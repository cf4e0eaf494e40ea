import { describe, expect, it } from 'vitest';
import { parseSnapshotXml, parseDomainXml, type DomainDescription } from '../../../native';
import { capabilitiesFor } from '../../../electron/services/host-registry';
import { createSnapshotXml, withDescription } from '../../../electron/services/snapshot-xml';
import { planSnapshot, type StrategyInput } from '../../../electron/services/strategy';
import { validateName, validateResourceName } from '../../../electron/services/validation';

function vm(disks: { target: string; format: string }[], uefi = false): DomainDescription {
  return {
    name: 'vm', uuid: 'u', type: 'kvm', memoryKiB: 1024, vcpus: 1, uefi, interfaces: [], channels: [],
    disks: disks.map((d) => ({ device: 'disk', type: 'file', target: d.target, format: d.format, source: `/i/${d.target}`, readonly: false, shareable: false, backingChain: [] })),
  };
}

const v90 = capabilitiesFor('QEMU', { major: 9, minor: 0, micro: 0 }, true);
const base: StrategyInput = { caps: v90, driver: 'QEMU', vm: vm([{ target: 'vda', format: 'qcow2' }]), vmState: 'running', kind: 'memory', policy: null, existing: [] };

describe('strategy', () => {
  it('uses internal for all-qcow2 memory/cold snapshots and records it as a new policy', () => {
    expect(planSnapshot(base)).toMatchObject({ location: 'internal', memory: 'internal', newPolicy: true });
    expect(planSnapshot({ ...base, vmState: 'shutoff', kind: 'cold' })).toMatchObject({ location: 'internal', memory: 'no' });
  });
  it('goes external for raw disks, hot snapshots, and running UEFI memory snapshots before 10.9', () => {
    const raw = { ...base, vm: vm([{ target: 'vda', format: 'qcow2' }, { target: 'vdb', format: 'raw' }]) };
    expect(planSnapshot(raw)).toMatchObject({ location: 'external', memory: 'external' });
    expect(planSnapshot({ ...base, kind: 'hot' })).toMatchObject({ location: 'external', memory: 'no' });
    expect(planSnapshot({ ...base, vm: vm([{ target: 'vda', format: 'qcow2' }], true) })).toMatchObject({ location: 'external' });
    const v1010 = capabilitiesFor('QEMU', { major: 10, minor: 10, micro: 0 }, true);
    expect(planSnapshot({ ...base, caps: v1010, vm: { ...vm([{ target: 'vda', format: 'qcow2' }], true), nvramFormat: 'qcow2' } })).toMatchObject({ location: 'internal' });
  });
  it('never mixes: follows the recorded policy or existing snapshots, refuses what would mix', () => {
    expect(planSnapshot({ ...base, existing: ['external'] })).toMatchObject({ location: 'external', newPolicy: true });
    expect(planSnapshot({ ...base, policy: 'external', vmState: 'shutoff', kind: 'cold' })).toMatchObject({ location: 'external', newPolicy: false });
    expect(() => planSnapshot({ ...base, policy: 'internal', kind: 'hot' })).toThrowError(expect.objectContaining({ code: 'mixed_chain' }));
    expect(() => planSnapshot({ ...base, policy: 'internal', vm: vm([{ target: 'vda', format: 'raw' }]) })).toThrowError(expect.objectContaining({ code: 'raw_disk_internal' }));
  });
  it('checks the VM state and the disks asked for', () => {
    expect(() => planSnapshot({ ...base, vmState: 'shutoff' })).toThrowError(expect.objectContaining({ code: 'vm_wrong_state' }));
    expect(() => planSnapshot({ ...base, disks: ['vdz'] })).toThrowError(expect.objectContaining({ code: 'disk_not_found' }));
    const two = { ...base, kind: 'hot' as const, vm: vm([{ target: 'vda', format: 'qcow2' }, { target: 'vdb', format: 'qcow2' }]) };
    expect(planSnapshot({ ...two, disks: ['vdb'] }).disks.map((d) => d.snapshot)).toEqual(['no', 'external']);
  });
});

describe('snapshot XML', () => {
  it('builds create XML with escaped text and id-based files, and replaces only the snapshot description', () => {
    const xml = createSnapshotXml({
      libvirtName: 'sv-1', description: '<x> & "y"', memory: { snapshot: 'external', file: '/d/memory.save' },
      disks: [{ target: 'vda', snapshot: 'external', format: 'qcow2', source: '/i/vda', overlay: '/d/vda.qcow2' }, { target: 'hdc', snapshot: 'no', format: null, source: null }],
    });
    const parsed = parseSnapshotXml(xml);
    expect(parsed).toMatchObject({ name: 'sv-1', description: '<x> & "y"', memory: { snapshot: 'external', file: '/d/memory.save' } });
    expect(parsed.disks).toEqual([{ name: 'vda', snapshot: 'external', format: 'qcow2', file: '/d/vda.qcow2' }, { name: 'hdc', snapshot: 'no', format: undefined, file: undefined }]);
    const lib = `<domainsnapshot>\n  <name>sv-1</name>\n  <description>old</description>\n  <state>running</state>\n  <domain type='kvm'><name>vm</name><description>vm desc</description></domain>\n</domainsnapshot>`;
    const next = withDescription(lib, 'new </description>');
    expect(parseSnapshotXml(next).description).toBe('new </description>');
    expect(next).toContain('<description>vm desc</description>');
    expect(parseSnapshotXml(withDescription(lib, '')).description).toBeUndefined();
    expect(parseDomainXml(next.slice(next.indexOf('<domain '), next.indexOf('</domain>') + 9)).description).toBe('vm desc');
  });
  it('validates resource names strictly', () => {
    expect(validateName(' ok ')).toBe('ok');
    expect(validateResourceName('new-vm_1.2')).toBe('new-vm_1.2');
    for (const bad of ['../x', '.hidden', 'a/b', 'sp ace', '-x']) expect(() => validateResourceName(bad)).toThrowError(expect.objectContaining({ code: 'name_invalid' }));
  });
});
