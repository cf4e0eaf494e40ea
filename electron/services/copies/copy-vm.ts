// A VM and its snapshot tree made on a host from another host's snapshots whose files are
// already in Snapvisor's pool there: a copy VM (refresh-copy.ts), an imported VM (exports/). The
// VM is defined from one snapshot's domain with fresh top overlays over that snapshot's files
// (its frozen images stay frozen); each snapshot is redefined on it with libvirt's REDEFINE and
// gets a row for this host carrying the source's metadata.
import { VIR_DOMAIN_SNAPSHOT_CREATE, type Connection, type Domain } from '../../../native';
import type { Snapshot, SnapshotDisk } from '../../../shared/model';
import type { NewSnapshot } from '../../store/snapshots-repo';
import type { HostFiles } from '../files';
import { domainOfSnapshotXml } from '../vms/domain-xml-edit';
import type { VmOrigin } from '../vms/vm-metadata';
import { copyDomainXml, copySnapshotXml } from './copy-xml';

export interface MadeVm {
  name: string;
  uuid: string;
  made: VmOrigin;
  /** The source's NVRAM (a UEFI VM's variables: its boot entries) as carried to this host. */
  nvramTemplate?: string;
}

/** One snapshot to redefine: its XML where it was made, and where its state is on this host. */
export interface TreeEntry {
  /** An id of ours for it ([a-z0-9]): names its placeholder overlays. */
  id: string;
  snapshotXml: string;
  /** The parent's libvirt name (already redefined on the VM), or null. */
  parent: string | null;
  /** Per disk target, its file here and that file's format. */
  disks: ReadonlyMap<string, { file: string; format: string }>;
  memory: string | null;
}

/** Read-only media of the source's own (its cloud-init seed): not the new VM's. */
export type OwnFile = (file: string) => boolean;

/** The VM defined from the entry's domain, on fresh top overlays over its files; `onTop` hears of each overlay before the define. */
export async function defineVm(conn: Connection, files: HostFiles, vm: MadeVm, entry: TreeEntry, ownFile: OwnFile, topId: string, onTop: (file: string) => void): Promise<Domain> {
  const tops = new Map<string, { file: string; format: string }>();
  for (const [target, x] of entry.disks) {
    const file = await files.overlay({ vmUuid: vm.uuid, role: 'top', id: topId, target, backing: { path: x.file, format: x.format } });
    onTop(file);
    tops.set(target, { file, format: 'qcow2' });
  }
  return conn.defineDomain(copyDomainXml(domainOfSnapshotXml(entry.snapshotXml), { ...vm, disks: tops, consoleFile: files.consolePath(vm.uuid), ownFile }));
}

/** Redefines the entry's snapshot on the VM (REDEFINE; the VM's current snapshot stays as it is). */
export function redefineSnapshot(dom: Domain, files: HostFiles, vm: MadeVm, entry: TreeEntry, ownFile: OwnFile): void {
  const domainXml = copyDomainXml(domainOfSnapshotXml(entry.snapshotXml), { ...vm, disks: entry.disks, consoleFile: files.consolePath(vm.uuid), ownFile });
  const overlays = new Map([...entry.disks.keys()].map((t) => [t, files.pathOf({ vmUuid: vm.uuid, role: 'top', id: entry.id, target: t }, 'qcow2')]));
  dom.createSnapshotSync(copySnapshotXml(entry.snapshotXml, { domainXml, parent: entry.parent, memory: entry.memory, overlays }), VIR_DOMAIN_SNAPSHOT_CREATE.REDEFINE).close();
}

/** The metadata a made snapshot keeps from its source. */
export type SourceMeta = Pick<Snapshot, 'name' | 'description' | 'kind' | 'libvirtName' | 'origin' | 'quiesced' | 'vmState' | 'createdAt' | 'disks'>;

/** The row of a made snapshot on this host: the source's metadata on the VM's files here. */
export function madeRow(s: SourceMeta, e: {
  rowId: string; hostId: string; vm: { name: string; uuid: string }; parentRow: string | null;
  entry: TreeEntry; sizes: ReadonlyMap<string, { length: number }>;
}): NewSnapshot {
  const disks: SnapshotDisk[] = s.disks.flatMap((d): SnapshotDisk[] => {
    const x = e.entry.disks.get(d.target);
    if (x) return [{ target: d.target, location: 'external' as const, format: x.format, file: x.file, overlay: null, sizeBytes: e.sizes.get(x.file)?.length ?? null }];
    return d.location === 'none' ? [{ ...d, file: null, overlay: null }] : [];
  });
  const memory = e.entry.memory;
  return {
    id: e.rowId, hostId: e.hostId, name: s.name, description: s.description, vm: e.vm, kind: s.kind, state: 'ready', location: 'external',
    libvirtName: s.libvirtName, protected: false, parentId: e.parentRow, dependentOf: null, origin: s.origin === 'schedule' ? 'manual' : s.origin,
    scheduleId: null, quiesced: s.quiesced, vmState: s.vmState, memoryFile: memory, createdAt: s.createdAt, expiresAt: null, disks,
    sizeBytes: disks.reduce((n, d) => n + (d.sizeBytes ?? 0), 0) + (memory ? e.sizes.get(memory)?.length ?? 0 : 0),
  };
}
