// Snapvisor as the client of the loopback remote host, for the remote engine tests: services whose
// only host is the qemu+ssh:// URI, with their database and data dir in the client's home (which
// the daemon cannot see), and disk markers read and written where the files are: on the host.
// Kit guests are defined on the same daemon; their own disks (the "VM's disks on the server") sit
// under the kit's state dir, which both sides see.
import { createTestServices, type EngineServices, type TestServices } from '../../electron/services';
import { dumpText, judgeMemoryRevert, markOf, type Guest, type RevertVerdict } from '../guest/kit';
import { clientDir, onHost, remoteUri } from './remote-host';

export interface RemoteServices {
  services: EngineServices;
  /** The remote host's id in these services. */
  hostId: string;
  uri: string;
  /** The client's directory holding the database and the data dir. */
  dir: string;
  /** Snapvisor's pool directory on the host (a path there, hidden here). */
  poolDir(): Promise<string>;
  dispose(): Promise<void>;
}

/** Services on a fresh database whose one host is `uri` (the loopback remote host by default). */
export async function remoteServices(uri = remoteUri()): Promise<RemoteServices> {
  const sv: TestServices = await createTestServices({ defaultUri: uri, reconcileOnStart: false }, clientDir('engine'));
  const host = sv.services.hosts.list().find((h) => h.uri === uri);
  if (!host || host.state !== 'connected') {
    await sv.dispose();
    throw new Error(`the remote host ${uri} did not connect: ${JSON.stringify(host?.failure ?? null)}`);
  }
  return {
    services: sv.services, hostId: host.id, uri, dir: sv.dir,
    poolDir: async () => (await sv.services.files.host(host.id)).poolDir,
    dispose: () => sv.dispose(),
  };
}

export interface Region {
  offset?: number;
  length?: number;
}

function qemuIoArgs(file: string, command: string, readOnly: boolean): string[] {
  // qemu-io detects the format itself when -f is left out; -U reads an image a VM holds open.
  return [...(readOnly ? ['-r', '-U'] : []), '-c', command, file];
}

/** Writes a byte pattern into an image on the host (the VM using it must be shut off). */
export function writePatternOnHost(file: string, pattern: number, { offset = 0, length = 1024 * 1024 }: Region = {}): void {
  onHost('qemu-io', ...qemuIoArgs(file, `write -P ${pattern} ${offset} ${length}`, false));
}

/** True when the image on the host (read through its backing chain) holds `pattern` there. */
export function hasPatternOnHost(file: string, pattern: number, { offset = 0, length = 1024 * 1024 }: Region = {}): boolean {
  const out = onHost('sh', '-c', 'qemu-io "$@" 2>&1; true', 'sh', ...qemuIoArgs(file, `read -P ${pattern} ${offset} ${length}`, true));
  if (/Pattern verification failed/.test(out)) return false;
  if (/read \d+\/\d+ bytes/.test(out)) return true;
  throw new Error(`qemu-io on the host could not read ${file}: ${out.trim()}`);
}

/**
 * Lets the running guest count on past the snapshot, restores the memory snapshot through the
 * services and judges the RAM counter: it must fall back into [low, high] (the last ticks seen
 * before and after the snapshot was taken) and count on. Returns the verdict for the assertion.
 */
export async function restoreAndJudgeMemory(r: RemoteServices, g: Guest, snapshotId: string, taken: { low: number; high: number }): Promise<RevertVerdict> {
  await g.waitForTick(taken.high + 12);
  const before = g.console();
  const result = await r.services.snapshots.revert(snapshotId);
  if (result.vmState !== 'running') return { reverted: false, reason: `the VM is ${result.vmState} after the restore` };
  await g.waitForMoreTicks(before.ticks.length, 10);
  return judgeMemoryRevert(before, g.console(), taken, { minTicks: 8 });
}

/** The guest's disk marker in sector 0 of an image on the host, read through its chain there. */
export function diskMarkOnHost(file: string): number | null {
  return markOf(dumpText(onHost('qemu-io', ...qemuIoArgs(file, 'read -v 0 64', true))));
}

/** A disk's chain, top first: libvirt's live view while the VM runs, else the images' headers read on the host. */
export function chainOnHost(g: Guest, target: string): string[] {
  const live = g.domain.isActive();
  const d = g.domain.describe({ inactive: !live }).disks.find((x) => x.target === target);
  if (!d?.source) throw new Error(`${g.name} has no disk ${target}`);
  if (live) return [d.source, ...d.backingChain.map((b) => b.file!)];
  const chain = JSON.parse(onHost('qemu-img', 'info', '-U', '--backing-chain', '--output=json', d.source)) as { filename: string }[];
  return chain.map((i) => i.filename);
}
