// A libvirt domain (VM): identity, state, XML, lifecycle, block info, guest agent, snapshots.
import { callAsync, fn, koffi, qemuFn, takePointerArray, type NativeFn, type Ptr } from './lib';
import { checkAsync, LibvirtError } from './errors';
import { ConnectionObject, type DomainConnectionRef } from './handle';
import { domainIdOf, domainNameOf, domainUuidOf } from './domain-ptr';
import { DomainSnapshot, freeSnapshotPtr, snapshotParentName, snapshotPtrName } from './snapshot';
import { Stream } from './stream';
import { ppmToPng, pngSize } from './png';
import { abortJob, getJobInfo, getJobStats, type JobInfo, type JobStats } from './job';
import { blockCommit, blockJobAbort, blockJobInfo, blockRebase, type BlockJobInfo } from './block-job';
import { VIR_DOMAIN_METADATA, VIR_DOMAIN_STATE, VIR_DOMAIN_XML, VIR_ERR } from './constants';
import { parseDomainXml, type DomainDescription } from './xml/domain';

koffi.struct('virDomainInfo', {
  state: 'uchar',
  maxMem: 'ulong',
  memory: 'ulong',
  nrVirtCpu: 'ushort',
  cpuTime: 'ulonglong',
});
koffi.struct('virDomainControlInfo', {
  state: 'uint',
  details: 'uint',
  stateTime: 'ulonglong',
});
koffi.struct('virDomainBlockInfo', {
  capacity: 'ulonglong',
  allocation: 'ulonglong',
  physical: 'ulonglong',
});

const virDomainFree = fn('int virDomainFree(virDomain *dom)');
const virDomainGetInfo = fn('int virDomainGetInfo(virDomain *dom, _Out_ virDomainInfo *info)');
const virDomainGetState = fn('int virDomainGetState(virDomain *dom, _Out_ int *state, _Out_ int *reason, unsigned int flags)');
const virDomainGetControlInfo = fn('int virDomainGetControlInfo(virDomain *dom, _Out_ virDomainControlInfo *info, unsigned int flags)');
const virDomainGetXMLDesc = fn('char *! virDomainGetXMLDesc(virDomain *dom, unsigned int flags)');
const virDomainIsActive = fn('int virDomainIsActive(virDomain *dom)');
const virDomainIsPersistent = fn('int virDomainIsPersistent(virDomain *dom)');
const virDomainUndefineFlags = fn('int virDomainUndefineFlags(virDomain *dom, unsigned int flags)');
const virDomainCreateWithFlags = fn('int virDomainCreateWithFlags(virDomain *dom, unsigned int flags)');
const virDomainShutdown = fn('int virDomainShutdown(virDomain *dom)');
const virDomainDestroy = fn('int virDomainDestroy(virDomain *dom)');
const virDomainSuspend = fn('int virDomainSuspend(virDomain *dom)');
const virDomainResume = fn('int virDomainResume(virDomain *dom)');
const virDomainGetBlockInfo = fn('int virDomainGetBlockInfo(virDomain *dom, const char *disk, _Out_ virDomainBlockInfo *info, unsigned int flags)');
const virDomainSnapshotCreateXML = fn('virDomainSnapshot *virDomainSnapshotCreateXML(virDomain *dom, const char *xml, unsigned int flags)');
const virDomainListAllSnapshots = fn('int virDomainListAllSnapshots(virDomain *dom, _Out_ void **snaps, unsigned int flags)');
const virDomainSnapshotLookupByName = fn('virDomainSnapshot *virDomainSnapshotLookupByName(virDomain *dom, const char *name, unsigned int flags)');
const virDomainSnapshotCurrent = fn('virDomainSnapshot *virDomainSnapshotCurrent(virDomain *dom, unsigned int flags)');
const virDomainHasCurrentSnapshot = fn('int virDomainHasCurrentSnapshot(virDomain *dom, unsigned int flags)');
const virDomainSnapshotNum = fn('int virDomainSnapshotNum(virDomain *dom, unsigned int flags)');
const virDomainSaveFlags = fn('int virDomainSaveFlags(virDomain *dom, const char *to, const char *dxml, unsigned int flags)');
const virDomainManagedSave = fn('int virDomainManagedSave(virDomain *dom, unsigned int flags)');
const virDomainHasManagedSaveImage = fn('int virDomainHasManagedSaveImage(virDomain *dom, unsigned int flags)');
const virDomainManagedSaveRemove = fn('int virDomainManagedSaveRemove(virDomain *dom, unsigned int flags)');
const virDomainScreenshot = fn('char *! virDomainScreenshot(virDomain *dom, virStream *stream, unsigned int screen, unsigned int flags)');
const virDomainMigrateGetMaxDowntime = fn('int virDomainMigrateGetMaxDowntime(virDomain *dom, _Out_ unsigned long long *downtime, unsigned int flags)');
const virDomainMigrateSetMaxDowntime = fn('int virDomainMigrateSetMaxDowntime(virDomain *dom, unsigned long long downtime, unsigned int flags)');
const virDomainGetMetadata = fn('char *! virDomainGetMetadata(virDomain *dom, int type, const char *uri, unsigned int flags)');
const virDomainSetMetadata = fn('int virDomainSetMetadata(virDomain *dom, int type, const char *metadata, const char *key, const char *uri, unsigned int flags)');
const virDomainGetAutostart = fn('int virDomainGetAutostart(virDomain *dom, _Out_ int *autostart)');
let virDomainQemuAgentCommand: NativeFn | null | undefined;

