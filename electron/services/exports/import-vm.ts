// Import: an export file (docs/export-format.md) onto the connected host. The archive is read
// once, each file checked (size, SHA-256) as it streams into a volume of Snapvisor's pool there
// through libvirt's upload stream; then the VM is defined (shut off; the original name and UUID
// where they are free, else a free name and a new UUID; --name must be free) and its snapshot
// tree redefined (copy-vm.ts, as copies do), with a row per snapshot carrying the export's
// metadata and notes. Nothing is left when anything fails: the volumes written so far, the
// domain, and no row is written before the end.
import { VIR_DOMAIN_UNDEFINE, VIR_ERR, parseSnapshotXml, type Connection, type Domain } from '../../../native';
import { SnapvisorError } from '../../../shared/errors';
import type { SnapshotKind } from '../../../shared/model';
import { newId } from '../../store/ids';
import type { ImportVmRequest, ImportVmResult } from '../api';
import { announce, record, type EngineContext } from '../core/context';
import type { HostFiles } from '../files';
import { nvramName, volumeName } from '../files/volume-names';
import { isNotFound, toSnapvisorError } from '../hosts/libvirt-errors';
import { uniqueName } from '../policy/naming';
import { validateResourceName } from '../policy/validation';
import { defineVm, madeRow, redefineSnapshot, type MadeVm, type TreeEntry } from '../copies/copy-vm';
import { changeSnapshotNames, keepNamesOrNote } from '../vms/snapshot-names';
import { backingRewrite } from '../copies/qcow2-backing';
import { uploadBytes, type UploadResult } from '../copies/relay';
import { savedDomainRewrite } from '../copies/save-image-header';
import { readExport } from './export-reader';
import { withManifestJob } from './manifest-job';
import { manifestBytes, type ExportFile, type ExportManifest, type ExportSnapshot } from './format';

function exists(conn: Connection, f: () => Domain): boolean {
  try {
    f().close();
    return true;
  } catch (e) {
    if (isNotFound(e, VIR_ERR.NO_DOMAIN)) return false;
    throw toSnapvisorError(e);
  }
}

/** The imported VM's name and UUID: the original's where free here; a name given must be free. */
function identity(conn: Connection, m: ExportManifest, name: string | undefined): MadeVm {
  if (name !== undefined && exists(conn, () => conn.lookupDomainByName(name))) throw new SnapvisorError('target_exists', { name });
  const taken = new Set(conn.listAllDomains().map((d) => { using dom = d; return dom.name(); }));
  const uuid = exists(conn, () => conn.lookupDomainByUuid(m.vm.uuid)) ? crypto.randomUUID() : m.vm.uuid.toLowerCase();
  return { name: name ?? uniqueName(m.vm.name, taken), uuid, made: 'import' };
}

/** Each archive file's volume name in the pool: named by the VM's UUID and the disk it serves. */
function volumeNames(m: ExportManifest, uuid: string): Map<string, string> {
  const byPath = new Map(m.files.map((f) => [f.path, f]));
  const targets = new Map<string, string>();
  for (const s of m.snapshots) {
    for (const d of s.disks) {
      for (let f = byPath.get(d.file); f && !targets.has(f.path); f = f.backing ? byPath.get(f.backing) : undefined) targets.set(f.path, d.target);
    }
  }
  return new Map(m.files.map((f, i) => [f.path, f.kind === 'memory'
    ? volumeName({ vmUuid: uuid, role: 'mem', id: `i${i}` }, 'save')
    : f.kind === 'nvram' ? nvramName(uuid, f.format)
      : volumeName({ vmUuid: uuid, role: 'snap', id: `i${i}`, target: targets.get(f.path) ?? 'vda' }, f.format)]));
}

const kindOf = (s: ExportSnapshot): Exclude<SnapshotKind, 'volume'> => (s.kind === 'volume' ? 'cold' : s.kind);

