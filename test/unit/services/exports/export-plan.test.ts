// The export planner on a VM's history: the whole tree (the base once, each layer after the one
// below it with its backing as an archive path, memory files, parents kept, metadata and notes
// carried, internal snapshots skipped with their reason), one snapshot alone (its chain and
// memory file, no parent), and what cannot be exported (a snapshot, or a VM with none to carry)
// refused by name. Every plan it makes is
// a manifest the format accepts.
import { describe, expect, it } from 'vitest';
import { planExport, type ExportPlanInput } from '../../../../electron/services/exports/export-plan';
import { FORMAT_VERSION, SHA256_PLACEHOLDER, parseManifest, serializeManifest } from '../../../../electron/services/exports/format';
import type { ExportPlan } from '../../../../electron/services/exports/export-writer';
import type { Snapshot } from '../../../../shared/model';
import { SnapvisorError } from '../../../../shared/errors';

const VM = '0d4e5a3c-8a48-4c2e-b7b1-1d3c5e7f9a0b';
const at = (n: number): string => `2026-12-01T00:00:0${n}.000Z`;

function row(id: string, n: number, parentId: string | null, file: string, extra: Partial<Snapshot> = {}): Snapshot {
  return {
    id, hostId: 'h', name: `name ${id}`, description: `about ${id}`, vm: { name: 'vm-1', uuid: VM }, kind: 'cold', state: 'ready',
    location: 'external', libvirtName: id, protected: false, parentId, dependentOf: null, current: false, origin: 'manual',
    scheduleId: null, quiesced: false, vmState: 'shutoff', memoryFile: null, createdAt: at(n), expiresAt: null, sizeBytes: null,
    disks: [{ target: 'vda', location: 'external', format: 'qcow2', file, overlay: null, sizeBytes: null }], error: null, hasThumbnail: false,
    ...extra,
  } as Snapshot;
}

// /disks/vm.img (raw, S1's) <- o1 (S2's; S2 has memory m2) <- o2 (S3's); S4 internal, in the top layer.
const rows = [
  row('s1', 1, null, '/disks/vm.img'),
  row('s2', 2, 's1', '/pool/o1.qcow2', { kind: 'memory', memoryFile: '/pool/m2.save' }),
  row('s3', 3, 's2', '/pool/o2.qcow2'),
  row('s4', 4, 's3', '/pool/top.qcow2', { location: 'internal' }),
];
const input = (only?: string, nvram: ExportPlanInput['nvram'] = null): ExportPlanInput => ({
  header: {
    snapvisorVersion: '0.1.0', createdAt: at(9), source: { uri: 'qemu:///system', hostname: 'lab' },
    vm: { name: 'vm-1', uuid: VM, xml: '<domain/>' },
  },
  rows,
  chains: {
    snapshots: rows.map((r) => ({
      id: r.id, parentId: r.parentId, createdAt: r.createdAt, location: r.location, ready: true, dependentOf: null,
      memory: r.memoryFile ? { path: r.memoryFile, allocation: 10 } : null, disks: [{ target: 'vda', file: r.disks[0]!.file! }],
    })),
    images: [
      { path: '/disks/vm.img', backing: null, format: 'raw', allocation: 100 },
      { path: '/pool/o1.qcow2', backing: '/disks/vm.img', format: 'qcow2', allocation: 10 },
      { path: '/pool/o2.qcow2', backing: '/pool/o1.qcow2', format: 'qcow2', allocation: 10 },
    ],
  },
  notes: new Map([['s2', [{ id: 1, snapshotId: 's2', at: at(5), text: 'before the upgrade' }]]]),
  snapshotXml: new Map(rows.map((r) => [r.id, `<domainsnapshot><name>${r.id}</name></domainsnapshot>`])),
  only,
  nvram,
});

const img = (id: string, ext: string): string => `images/${VM}.snap-${id}.vda.${ext}`;
const mem = (id: string): string => `memory/${VM}.mem-${id}.save`;

/** The plan as the manifest the writer would make of it: the format must accept it. */
function asManifest(plan: ExportPlan): void {
  const files = plan.files.map((f) => ({ path: f.path, size: 1, sha256: SHA256_PLACEHOLDER, kind: f.kind, format: f.format, backing: f.backing, sourcePath: f.sourcePath }));
  parseManifest(serializeManifest({ formatVersion: FORMAT_VERSION, ...plan.manifest, files }));
}