export type DomainStateName = 'nostate' | 'running' | 'blocked' | 'paused' | 'shutdown' | 'shutoff' | 'crashed' | 'pmsuspended';

const stateNames: Record<number, DomainStateName> = {
  [VIR_DOMAIN_STATE.NOSTATE]: 'nostate',
  [VIR_DOMAIN_STATE.RUNNING]: 'running',
  [VIR_DOMAIN_STATE.BLOCKED]: 'blocked',
  [VIR_DOMAIN_STATE.PAUSED]: 'paused',
  [VIR_DOMAIN_STATE.SHUTDOWN]: 'shutdown',
  [VIR_DOMAIN_STATE.SHUTOFF]: 'shutoff',
  [VIR_DOMAIN_STATE.CRASHED]: 'crashed',
  [VIR_DOMAIN_STATE.PMSUSPENDED]: 'pmsuspended',
};

export interface DomainState {
  state: DomainStateName;
  /** The raw virDomainState. */
  code: number;
  /** The state-specific reason (virDomainPausedReason, virDomainShutoffReason, ...). */
  reason: number;
}

/** virDomainControlState: whether libvirt can talk to the hypervisor for this domain now. */
export type DomainControlStateName = 'ok' | 'job' | 'occupied' | 'error';

const controlStateNames: readonly DomainControlStateName[] = ['ok', 'job', 'occupied', 'error'];

export interface DomainControlInfo {
  /** ok; job: a background job (snapshot, save, migration) holds the domain; occupied: a monitor command is waiting. */
  state: DomainControlStateName;
  /** The state-specific detail (virDomainControlErrorReason for "error"). */
  details: number;
  /** How long the domain has been in this state (ms; job and occupied only). */
  stateTimeMs: number;
}

export interface DomainInfo {
  state: DomainStateName;
  maxMemKiB: number;
  memoryKiB: number;
  vcpus: number;
  cpuTimeNs: bigint | number;
}

export interface BlockInfo {
  capacity: number;
  allocation: number;
  physical: number;
}

export interface Screenshot {
  /** Always "image/png": QEMU's PPM is converted. */
  mime: 'image/png';
  data: Buffer;
  width: number;
  height: number;
}

/** One snapshot in a domain's tree, as listSnapshotTree() returns it. */
export interface SnapshotNode {
  name: string;
  /** The parent's name, or null for a root. */
  parent: string | null;
  current: boolean;
}

export class Domain extends ConnectionObject<DomainConnectionRef> {
  /** Takes ownership of a domain pointer libvirt handed out. */
  static wrap(ptr: Ptr, connection: DomainConnectionRef): Domain {
    return new Domain(ptr, virDomainFree, connection);
  }

  name(): string {
    return this.call('virDomainGetName', domainNameOf(this.ptr));
  }

  uuid(): string {
    return this.call('virDomainGetUUIDString', domainUuidOf(this.ptr));
  }

  /** The running domain's id, or -1 when it is not running. */
  id(): number {
    return domainIdOf(this.ptr);
  }

  info(): DomainInfo {
    const out: Record<string, number | bigint> = {};
    this.call('virDomainGetInfo', virDomainGetInfo(this.ptr, out) as number);
    return {
      state: stateNames[Number(out.state)] ?? 'nostate',
      maxMemKiB: Number(out.maxMem),
      memoryKiB: Number(out.memory),
      vcpus: Number(out.nrVirtCpu),
      cpuTimeNs: out.cpuTime ?? 0,
    };
  }

