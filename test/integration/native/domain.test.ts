// A real guest: lifecycle events, screenshot, guest agent, block info, storage overlays, undefine.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Connection, LibvirtError, PNG_SIGNATURE, VIR_DOMAIN_UNDEFINE, VIR_ERR, pngSize, stopEventLoop, type DomainLifecycleEvent,
} from '../../../native';
import { cleanupGuests, cleanupStaleGuests, createGuest, openSystem, qemuImg, sleep, type Guest } from '../../guest/kit';

async function until(pred: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('domains on qemu:///system', () => {
  let conn: Connection;
  let events: Connection;
  let guest: Guest;
  const seen: DomainLifecycleEvent[] = [];
  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
    events = await Connection.open('qemu:///system', { events: true });
    events.onDomainLifecycle((e) => seen.push(e));
    guest = await createGuest(conn, { label: 'dom', graphics: { video: 'vga' }, agentChannel: true, dataDisks: 1 });
  });
  afterAll(async () => {
    await cleanupGuests();
    conn?.close();
    events?.close();
    await stopEventLoop();
  });
  const of = (type: string, detail?: string): boolean =>
    seen.some((e) => e.domain.name === guest.name && e.type === type && (detail === undefined || e.detail === detail));

  it('delivers lifecycle events: started, suspended, resumed', async () => {
    await guest.start();
    await until(() => of('started', 'booted'), 10_000, 'started/booted');
    await guest.domain.suspend();
    await until(() => of('suspended', 'paused'), 10_000, 'suspended/paused');
    await guest.domain.resume();
    await until(() => of('resumed', 'unpaused'), 10_000, 'resumed/unpaused');
    const started = seen.find((e) => e.domain.name === guest.name && e.type === 'started');
    expect(started?.domain.uuid).toBe(guest.uuid);
    expect(started?.domain.id).toBe(guest.domain.id());
  });

  it('takes a screenshot as a PNG with the display size', async () => {
    await guest.waitForTick(2);
    const shot = await guest.domain.screenshot();
    expect(shot.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(shot.data)).toEqual({ width: shot.width, height: shot.height });
    // VGA text mode (720x400) or a framebuffer mode: a real display size either way.
    expect(shot.width).toBeGreaterThanOrEqual(320);
    expect(shot.height).toBeGreaterThanOrEqual(200);
  });

  it('answers false to an agent ping when the channel exists but no agent runs', async () => {
    const t0 = Date.now();
    expect(await guest.domain.agentPing(2)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(15_000);
    await expect(guest.domain.agentCommand('{"execute":"guest-ping"}', 1)).rejects.toMatchObject({ name: 'LibvirtError', code: VIR_ERR.AGENT_UNRESPONSIVE });
  });

  it('reads block info and disk targets', () => {
    expect(guest.domain.diskTargets()).toEqual(['vda', 'vdb']);
    const info = guest.domain.blockInfo('vda');
    expect(info.capacity).toBe(64 * 1024 * 1024);
    expect(info.physical).toBeGreaterThan(0);
    expect(() => guest.domain.blockInfo('vdz')).toThrow(LibvirtError);
    const desc = guest.domain.describe();
    expect(desc.disks[0]).toMatchObject({ target: 'vda', format: 'qcow2', source: guest.disk('vda').file });
  });

  it('makes and removes a thin overlay through a transient dir pool', async () => {
    const pool = await conn.createDirStoragePool(`svtest-pool-${guest.name}`, guest.dir);
    try {
      expect(pool.isPersistent()).toBe(false);
      const base = conn.lookupStorageVolumeByPath(guest.disk('vdb').file);
      expect(base.info()).toMatchObject({ type: 'file', capacity: 64 * 1024 * 1024 });
      const overlay = await pool.createVolume({
        name: 'vdb.overlay.qcow2', capacityBytes: base.info().capacity, backing: { path: base.path(), format: 'qcow2' },
      });
      const info = JSON.parse(qemuImg('info', '-U', '--output=json', overlay.path())) as { 'backing-filename'?: string; format: string };
      expect(info).toMatchObject({ format: 'qcow2', 'backing-filename': base.path() });
      expect(overlay.describe()).toMatchObject({ format: 'qcow2', mode: '0600', backingStore: { path: base.path() } });
      using again = conn.lookupStoragePoolByVolume(overlay);
      expect(again.name()).toBe(pool.name());
      await overlay.wipe();
      const path = overlay.path();
      await overlay.delete();
      overlay.close();
      expect(existsSync(path)).toBe(false);
      await pool.refresh();
      base.close();
    } finally {
      await pool.destroy();
      pool.close();
    }
    expect(existsSync(guest.disk('vdb').file)).toBe(true);
  });

  it('delivers stopped/destroyed and undefined/removed; undefine takes the NVRAM flag', async () => {
    await guest.destroy();
    await until(() => of('stopped', 'destroyed'), 10_000, 'stopped/destroyed');
    guest.domain.undefine(VIR_DOMAIN_UNDEFINE.SNAPSHOTS_METADATA | VIR_DOMAIN_UNDEFINE.NVRAM | VIR_DOMAIN_UNDEFINE.MANAGED_SAVE);
    await until(() => of('undefined', 'removed'), 10_000, 'undefined/removed');
    expect(() => conn.lookupDomainByName(guest.name)).toThrow(expect.objectContaining({ code: VIR_ERR.NO_DOMAIN }));
  });
});
