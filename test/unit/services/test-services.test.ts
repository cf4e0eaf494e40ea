// Test services leave no pool behind: dispose removes the install's pool from every host it was
// made on, over a connection reopened when the old one was closed, or a fresh one when the host was
// removed; disposeTestServices() disposes what a failed test file left open. On test:///default,
// whose state every connection of this process shares while one stays open (`observer`).
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, ownAll } from '../../../native';
import { createTestServices, disposeTestServices, type TestServices } from '../../../electron/services';
import { poolName } from '../../../electron/services/files/pool';

describe('test services and their pools', () => {
  let observer: Connection;
  beforeAll(async () => { observer = await Connection.open('test:///default'); });
  afterAll(() => observer.close());

  const pools = (): string[] => {
    using all = ownAll(observer.listAllStoragePools());
    return all.map((p) => p.name());
  };
  /** Services whose pool exists on the demo host. */
  const withPool = async (): Promise<{ t: TestServices; hostId: string; pool: string }> => {
    const t = await createTestServices({ reconcileOnStart: false });
    const hostId = t.services.hosts.list()[0]!.id;
    await t.services.files.host(hostId);
    const pool = poolName(t.services.files.installId);
    expect(pools()).toContain(pool);
    return { t, hostId, pool };
  };

  it('dispose removes the pool, the services and the directory', async () => {
    const { t, pool } = await withPool();
    await t.dispose();
    expect(pools()).not.toContain(pool);
    expect(existsSync(t.dir)).toBe(false);
    await t.dispose(); // a second call (a file's afterAll, then the setup file's) is a no-op
  });

  it('removes the pool over a reopened connection when the one it was made on was closed', async () => {
    const { t, hostId, pool } = await withPool();
    (await t.services.files.host(hostId)).connection.close();
    await t.dispose();
    expect(pools()).not.toContain(pool);
  });

  it('removes the pool over a connection of its own when the host was removed meanwhile', async () => {
    const { t, hostId, pool } = await withPool();
    await t.services.hosts.remove(hostId);
    await t.dispose();
    expect(pools()).not.toContain(pool);
  });

  it('disposeTestServices() disposes every instance still open, and only those', async () => {
    const a = await withPool();
    const b = await withPool();
    await a.t.dispose();
    await disposeTestServices();
    expect(pools()).not.toContain(b.pool);
    expect(existsSync(b.t.dir)).toBe(false);
  });
});
