// The SnapshotsApi: validation, job scheduling per VM, and the operation modules behind it.
import type {
  CreateSnapshotRequest, DeleteRequest, EditSnapshotRequest, ExtractVolumeRequest, RestoreAsNewRequest,
  RevertRequest, SnapshotsApi, VolumeRestoreRequest, VolumeSnapshotRequest,
} from '../api';
import { announce, record, type EngineContext } from '../core/context';
import { createSnapshot } from './create-snapshot';
import { checkDeletable, deletePlan, deleteSnapshot, requireSnapshot } from './delete-snapshot';
import { SnapvisorError } from '../../../shared/errors';
import { toSnapvisorError } from '../hosts/libvirt-errors';
import type { Job, Snapshot } from '../../../shared/model';
import { afterPendingMerges } from '../merges/merge-triggers';
import { DEFAULT_PATTERN, expandPattern, uniqueName } from '../policy/naming';
import { adoptSnapshot, forgetSnapshot, reconcileHost } from '../reconcile/reconcile';
import { restoreAsNew } from './restore-as-new';
import { copyFacts } from '../copies/copies-api';
import { revertSnapshot } from './revert';
import { withDescription } from './snapshot-xml';
import { validateDescription, validateName, validateNote } from '../policy/validation';
import { extractVolume, restoreVolume } from './volumes';
import { safeName } from '../vms/vm-info';
import { changeSnapshotNames, keepNamesOrNote } from '../vms/snapshot-names';

type Operation = Job['operation'];