  state(): DomainState {
    const s = [0];
    const r = [0];
    this.call('virDomainGetState', virDomainGetState(this.ptr, s, r, 0) as number);
    const code = s[0] ?? 0;
    return { state: stateNames[code] ?? 'nostate', code, reason: r[0] ?? 0 };
  }

  /**
   * The control interface's state, answered without waiting for any job the domain is in (unlike
   * the job queries): tells whether a call such as a snapshot is still being carried out.
   */
  controlInfo(): DomainControlInfo {
    const out: Record<string, number | bigint> = {};
    this.call('virDomainGetControlInfo', virDomainGetControlInfo(this.ptr, out, 0) as number);
    return { state: controlStateNames[Number(out.state)] ?? 'error', details: Number(out.details), stateTimeMs: Number(out.stateTime) };
  }

  isActive(): boolean {
    return this.call('virDomainIsActive', virDomainIsActive(this.ptr) as number) === 1;
  }

  isPersistent(): boolean {
    return this.call('virDomainIsPersistent', virDomainIsPersistent(this.ptr) as number) === 1;
  }

  xml(flags = 0): string {
    return this.call('virDomainGetXMLDesc', virDomainGetXMLDesc(this.ptr, flags) as string | null);
  }

  /** The parsed definition; `inactive` gives the persistent config rather than the live one. */
  describe(options: { inactive?: boolean } = {}): DomainDescription {
    return parseDomainXml(this.xml(options.inactive ? VIR_DOMAIN_XML.INACTIVE : 0));
  }

  /** describe() off the JS thread (a remote daemon may hold a JS-thread call back while a long one runs). */
  async describeAsync(options: { inactive?: boolean } = {}): Promise<DomainDescription> {
    if (this.connection.inProcess) return this.describe(options);
    const xml = await callAsync<string | null>(virDomainGetXMLDesc, this.ptr, options.inactive ? VIR_DOMAIN_XML.INACTIVE : 0);
    return parseDomainXml(checkAsync(`virDomainGetXMLDesc ${this.name()}`, this.connection.ptr, xml));
  }

  undefine(flags = 0): void {
    this.call('virDomainUndefineFlags', virDomainUndefineFlags(this.ptr, flags) as number);
  }

  /**
   * The domain's own metadata element in namespace `uri` (libvirt answers it without prefix or
   * namespace declaration), or null when it has none. `flags`: VIR_DOMAIN_AFFECT_*.
   */
  metadataElement(uri: string, flags = 0): string | null {
    try {
      return this.call('virDomainGetMetadata', virDomainGetMetadata(this.ptr, VIR_DOMAIN_METADATA.ELEMENT, uri, flags) as string | null);
    } catch (e) {
      if (e instanceof LibvirtError && e.code === VIR_ERR.NO_DOMAIN_METADATA) return null;
      throw e;
    }
  }

  /** metadataElement() off the JS thread. */
  async metadataElementAsync(uri: string, flags = 0): Promise<string | null> {
    if (this.connection.inProcess) return this.metadataElement(uri, flags);
    const xml = await callAsync<string | null>(virDomainGetMetadata, this.ptr, VIR_DOMAIN_METADATA.ELEMENT, uri, flags);
    try {
      return checkAsync(`virDomainGetMetadata ${this.name()}`, this.connection.ptr, xml);
    } catch (e) {
      if (e instanceof LibvirtError && e.code === VIR_ERR.NO_DOMAIN_METADATA) return null;
      throw e;
    }
  }

  /** Sets (or with null removes) the metadata element of namespace `uri`, written with prefix `key`. */
  setMetadataElement(xml: string | null, key: string, uri: string, flags = 0): void {
    this.call('virDomainSetMetadata', virDomainSetMetadata(this.ptr, VIR_DOMAIN_METADATA.ELEMENT, xml, xml === null ? null : key, uri, flags) as number);
  }

  autostart(): boolean {
    const out = [0];
    this.call('virDomainGetAutostart', virDomainGetAutostart(this.ptr, out) as number);
    return out[0] === 1;
  }

  /** Starts the domain off the JS thread (VIR_DOMAIN_START_* flags). */
  async start(flags = 0): Promise<void> {
    await this.callAsync(`virDomainCreateWithFlags ${this.name()}`, virDomainCreateWithFlags, flags);
  }