/** Defines the VM and redefines its tree on the uploaded files; returns the new rows' ids by the export's snapshot ids. */
async function makeVm(ctx: EngineContext, hostId: string, files: HostFiles, m: ExportManifest, vm: MadeVm, names: ReadonlyMap<string, string>, sizes: ReadonlyMap<string, UploadResult>): Promise<Map<string, string>> {
  const conn = await ctx.hosts.connection(hostId);
  const at = (archivePath: string): string => `${files.poolDir}/${names.get(archivePath)!}`;
  const formatOf = new Map(m.files.map((f) => [f.path, f.format]));
  const libvirtName = new Map(m.snapshots.map((s) => [s.id, parseSnapshotXml(s.xml).name]));
  const entries = m.snapshots.map((s): TreeEntry => ({
    id: s.id, snapshotXml: s.xml, parent: s.parentId === null ? null : libvirtName.get(s.parentId) ?? null,
    disks: new Map(s.disks.map((d) => [d.target, { file: at(d.file), format: formatOf.get(d.file) ?? 'qcow2' }])),
    memory: s.memory === null ? null : at(s.memory),
  }));
  const newest = [...m.snapshots].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).at(-1);
  if (!newest) throw new SnapvisorError('export_manifest_invalid', { detail: 'no snapshots' });
  const ownFile = (): boolean => false;
  // A UEFI VM's NVRAM, carried in the file: the imported VM's own is filled from it.
  const nvram = m.files.find((f) => f.kind === 'nvram');
  const made: MadeVm = nvram ? { ...vm, nvramTemplate: at(nvram.path) } : vm;
  using dom = await defineVm(conn, files, made, entries[m.snapshots.indexOf(newest)]!, ownFile, newId(), () => undefined);
  for (const e of entries) redefineSnapshot(dom, files, made, e, ownFile);
  await keepNamesOrNote(ctx, { hostId, snapshotId: null, vmUuid: vm.uuid, action: 'import' }, () => changeSnapshotNames(dom, { set: new Map(m.snapshots.map((s) => [libvirtName.get(s.id)!, s.name])) }));
  const rows = new Map(m.snapshots.map((s) => [s.id, newId()]));
  const bySize = new Map([...sizes.values()].map((r) => [r.path, r]));
  ctx.snapshots.transaction(() => {
    m.snapshots.forEach((s, i) => {
      const state = parseSnapshotXml(s.xml).state;
      ctx.snapshots.insert(madeRow({
        name: s.name, description: s.description, kind: kindOf(s), libvirtName: libvirtName.get(s.id)!, origin: 'manual', quiesced: false,
        vmState: state, createdAt: s.createdAt, disks: s.disks.map((d) => ({ target: d.target, location: 'external', format: formatOf.get(d.file) ?? null, file: null, overlay: null, sizeBytes: null })),
      }, { rowId: rows.get(s.id)!, hostId, vm, parentRow: s.parentId === null ? null : rows.get(s.parentId) ?? null, entry: entries[i]!, sizes: bySize }));
      for (const n of s.notes) ctx.notes.add(rows.get(s.id)!, n.text);
    });
  });
  return rows;
}

export async function importVm(ctx: EngineContext, req: ImportVmRequest): Promise<ImportVmResult> {
  const wanted = req.name === undefined ? undefined : validateResourceName(req.name);
  const conn = await ctx.hosts.connection(req.hostId);
  const files = await ctx.files.host(req.hostId);
  let vm: MadeVm | null = null;
  let names = new Map<string, string>();
  let total = 0;
  let done = 0;
  const uploaded = new Map<string, UploadResult>();
  // The import is a job on the new VM from the moment it has its UUID (the job dock shows it; the
  // leak sweep leaves its volumes alone while they have no domain yet), until it ends.
  return withManifestJob(ctx, req.signal, async (job) => {
    try {
      const manifest = await readExport(req.file, {
        signal: job.signal,
        onManifest: async (m) => {
          const made = identity(conn, m, wanted);
          vm = made;
          names = volumeNames(m, made.uuid);
          total = manifestBytes(m);
          await job.begin({ hostId: req.hostId, vmUuid: made.uuid, vmName: made.name, operation: 'import' });
          record(ctx, { hostId: req.hostId, snapshotId: null, vmUuid: vm.uuid, action: 'import', outcome: 'started', detail: { file: req.file, name: vm.name, source: m.source.uri } });
        },
        onFile: async (f: ExportFile, data, release) => {
          const name = names.get(f.path)!;
          const backing = f.backing === null ? null : names.get(f.backing)!;
          const rewriteHead = f.kind === 'memory' ? savedDomainRewrite(vm!) : f.format === 'qcow2' && backing !== null ? backingRewrite(backing) : undefined;
          const r = await uploadBytes({ conn: files.connection, pool: files.pool, name }, f.size, data, {
            signal: job.signal, rewriteHead, release, onProgress: (p) => {
              job.progress(done + p.position, total);
              req.onProgress?.({ path: f.path, done: done + p.position, total });
            },
          });
          done += f.size;
          uploaded.set(f.path, r);
        },
      });
      const made = vm as MadeVm | null;
      if (!made) throw new SnapvisorError('export_not_an_export', { path: req.file });
      const rows = await makeVm(ctx, req.hostId, files, manifest, made, names, uploaded);
      record(ctx, { hostId: req.hostId, snapshotId: null, vmUuid: made.uuid, action: 'import', outcome: 'succeeded', detail: { file: req.file, name: made.name, snapshots: rows.size } });
      announce(ctx, req.hostId, made.uuid, [...rows.values()]);
      ctx.bus.emit('vm.changed', { hostId: req.hostId, vmUuid: made.uuid });
      return {
        vm: { name: made.name, uuid: made.uuid },
        snapshots: manifest.snapshots.map((s) => ({ id: rows.get(s.id)!, name: s.name, exportedId: s.id })),
        files: [...uploaded.values()].map((r) => r.path),
        bytes: total,
      };
    } catch (e) {
      const err = toSnapvisorError(e);
      const made = vm as MadeVm | null;
      if (made) {
        // Nothing of it stays: the domain (with its snapshots' metadata), every volume named by its UUID.
        try {
          using dom = conn.lookupDomainByUuid(made.uuid);
          dom.undefine(VIR_DOMAIN_UNDEFINE.SNAPSHOTS_METADATA | VIR_DOMAIN_UNDEFINE.NVRAM);
        } catch { /* never defined */ }
        await files.removeVm(made.uuid).catch(() => undefined);
        record(ctx, { hostId: req.hostId, snapshotId: null, vmUuid: made.uuid, action: 'import', outcome: 'failed', detail: { file: req.file, code: err.code, params: err.params } });
      }
      throw err;
    }
  });
}
