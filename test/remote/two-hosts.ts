// What the copies and export tests share: this machine's daemon as the first host (through its
// loopback sshd, services on it) and the second libvirt host, opened and let go together, and
// how they read a disk, a domain's disk and a console on the second host.
import { Connection } from '../../native';
import { consoleName } from '../../electron/services/files/volume-names';
import { cleanupGuests, cleanupStaleGuests } from '../guest/kit';
import { clientNamespace, remoteUri } from './remote-host';
import { remoteServices, type RemoteServices } from './remote-kit';
import { secondHost, type SecondHost } from './second-host';

export interface TwoHosts {
  host: SecondHost;
  /** This machine's daemon, through the loopback sshd. */
  conn: Connection;
  /** Snapvisor's services, connected to the first host. */
  r: RemoteServices;
}

export async function openTwoHosts(): Promise<TwoHosts> {
  clientNamespace();
  const host = await secondHost();
  const conn = await Connection.open(remoteUri());
  await cleanupStaleGuests(conn);
  return { host, conn, r: await remoteServices() };
}

/** The VM's copy on the second host removed (when one was made), the kit guests, the services, the second host let go. */
export async function closeTwoHosts(t: Partial<TwoHosts>, copyOfVm?: string): Promise<void> {
  if (t.r && t.host && copyOfVm) await t.r.services.copies.remove({ hostId: t.r.hostId, vmUuid: copyOfVm, to: t.host.uri }).catch(() => undefined);
  await cleanupGuests();
  await t.r?.dispose();
  t.conn?.close();
  await t.host?.release();
}

/** True when the image on the second host, read through its chain there, holds `pattern` at `offset` (1 MiB). */
export function holdsOnSecondHost(host: SecondHost, file: string, pattern: number, offset: number): boolean {
  const out = host.run('sh', '-c', 'qemu-io -r -U -c "$1" "$2" 2>&1; true', 'sh', `read -P ${pattern} ${offset} 1M`, file);
  if (/Pattern verification failed/.test(out)) return false;
  if (/read \d+\/\d+ bytes/.test(out)) return true;
  throw new Error(`qemu-io on the second host could not read ${file}: ${out}`);
}

/** The file a domain's vda is on now (its persistent definition), on the host at `uri`. */
export async function vdaOf(uri: string, uuid: string): Promise<string> {
  const c = await Connection.open(uri);
  try {
    using dom = c.lookupDomainByUuid(uuid);
    return dom.describe({ inactive: true }).disks.find((d) => d.target === 'vda')!.source!;
  } finally {
    c.close();
  }
}

/** Where this machine sees the console log a VM Snapvisor made writes into its pool on the second host. */
export function consoleOnSecondHost(host: SecondHost, poolDir: string, vmUuid: string): string {
  return `${host.libDir}${poolDir.replace(/^\/var\/lib\/libvirt/, '')}/${consoleName(vmUuid)}`;
}