export function createSnapshotsApi(ctx: EngineContext): SnapshotsApi {
  /**
   * Runs `work` as the VM's job (queued behind any other job on it), after the VM's pending
   * merges. A libvirt failure that no
   * step turned into a SnapvisorError (a link dying between steps) leaves it as one, so the UI
   * says what happened instead of "internal error".
   */
  async function asJob<T>(hostId: string, vmUuid: string, vmName: string, operation: Operation, snapshotId: string | null,
    work: Parameters<typeof ctx.jobs.run<T>>[1]): Promise<T> {
    return ctx.jobs.run({ hostId, vmUuid, vmName, operation, snapshotId }, async (job) => {
      try {
        return await afterPendingMerges(ctx, hostId, vmUuid, work)(job);
      } catch (e) {
        throw toSnapvisorError(e);
      }
    });
  }

  function defaultName(hostId: string, vmUuid: string, vmName?: string): string {
    const name = vmName ?? ctx.hosts.vmNameNow(hostId, vmUuid) ?? ctx.snapshots.list({ hostId, vmUuid })[0]?.vm.name ?? vmUuid.slice(0, 8);
    return uniqueName(expandPattern(DEFAULT_PATTERN, { vm: name }).slice(0, 200), ctx.snapshots.namesOfVm(hostId, vmUuid));
  }

  function checkNameFree(hostId: string, vmUuid: string, name: string, except?: string): void {
    const own = except === undefined ? undefined : ctx.snapshots.get(except)?.name;
    if (name !== own && ctx.snapshots.namesOfVm(hostId, vmUuid).has(name)) throw new SnapvisorError('name_taken', { name });
  }

  const api: SnapshotsApi = {
    list: (filter) => ctx.snapshots.list(filter),

    get(id) {
      const snapshot = requireSnapshot(ctx, id);
      return {
        snapshot,
        children: ctx.snapshots.children(id),
        dependents: ctx.snapshots.dependents(id),
        events: ctx.events.list(id),
        notes: ctx.notes.list(id),
        ...copyFacts(ctx, id),
      };
    },

    defaultName: (hostId, vmUuid) => defaultName(hostId, vmUuid),

    async create(req: CreateSnapshotRequest) {
      if (!['cold', 'hot', 'memory'].includes(req.kind)) throw new SnapvisorError('invalid_input', { field: 'kind' });
      const description = validateDescription(req.description);
      using dom = await ctx.hosts.domain(req.hostId, req.vmUuid);
      const vmName = safeName(dom);
      const name = req.name === undefined ? defaultName(req.hostId, req.vmUuid, vmName) : validateName(req.name);
      checkNameFree(req.hostId, req.vmUuid, name);
      // Awaited here, so the domain is disposed after the job, not when the promise is handed back.
      return await asJob(req.hostId, req.vmUuid, vmName, req.origin === 'schedule' ? 'schedule' : 'create', null, (job) => createSnapshot(ctx, {
        hostId: req.hostId, dom, kind: req.kind, name, description, disks: req.disks, quiesce: req.quiesce, protect: req.protect,
        origin: req.origin ?? 'manual', scheduleId: req.scheduleId ?? null, withDependents: true, orNearest: req.orNearest,
      }, job));
    },

    async edit(id: string, req: EditSnapshotRequest) {
      const s = requireSnapshot(ctx, id);
      const name = req.name === undefined ? undefined : validateName(req.name);
      const description = req.description === undefined ? undefined : validateDescription(req.description);
      if (name !== undefined && name !== s.name) checkNameFree(s.hostId, s.vm.uuid, name, id);
      if (description !== undefined && description !== s.description && s.libvirtName && s.state === 'ready') {
        // libvirt keeps a description too; rewrite its metadata so virsh and others see the same.
        await asJob(s.hostId, s.vm.uuid, s.vm.name, 'create', id, async () => {
          using dom = await ctx.hosts.domain(s.hostId, s.vm.uuid);
          try {
            using snap = dom.lookupSnapshot(s.libvirtName!);
            snap.redefine(withDescription(snap.xml(), description), snap.isCurrent()).close();
          } catch (e) {
            throw toSnapvisorError(e, { snapshot: s.name });
          }
        });
      }
      const updated = ctx.snapshots.transaction(() => {
        const u = ctx.snapshots.update(id, { name, description });
        if (name !== undefined && name !== s.name) {
          for (const dep of ctx.snapshots.dependents(id)) ctx.snapshots.update(dep.id, { name: `snapshot for ${name}` });
        }
        record(ctx, { hostId: s.hostId, snapshotId: id, vmUuid: s.vm.uuid, action: 'edit', outcome: 'succeeded', detail: { name: name !== s.name ? name : undefined, descriptionChanged: description !== undefined && description !== s.description } });
        return u;
      });
      if (name !== undefined && name !== s.name && s.libvirtName && s.state === 'ready') {
        await asJob(s.hostId, s.vm.uuid, s.vm.name, 'create', id, () => keepNamesOrNote(ctx, { hostId: s.hostId, snapshotId: id, vmUuid: s.vm.uuid, action: 'edit' }, async () => {
          using dom = await ctx.hosts.domain(s.hostId, s.vm.uuid);
          await changeSnapshotNames(dom, { set: new Map([[s.libvirtName!, name]]) });
        }));
      }
      announce(ctx, s.hostId, s.vm.uuid, [id]);
      return updated;
    },

    setProtected(id, on) {
      const s = requireSnapshot(ctx, id);
      if (s.dependentOf) throw new SnapvisorError('invalid_input', { snapshot: s.name, reason: 'dependent_follows_parent' });
      const updated = ctx.snapshots.transaction(() => {
        const u = ctx.snapshots.update(id, { protected: on });
        record(ctx, { hostId: s.hostId, snapshotId: id, vmUuid: s.vm.uuid, action: on ? 'protect' : 'unprotect', outcome: 'succeeded', detail: {} });
        return u;
      });
      announce(ctx, s.hostId, s.vm.uuid, [id]);
      return updated;
    },

    deletePlan: (id) => deletePlan(ctx, id),

    async delete(id: string, req?: DeleteRequest) {
      const s = requireSnapshot(ctx, id);
      checkDeletable(ctx, id, req);
      await asJob(s.hostId, s.vm.uuid, s.vm.name, 'delete', id, async (job) => {
        // Re-check inside the job: another job may have changed things while this one waited.
        const plan = checkDeletable(ctx, id, req, job.job.id);
        await deleteSnapshot(ctx, plan, job);
      });
    },

    async revert(id: string, req: RevertRequest = {}) {
      const s = requireSnapshot(ctx, id);
      return asJob(s.hostId, s.vm.uuid, s.vm.name, 'revert', id, (job) => revertSnapshot(ctx, requireSnapshot(ctx, id), req, job));
    },

    async restoreAsNew(id: string, req: RestoreAsNewRequest) {
      const s = requireSnapshot(ctx, id);
      return asJob(s.hostId, s.vm.uuid, s.vm.name, 'restore-as-new', id, () => restoreAsNew(ctx, requireSnapshot(ctx, id), req));
    },

    async createVolume(req: VolumeSnapshotRequest) {
      const description = validateDescription(req.description);
      using dom = await ctx.hosts.domain(req.hostId, req.vmUuid);
      const vmName = safeName(dom);
      const name = req.name === undefined ? defaultName(req.hostId, req.vmUuid, `${vmName}-${req.disk}`) : validateName(req.name);
      checkNameFree(req.hostId, req.vmUuid, name);
      return await asJob(req.hostId, req.vmUuid, vmName, 'create', null, (job) => createSnapshot(ctx, {
        hostId: req.hostId, dom, kind: 'volume', name, description, disks: [req.disk], origin: 'manual', withDependents: false,
      }, job));
    },

    async restoreVolume(id: string, req: VolumeRestoreRequest = {}) {
      const s = requireSnapshot(ctx, id);
      return asJob(s.hostId, s.vm.uuid, s.vm.name, 'volume-restore', id, () => restoreVolume(ctx, requireSnapshot(ctx, id), req));
    },

    async extractVolume(id: string, req: ExtractVolumeRequest) {
      const s = requireSnapshot(ctx, id);
      return asJob(s.hostId, s.vm.uuid, s.vm.name, 'extract-volume', id, () => extractVolume(ctx, requireSnapshot(ctx, id), req));
    },

    reconcile: (hostId) => reconcileHost(ctx, hostId),

    async adopt(id: string): Promise<Snapshot> {
      const s = requireSnapshot(ctx, id);
      return asJob(s.hostId, s.vm.uuid, s.vm.name, 'reconcile', id, () => adoptSnapshot(ctx, requireSnapshot(ctx, id)));
    },

    forget: (id) => forgetSnapshot(ctx, requireSnapshot(ctx, id)),

    events: (id) => ctx.events.list(id),

    addNote(id, text) {
      const s = requireSnapshot(ctx, id);
      const note = ctx.snapshots.transaction(() => {
        const n = ctx.notes.add(id, validateNote(text));
        record(ctx, { hostId: s.hostId, snapshotId: id, vmUuid: s.vm.uuid, action: 'note', outcome: 'info', detail: { noteId: n.id } });
        return n;
      });
      announce(ctx, s.hostId, s.vm.uuid, [id]);
      return note;
    },

    thumbnail: (id) => {
      requireSnapshot(ctx, id);
      return ctx.snapshots.thumbnail(id);
    },
  };
  return api;
}
