// The VM the transfer benchmarks move (copies, exports): a shut-off kit guest with random data in
// its raw disk, frozen by a cold snapshot, and a layer of random data over it frozen by a second
// one; random so that nothing compresses or passes as a hole. Also the new data they add later.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineServices } from '../../electron/services';
import type { Connection } from '../../native';
import { createGuest, type Guest } from '../guest/kit';

export interface BenchVm {
  guest: Guest;
  vm: { hostId: string; vmUuid: string };
  /** vda's image on top now (the layer no snapshot holds yet). */
  top(): string;
  /** A cold snapshot through the services. */
  snap(name: string): Promise<void>;
}

/** A file of `mib` MiB of random bytes. */
export function randomFile(path: string, mib: number): string {
  execFileSync('dd', ['if=/dev/urandom', `of=${path}`, 'bs=1M', `count=${mib}`, 'conv=notrunc', 'status=none']);
  return path;
}

/** Writes `source`'s bytes into the qcow2 image `image` at `offsetMiB` (the VM is shut off). */
export function writeInto(image: string, source: string, offsetMiB: number): void {
  execFileSync('qemu-io', ['-f', 'qcow2', '-c', `write -q -s ${source} ${offsetMiB}M ${statSync(source).size}`, image], { stdio: 'pipe' });
}

/** `baseMiB` of random data in the raw disk (snapshot "bench base"), `layerMiB` in the layer over it ("bench layer"). */
export async function benchVm(local: Connection, sv: EngineServices, hostId: string, o: { label: string; baseMiB: number; layerMiB: number; scratch: string }): Promise<BenchVm> {
  const guest = await createGuest(local, { label: o.label, systemFormat: 'raw', diskMiB: o.baseMiB });
  const vm = { hostId, vmUuid: guest.uuid };
  const top = (): string => guest.domain.describe({ inactive: true }).disks.find((d) => d.target === 'vda')!.source!;
  const snap = async (name: string): Promise<void> => { await sv.snapshots.create({ ...vm, kind: 'cold', name }); };
  randomFile(guest.disk('vda').file, o.baseMiB);
  await snap('bench base');
  writeInto(top(), randomFile(join(o.scratch, 'layer'), o.layerMiB), 0);
  await snap('bench layer');
  return { guest, vm, top, snap };
}