  /** Asks the guest to shut down (ACPI or agent); returns before it has stopped. */
  async shutdown(): Promise<void> {
    await this.callAsync(`virDomainShutdown ${this.name()}`, virDomainShutdown);
  }

  async destroy(): Promise<void> {
    await this.callAsync(`virDomainDestroy ${this.name()}`, virDomainDestroy);
  }

  async suspend(): Promise<void> {
    await this.callAsync(`virDomainSuspend ${this.name()}`, virDomainSuspend);
  }

  async resume(): Promise<void> {
    await this.callAsync(`virDomainResume ${this.name()}`, virDomainResume);
  }

  /**
   * Saves the running domain's memory to `file` and stops it (VIR_DOMAIN_SAVE_* flags);
   * Connection.restoreDomain brings it back.
   */
  async save(file: string, options: { xml?: string; flags?: number } = {}): Promise<void> {
    await this.callAsync(`virDomainSaveFlags ${this.name()}`, virDomainSaveFlags, file, options.xml ?? null, options.flags ?? 0);
  }

  /** Saves to libvirt's managed location; the next start resumes from it. */
  async managedSave(flags = 0): Promise<void> {
    await this.callAsync(`virDomainManagedSave ${this.name()}`, virDomainManagedSave, flags);
  }

  hasManagedSaveImage(): boolean {
    return this.call('virDomainHasManagedSaveImage', virDomainHasManagedSaveImage(this.ptr, 0) as number) === 1;
  }

  managedSaveRemove(): void {
    this.call('virDomainManagedSaveRemove', virDomainManagedSaveRemove(this.ptr, 0) as number);
  }

  /** Disk targets ("vda", "sdb"...) of the disks (not cdroms/floppies) in the definition. */
  diskTargets(options: { inactive?: boolean } = {}): string[] {
    return this.describe(options).disks.filter((d) => d.device === 'disk').map((d) => d.target);
  }

  // --- jobs ---

  /** The running job's progress (virDomainGetJobInfo). */
  jobInfo(): Promise<JobInfo> {
    return getJobInfo(this.ptr, this.connection.ptr);
  }

  /**
   * The running (or, with VIR_DOMAIN_JOB_STATS_COMPLETED, the last completed) job's statistics.
   * For internal snapshots libvirt answers only after the snapshot has finished.
   */
  jobStats(flags = 0): Promise<JobStats> {
    return getJobStats(this.ptr, this.connection.ptr, flags);
  }

  /** Asks libvirt to cancel the running job (where the job allows it). */
  abortJob(): Promise<void> {
    return abortJob(this.ptr, this.connection.ptr);
  }

  /**
   * The longest pause (ms) QEMU allows at the end of a live migration, which a live external
   * memory snapshot is: the final pass of RAM runs while the guest is paused.
   */
  async migrateMaxDowntime(): Promise<number> {
    const out: (number | bigint)[] = [0];
    await this.callAsync(`virDomainMigrateGetMaxDowntime ${this.name()}`, virDomainMigrateGetMaxDowntime, out, 0);
    return Number(out[0] ?? 0);
  }

  /** Sets that pause (ms); QEMU keeps it for the domain's later migrations and snapshots. */
  async setMigrateMaxDowntime(ms: number): Promise<void> {
    await this.callAsync(`virDomainMigrateSetMaxDowntime ${this.name()}`, virDomainMigrateSetMaxDowntime, ms, 0);
  }

  // --- block jobs (block-job.ts) ---

  /**
   * Starts committing `top` (null: the active layer, with VIR_DOMAIN_BLOCK_COMMIT.ACTIVE) down
   * into `base` (null: the bottom of the chain) while the guest runs; flags:
   * VIR_DOMAIN_BLOCK_COMMIT_*. Returns once QEMU has the job: follow it with blockJobInfo or the
   * BLOCK_JOB_2 event; an active commit waits for blockJobAbort(PIVOT). `bandwidth`: MiB/s (0: no limit).
   */
  blockCommit(disk: string, base: string | null, top: string | null, flags = 0, bandwidth = 0): Promise<void> {
    return blockCommit(this.ptr, this.connection.ptr, disk, base, top, flags, bandwidth);
  }