describe('export planner', () => {
  it('the whole tree: base once, layers on the ones below, memory files, parents and metadata kept, internal skipped', () => {
    const { plan, skipped } = planExport(input());
    expect(plan.files.map((f) => [f.path, f.sourcePath, f.backing, f.format])).toEqual([
      [img('s1', 'raw'), '/disks/vm.img', null, 'raw'],
      [img('s2', 'qcow2'), '/pool/o1.qcow2', img('s1', 'raw'), 'qcow2'],
      [mem('s2'), '/pool/m2.save', null, 'raw'],
      [img('s3', 'qcow2'), '/pool/o2.qcow2', img('s2', 'qcow2'), 'qcow2'],
    ]);
    expect(plan.manifest.snapshots.map((s) => [s.id, s.parentId, s.disks[0]!.file, s.memory])).toEqual([
      ['s1', null, img('s1', 'raw'), null],
      ['s2', 's1', img('s2', 'qcow2'), mem('s2')],
      ['s3', 's2', img('s3', 'qcow2'), null],
    ]);
    expect(plan.manifest.snapshots[1]).toMatchObject({
      name: 'name s2', description: 'about s2', kind: 'memory', createdAt: at(2), location: 'external',
      notes: [{ at: at(5), text: 'before the upgrade' }], xml: '<domainsnapshot><name>s2</name></domainsnapshot>',
    });
    expect(skipped).toEqual([{ snapshotId: 's4', reason: 'internal' }]);
    asManifest(plan);
  });

  it('one snapshot alone: its chain and memory file, no parent', () => {
    const { plan } = planExport(input('s2'));
    // The base has no owner among the exported snapshots: it is named after the one that needs it.
    expect(plan.files.map((f) => [f.path, f.backing])).toEqual([
      [img('s2u1', 'raw'), null], [img('s2', 'qcow2'), img('s2u1', 'raw')], [mem('s2'), null],
    ]);
    expect(plan.manifest.snapshots.map((s) => [s.id, s.parentId, s.disks[0]!.file])).toEqual([['s2', null, img('s2', 'qcow2')]]);
    asManifest(plan);
  });

  it('carries a UEFI VM’s NVRAM last, named from the VM’s UUID, with the tree and with one snapshot; the format takes one, not two', () => {
    const nvram = { sourcePath: '/var/lib/libvirt/qemu/nvram/vm-1_VARS.fd', format: 'raw' as const };
    for (const only of [undefined, 's2']) {
      const { plan } = planExport(input(only, nvram));
      expect(plan.files.at(-1)).toEqual({ path: `nvram/${VM}.nvram.raw`, kind: 'nvram', format: 'raw', backing: null, sourcePath: nvram.sourcePath });
      asManifest(plan);
    }
    const { plan } = planExport(input(undefined, nvram));
    const twice = { ...plan, files: [...plan.files, { ...plan.files.at(-1)!, path: `nvram/${VM}.second.raw` }] };
    expect(() => asManifest(twice)).toThrow(expect.objectContaining({ code: 'export_manifest_invalid' }) as SnapvisorError);
  });

  it('refuses a snapshot it cannot export, and one that does not exist', () => {
    expect(() => planExport(input('s4'))).toThrow(expect.objectContaining({ code: 'export_snapshot_unsupported', params: { name: 'name s4' } }) as SnapvisorError);
    expect(() => planExport(input('nope'))).toThrow(expect.objectContaining({ code: 'snapshot_not_found' }) as SnapvisorError);
  });

  it('refuses a VM none of whose snapshots an export can carry, naming it, rather than write a file no import takes', () => {
    const internal = rows.map((r) => ({ ...r, location: 'internal' as const }));
    const all: ExportPlanInput = {
      ...input(), rows: internal,
      chains: { ...input().chains, snapshots: input().chains.snapshots.map((s) => ({ ...s, location: 'internal' as const })) },
    };
    expect(() => planExport(all)).toThrow(expect.objectContaining({ code: 'export_vm_empty', params: { name: 'vm-1' } }) as SnapvisorError);
  });
});
