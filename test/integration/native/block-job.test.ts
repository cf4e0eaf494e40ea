// Block jobs on a running kit guest: commit of a layer below the top, active commit + pivot,
// abort (the chain stays), BLOCK_JOB_2 events, a paused transient helper domain doing the same
// on images no VM runs, and the migration downtime a live memory snapshot's final pass obeys.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Connection, VIR_DOMAIN_BLOCK_COMMIT, VIR_DOMAIN_BLOCK_JOB_ABORT, VIR_DOMAIN_START, VIR_DOMAIN_XML, el, renderXml,
  type BlockJobEvent,
} from '../../../native';
import { cleanupGuests, cleanupStaleGuests, createGuest, openSystem, qemuImg, sleep, until, type Guest } from '../../guest/kit';

describe('block jobs on qemu:///system', () => {
  let conn: Connection;
  let g: Guest;
  const events: BlockJobEvent[] = [];
  const chain = (): string[] => {
    const d = g.domain.describe().disks.find((x) => x.target === 'vda')!;
    return [d.source!, ...d.backingChain.map((b) => b.file!)];
  };
  const layer = (name: string): string => join(g.dir, `${name}.qcow2`);
  beforeAll(async () => {
    await (await openSystem()).close();
    conn = await Connection.open('qemu:///system', { events: true });
    await cleanupStaleGuests(conn);
    g = await createGuest(conn, { label: 'blockjob' });
    // base (0x11 at 0) <- o1 (0x22 at 1 MiB) <- o2 (0x33 at 2 MiB), the VM on o2.
    g.writePattern('vda', 0x11);
    qemuImg('create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', g.disk('vda').file, layer('o1'));
    qemuImg('create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', layer('o1'), layer('o2'));
    g.writePattern('vda', 0x22, { offset: 1 << 20, file: layer('o1') });
    g.writePattern('vda', 0x33, { offset: 2 << 20, file: layer('o2') });
    g.domain = conn.defineDomain(g.domain.xml(VIR_DOMAIN_XML.INACTIVE).replace(`file='${g.disk('vda').file}'`, `file='${layer('o2')}'`));
    conn.onBlockJob((e) => events.push(e), g.domain);
    await g.start();
    await g.waitForTick(1);
  });
  afterAll(async () => {
    await cleanupGuests();
    conn?.close();
  });

  it('commits a layer below the top into its base while the guest runs', async () => {
    expect(chain()).toEqual([layer('o2'), layer('o1'), g.disk('vda').file]);
    await g.domain.blockCommit('vda', g.disk('vda').file, layer('o1'));
    await until(() => events.some((e) => e.type === 'commit' && e.status === 'completed'), 30_000, 'commit completed');
    expect(events.at(-1)).toMatchObject({ disk: 'vda', type: 'commit', status: 'completed', domain: { name: g.name } });
    expect(await g.domain.blockJobInfo('vda')).toBeNull();
    expect(chain()).toEqual([layer('o2'), g.disk('vda').file]);
  });

  it('aborting an active commit keeps the chain; committing it again and pivoting makes the base the top', async () => {
    await g.domain.blockCommit('vda', g.disk('vda').file, null, VIR_DOMAIN_BLOCK_COMMIT.ACTIVE);
    await until(() => events.some((e) => e.type === 'active-commit' && e.status === 'ready'), 30_000, 'active commit ready');
    const info = await g.domain.blockJobInfo('vda');
    expect(info).toMatchObject({ type: 'active-commit', ready: true });
    await g.domain.blockJobAbort('vda');
    await until(() => events.some((e) => e.type === 'active-commit' && e.status === 'canceled'), 30_000, 'abort');
    expect(chain()).toEqual([layer('o2'), g.disk('vda').file]);
    events.length = 0;
    await g.domain.blockCommit('vda', g.disk('vda').file, null, VIR_DOMAIN_BLOCK_COMMIT.ACTIVE);
    await until(() => events.some((e) => e.status === 'ready'), 30_000, 'ready again');
    await g.domain.blockJobAbort('vda', VIR_DOMAIN_BLOCK_JOB_ABORT.PIVOT);
    expect(chain()).toEqual([g.disk('vda').file]);
    // libvirt moved the persistent definition to the base too.
    expect(g.domain.describe({ inactive: true }).disks[0]!.source).toBe(g.disk('vda').file);
    await g.destroy();
    for (const [p, off] of [[0x11, 0], [0x22, 1 << 20], [0x33, 2 << 20]] as const) expect(g.hasPattern('vda', p, { offset: off })).toBe(true);
  });

  it('a paused transient helper domain commits images no VM runs, then is destroyed', async () => {
    qemuImg('create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', g.disk('vda').file, layer('h1'));
    g.writePattern('vda', 0x44, { offset: 3 << 20, file: layer('h1') });
    const name = `${g.name}-helper`;
    const xml = renderXml(el('domain', { type: g.domain.describe({ inactive: true }).type },
      el('name', {}, name), el('memory', { unit: 'MiB' }, 16), el('vcpu', {}, 1),
      el('os', {}, el('type', { arch: 'x86_64', machine: 'pc' }, 'hvm')),
      el('devices', {}, el('emulator', {}, '/usr/bin/qemu-system-x86_64'),
        el('disk', { type: 'file', device: 'disk' }, el('driver', { name: 'qemu', type: 'qcow2' }), el('source', { file: layer('h1') }), el('target', { dev: 'vda', bus: 'virtio' })),
        el('memballoon', { model: 'none' }))));
    const helper = await conn.createDomainXml(xml, VIR_DOMAIN_START.PAUSED);
    try {
      expect(helper.state().state).toBe('paused');
      await helper.blockCommit('vda', g.disk('vda').file, null, VIR_DOMAIN_BLOCK_COMMIT.ACTIVE);
      for (let i = 0; i < 300 && !(await helper.blockJobInfo('vda'))?.ready; i++) await sleep(20);
      expect((await helper.blockJobInfo('vda'))?.ready).toBe(true);
      await helper.blockJobAbort('vda', VIR_DOMAIN_BLOCK_JOB_ABORT.PIVOT);
      await helper.destroy();
    } finally {
      helper.close();
    }
    expect(() => conn.lookupDomainByName(name)).toThrow();
    expect(g.hasPattern('vda', 0x44, { offset: 3 << 20 })).toBe(true);
  });

  it('reads and sets the migration downtime a live memory snapshot pauses for at most', async () => {
    await g.start();
    const before = await g.domain.migrateMaxDowntime();
    expect(before).toBeGreaterThan(0);
    await g.domain.setMigrateMaxDowntime(30);
    expect(await g.domain.migrateMaxDowntime()).toBe(30);
    await g.domain.setMigrateMaxDowntime(before);
    expect(await g.domain.migrateMaxDowntime()).toBe(before);
  });
});