  /** Starts pulling the chain above `base` (null: all of it) into the disk's top (VIR_DOMAIN_BLOCK_REBASE_*). */
  blockRebase(disk: string, base: string | null, flags = 0): Promise<void> {
    return blockRebase(this.ptr, this.connection.ptr, disk, base, flags);
  }

  /** The disk's running block job, or null. */
  blockJobInfo(disk: string): Promise<BlockJobInfo | null> {
    return blockJobInfo(this.ptr, this.connection.ptr, disk);
  }

  /** Cancels the disk's block job (the chain stays as it was), or pivots with VIR_DOMAIN_BLOCK_JOB_ABORT.PIVOT. */
  blockJobAbort(disk: string, flags = 0): Promise<void> {
    return blockJobAbort(this.ptr, this.connection.ptr, disk, flags);
  }

  // --- guest agent ---

  /**
   * Sends one QEMU guest agent command (JSON) off the JS thread; `timeoutSeconds` is a count
   * of seconds or a VIR_DOMAIN_QEMU_AGENT_COMMAND_* value. Throws NO_SUPPORT when
   * libvirt-qemu.so.0 is missing.
   */
  async agentCommand(command: string, timeoutSeconds = 5): Promise<string> {
    if (virDomainQemuAgentCommand === undefined) {
      virDomainQemuAgentCommand = qemuFn('char *! virDomainQemuAgentCommand(virDomain *dom, const char *cmd, int timeout, unsigned int flags)');
    }
    if (virDomainQemuAgentCommand === null) {
      throw new LibvirtError('virDomainQemuAgentCommand', { code: VIR_ERR.NO_SUPPORT, domain: 0, message: 'libvirt-qemu.so.0 is not installed' });
    }
    const reply = await callAsync<string | null>(virDomainQemuAgentCommand, this.ptr, command, timeoutSeconds, 0);
    return checkAsync(`virDomainQemuAgentCommand ${this.name()}`, this.connection.ptr, reply);
  }

  /**
   * True when a guest agent answers guest-ping within `timeoutSeconds`; false when the domain
   * has no agent channel, the agent is not running, or the driver has no agent (test:///).
   */
  async agentPing(timeoutSeconds = 2): Promise<boolean> {
    try {
      const reply = JSON.parse(await this.agentCommand('{"execute":"guest-ping"}', timeoutSeconds)) as unknown;
      return typeof reply === 'object' && reply !== null && 'return' in reply;
    } catch (e) {
      if (e instanceof LibvirtError || e instanceof SyntaxError) return false;
      throw e;
    }
  }

  // --- screenshot ---

  /** A screenshot of `screen` as PNG, read through a libvirt stream off the JS thread. */
  async screenshot(screen = 0): Promise<Screenshot> {
    const stream = Stream.create(this.connection.ptr);
    try {
      const mime = await callAsync<string | null>(virDomainScreenshot, this.ptr, stream.ptr, screen, 0);
      const type = checkAsync(`virDomainScreenshot ${this.name()}`, this.connection.ptr, mime);
      const raw = await stream.readAll(256 * 1024 * 1024);
      const data = type === 'image/png' ? raw : ppmToPng(raw);
      return { mime: 'image/png', data, ...pngSize(data) };
    } finally {
      stream.close();
    }
  }

  /** Sizes of one disk, by target ("vda") or source path. */
  blockInfo(disk: string): BlockInfo {
    const out: Record<string, number | bigint> = {};
    this.call(`virDomainGetBlockInfo ${disk}`, virDomainGetBlockInfo(this.ptr, disk, out, 0) as number);
    return { capacity: Number(out.capacity), allocation: Number(out.allocation), physical: Number(out.physical) };
  }

  /**
   * Creates a snapshot off the JS thread (memory snapshots take seconds to minutes);
   * flags: VIR_DOMAIN_SNAPSHOT_CREATE_*.
   */
  async createSnapshot(xml: string, flags = 0): Promise<DomainSnapshot> {
    const p = await callAsync<Ptr | null>(virDomainSnapshotCreateXML, this.ptr, xml, flags);
    return DomainSnapshot.wrap(checkAsync(`virDomainSnapshotCreateXML ${this.name()}`, this.connection.ptr, p), this);
  }

  /** Synchronous create, for quick metadata-only work such as REDEFINE. */
  createSnapshotSync(xml: string, flags = 0): DomainSnapshot {
    const p = virDomainSnapshotCreateXML(this.ptr, xml, flags) as Ptr | null;
    return DomainSnapshot.wrap(this.call('virDomainSnapshotCreateXML', p), this);
  }

