// Helpers for the engine's integration tests: services on qemu:///system with a private data dir.
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Connection } from '../../../native';
import { createTestServices, type EngineServices, type TestServices } from '../../../electron/services';
import {
  STATE_DIR, SYSTEM_URI, cleanupGuests, cleanupStaleGuests, createGuest, openSystem, qemuImg, type Guest, type GuestOptions,
} from '../../guest/kit';

export const HOST = 'qemu-system';

export function systemServices(): Promise<TestServices> {
  return createTestServices({ defaultUri: SYSTEM_URI, reconcileOnStart: false }, join(STATE_DIR, 'engine'));
}

export interface SystemSuite {
  readonly conn: Connection;
  readonly s: EngineServices;
  /** One kit guest, defined (not started) before the file's tests. */
  readonly g: Guest;
}

/**
 * A test file's setup on qemu:///system: throw-away services and one kit guest made in
 * beforeAll, everything removed in afterAll (also when tests fail).
 */
export function systemSuite(guest: GuestOptions): SystemSuite {
  let conn: Connection | undefined;
  let sv: TestServices | undefined;
  let g: Guest | undefined;
  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
    sv = await systemServices();
    g = await createGuest(conn, guest);
  });
  afterAll(async () => {
    await cleanupGuests();
    await sv?.dispose();
    conn?.close();
  });
  const ready = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is not ready: the file's beforeAll failed`);
    return v;
  };
  return {
    get conn() { return ready(conn, 'the connection'); },
    get s() { return ready(sv, 'the services').services; },
    get g() { return ready(g, 'the guest'); },
  };
}

/** A disk's chain as libvirt sees it, top first: the live one while the VM runs, else the persistent top and what its header says. */
export function chainOf(g: Guest, target: string): string[] {
  const live = g.domain.isActive();
  const d = g.domain.describe({ inactive: !live }).disks.find((x) => x.target === target);
  if (!d?.source) throw new Error(`${g.name} has no disk ${target}`);
  if (live) return [d.source, ...d.backingChain.map((b) => b.file!)];
  const out = [d.source];
  for (let b = backingFile(d.source); b; b = backingFile(b)) out.push(b);
  return out;
}

function backingFile(file: string): string | null {
  const info = JSON.parse(qemuImg('info', '-U', '--output=json', file)) as { 'full-backing-filename'?: string; 'backing-filename'?: string };
  return info['full-backing-filename'] ?? info['backing-filename'] ?? null;
}

/** What Snapvisor keeps for the VM, as the product reports it (vms.list). */
export async function usageOf(s: EngineServices, vmUuid: string): Promise<{ files: number; bytes: number; pendingMerges: number }> {
  const vm = (await s.vms.list(HOST)).find((v) => v.uuid === vmUuid);
  if (!vm) throw new Error(`no VM ${vmUuid}`);
  return { files: vm.snapvisorFiles ?? -1, bytes: vm.snapvisorBytes ?? -1, pendingMerges: vm.pendingMerges ?? -1 };
}
