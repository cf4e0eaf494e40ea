import { describe, expect, it } from 'vitest';
import { parseSnapshotXml, parseDomainXml, type DomainDescription } from '../../../native';
import { capabilitiesFor } from '../../../electron/services/hosts/host-registry';
import { createSnapshotXml, withDescription } from '../../../electron/services/snapshots/snapshot-xml';
import { planSnapshot, type StrategyInput } from '../../../electron/services/policy/strategy';
import { validateName, validateResourceName } from '../../../electron/services/policy/validation';

function vm(disks: { target: string; format: string }[], uefi = false): DomainDescription {
  return {
    name: 'vm', uuid: 'u', type: 'kvm', memoryKiB: 1024, vcpus: 1, uefi, interfaces: [], channels: [],
    disks: disks.map((d) => ({ device: 'disk', type: 'file', target: d.target, format: d.format, source: `/i/${d.target}`, readonly: false, shareable: false, backingChain: [] })),
  };
}

const v90 = capabilitiesFor('QEMU', { major: 9, minor: 0, micro: 0 }, true);
const base: StrategyInput = { caps: v90, driver: 'QEMU', vm: vm([{ target: 'vda', format: 'qcow2' }]), vmState: 'running', kind: 'memory', internalSnapshots: 0 };
const testDriver = capabilitiesFor('Test', { major: 9, minor: 0, micro: 0 }, true);

describe('strategy', () => {
  it('is external for every kind where the driver has external snapshots', () => {
    expect(planSnapshot(base)).toMatchObject({ location: 'external', memory: 'external', reason: 'external_default' });
    expect(planSnapshot({ ...base, kind: 'hot' })).toMatchObject({ location: 'external', memory: 'no' });
    expect(planSnapshot({ ...base, vmState: 'shutoff', kind: 'cold' })).toMatchObject({ location: 'external', memory: 'no' });
    expect(planSnapshot({ ...base, kind: 'volume', disks: ['vda'] })).toMatchObject({ location: 'external' });
    const raw = { ...base, vm: vm([{ target: 'vda', format: 'qcow2' }, { target: 'vdb', format: 'raw' }]) };
    expect(planSnapshot(raw)).toMatchObject({ location: 'external', memory: 'external' });
    expect(planSnapshot({ ...base, vm: vm([{ target: 'vda', format: 'qcow2' }], true) })).toMatchObject({ location: 'external' });
  });
  it('stays internal while libvirt holds internal snapshots of the VM, and names the nearest kind it can take', () => {
    const internal = { ...base, internalSnapshots: 2 };
    expect(planSnapshot(internal)).toMatchObject({ location: 'internal', memory: 'internal', reason: 'existing_internal' });
    expect(planSnapshot({ ...internal, vmState: 'shutoff', kind: 'cold' })).toMatchObject({ location: 'internal', memory: 'no' });
    expect(planSnapshot({ ...internal, vmState: 'shutoff', kind: 'volume', disks: ['vda'] })).toMatchObject({ location: 'internal' });
    for (const refused of [{ ...internal, kind: 'hot' as const }, { ...internal, kind: 'volume' as const, disks: ['vda'] }]) {
      expect(() => planSnapshot(refused)).toThrowError(expect.objectContaining({ code: 'mixed_chain', params: expect.objectContaining({ nearest: 'memory', reason: 'existing_internal' }) }));
    }
    expect(() => planSnapshot({ ...internal, vm: vm([{ target: 'vda', format: 'raw' }]) })).toThrowError(expect.objectContaining({ code: 'raw_disk_internal' }));
    expect(() => planSnapshot({ ...internal, vm: vm([{ target: 'vda', format: 'qcow2' }], true) })).toThrowError(expect.objectContaining({ code: 'uefi_running_internal' }));
    const v1010 = capabilitiesFor('QEMU', { major: 10, minor: 10, micro: 0 }, true);
    expect(planSnapshot({ ...internal, caps: v1010, vm: { ...vm([{ target: 'vda', format: 'qcow2' }], true), nvramFormat: 'qcow2' } })).toMatchObject({ location: 'internal' });
  });
  it('is internal on a driver without external snapshots (the test driver)', () => {
    expect(planSnapshot({ ...base, caps: testDriver, driver: 'Test' })).toMatchObject({ location: 'internal', reason: 'internal_only_driver' });
    expect(() => planSnapshot({ ...base, caps: testDriver, driver: 'Test', kind: 'hot' })).toThrowError(expect.objectContaining({ code: 'kind_unsupported' }));
    // That driver takes a running VM's volume snapshot internally (QEMU cannot: refused above).
    expect(planSnapshot({ ...base, caps: testDriver, driver: 'Test', kind: 'volume', disks: ['vda'] })).toMatchObject({ location: 'internal', memory: 'no' });
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