  /** How many snapshots match `flags` (VIR_DOMAIN_SNAPSHOT_LIST_*). */
  snapshotCount(flags = 0): number {
    return this.call('virDomainSnapshotNum', virDomainSnapshotNum(this.ptr, flags) as number);
  }

  /**
   * Every snapshot (filtered by VIR_DOMAIN_SNAPSHOT_LIST_* `flags`) with its parent's name and
   * whether it is current: the tree, without fetching or parsing any XML.
   */
  listSnapshotTree(flags = 0): SnapshotNode[] {
    const current = this.hasCurrentSnapshot() ? this.currentSnapshot() : null;
    const currentName = current?.name() ?? null;
    current?.close();
    const snaps = this.listAllSnapshots(flags);
    try {
      return snaps.map((s) => {
        const name = s.name();
        return { name, parent: snapshotParentName(s.ptr, this.connectionPtr), current: name === currentName };
      });
    } finally {
      for (const s of snaps) s.close();
    }
  }

  listAllSnapshots(flags = 0): DomainSnapshot[] {
    const out: unknown[] = [null];
    const n = this.call('virDomainListAllSnapshots', virDomainListAllSnapshots(this.ptr, out, flags) as number);
    return takePointerArray(out[0], n, 'virDomainSnapshot *', (p) => DomainSnapshot.wrap(p, this));
  }

  /** listAllSnapshots off the JS thread: one RPC on a remote connection, several may be in flight. */
  async listAllSnapshotsAsync(flags = 0): Promise<DomainSnapshot[]> {
    return (await this.snapshotNamesAsync(() => true, flags)).kept;
  }

  /**
   * Every snapshot's name, off the JS thread, and a handle for those `keep` picks; the others
   * are freed at once. Comparing 10,000 names with a store costs less than wrapping each.
   */
  async snapshotNamesAsync(keep: (name: string) => boolean, flags = 0): Promise<{ names: string[]; kept: DomainSnapshot[] }> {
    const out: unknown[] = [null];
    const n = this.connection.inProcess
      ? this.call('virDomainListAllSnapshots', virDomainListAllSnapshots(this.ptr, out, flags) as number)
      : await this.callAsync(`virDomainListAllSnapshots ${this.name()}`, virDomainListAllSnapshots, out, flags);
    const names: string[] = [];
    const kept: DomainSnapshot[] = [];
    takePointerArray(out[0], n, 'virDomainSnapshot *', (p) => {
      const name = snapshotPtrName(p);
      names.push(name);
      if (keep(name)) kept.push(DomainSnapshot.wrap(p, this));
      else freeSnapshotPtr(p);
    });
    return { names, kept };
  }

  lookupSnapshot(name: string): DomainSnapshot {
    const p = virDomainSnapshotLookupByName(this.ptr, name, 0) as Ptr | null;
    return DomainSnapshot.wrap(this.call(`virDomainSnapshotLookupByName ${name}`, p), this);
  }

  hasCurrentSnapshot(): boolean {
    return this.call('virDomainHasCurrentSnapshot', virDomainHasCurrentSnapshot(this.ptr, 0) as number) === 1;
  }

  /** libvirt's current snapshot, or null when there is none. */
  currentSnapshot(): DomainSnapshot | null {
    if (!this.hasCurrentSnapshot()) return null;
    const p = virDomainSnapshotCurrent(this.ptr, 0) as Ptr | null;
    return DomainSnapshot.wrap(this.call('virDomainSnapshotCurrent', p), this);
  }

  /**
   * The current snapshot's name, or null, off the JS thread. Asks whether there is one first
   * rather than reading "no current snapshot" from an error, which a concurrent call's failure
   * on the same connection could overwrite (see native/README.md, Errors).
   */
  async currentSnapshotNameAsync(): Promise<string | null> {
    if (this.connection.inProcess) {
      using current = this.currentSnapshot();
      return current?.name() ?? null;
    }
    if (await this.callAsync('virDomainHasCurrentSnapshot', virDomainHasCurrentSnapshot, 0) !== 1) return null;
    const p = await callAsync<Ptr | null>(virDomainSnapshotCurrent, this.ptr, 0);
    const current = DomainSnapshot.wrap(checkAsync('virDomainSnapshotCurrent', this.connection.ptr, p), this);
    try {
      return current.name();
    } finally {
      current.close();
    }
  }
}
