// A full filesystem during an external memory snapshot: Snapvisor's pool directory on the host is
// a 48 MiB tmpfs and the guest has 120 MiB of non-zero RAM. Defined outcome: the create fails
// with no_space, the row stays in 'error' (so the user sees what failed; forget removes it), no
// file is left in the pool, libvirt keeps no snapshot metadata, and the VM runs on.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../native';
import { createServices, type EngineServices } from '../../../electron/services';
import { STATE_DIR, SYSTEM_URI, cleanupGuests, cleanupStaleGuests, createGuest, openSystem, type Guest } from '../../guest/kit';
import { HOST } from '../../integration/engine/engine-kit';
import { libvirtSnapshotNames } from './fault-kit';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('a full disk during a memory snapshot', () => {
  let conn: Connection;
  let s: EngineServices | null = null;
  let g: Guest;
  const base = join(STATE_DIR, 'engine', `nospace-${randomBytes(4).toString('hex')}`);
  let poolDir = '';
  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
    mkdirSync(base, { recursive: true, mode: 0o700 });
    s = await createServices({ dbPath: join(base, 'db.sqlite'), dataDir: join(base, 'data'), defaultUri: SYSTEM_URI, reconcileOnStart: false, connectHosts: 'lazy' });
    poolDir = (await s.files.host(HOST)).poolDir;
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m,mode=0700', 'tmpfs', poolDir]);
    g = await createGuest(conn, { label: 'fault-nospace', systemFormat: 'raw', memoryMiB: 256, ballastMiB: 120 });
    await g.start();
    await g.waitForTick(3);
  });
  afterAll(async () => {
    await cleanupGuests();
    try { execFileSync('umount', [poolDir]); } catch { /* not mounted */ }
    try {
      await s?.files.destroyAll();
    } finally {
      await s?.close();
      rmSync(base, { recursive: true, force: true });
    }
    conn?.close();
  });

  it('fails with no_space and leaves nothing half-made', async () => {
    const svc = s!;
    const names = libvirtSnapshotNames(g);
    const err = await svc.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'memory', name: 'too big' }).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'no_space' });
    expect(String((err as { params: { detail?: string } }).params.detail)).toMatch(/space/i);
    const row = svc.snapshots.list({ vmUuid: g.uuid }).find((r) => r.name === 'too big')!;
    expect(row.state).toBe('error');
    expect(filesUnder(poolDir)).toEqual([]);
    expect(libvirtSnapshotNames(g)).toEqual(names);
    expect(g.state()).toBe('running');
    const ticks = g.console().ticks.length;
    await g.waitForMoreTicks(ticks, 5, 60_000);
    svc.snapshots.forget(row.id);
    expect(svc.snapshots.list({ vmUuid: g.uuid })).toEqual([]);
  });
});
