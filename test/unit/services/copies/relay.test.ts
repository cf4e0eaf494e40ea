// The relay on libvirt's test driver, which has no volume streams: it says so in Snapvisor's words
// (volume_streams_unavailable, naming the host) before it makes anything, so no volume is left on
// the target. The relay itself is proven between two real daemons in test/remote/relay.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, ownAll, volumeXml, type StoragePool, type StorageVolume } from '../../../../native';
import { relayVolume } from '../../../../electron/services/copies/relay';
import { SnapvisorError } from '../../../../shared/errors';

describe('relay on a driver without volume streams', () => {
  let conn: Connection;
  let pool: StoragePool;
  let source: StorageVolume;

  beforeAll(async () => {
    conn = await Connection.open('test:///default');
    pool = conn.lookupStoragePoolByName('default-pool');
    source = await pool.createVolumeXml(volumeXml({ name: 'relay-source.img', capacityBytes: 1 << 20, format: 'raw' }));
  });

  afterAll(async () => {
    await source?.delete();
    source?.close();
    pool?.close();
    conn?.close();
  });

  it('refuses with volume_streams_unavailable and leaves no target volume', async () => {
    const run = relayVolume(conn, source, { conn, pool, name: 'relay-target.img' });
    await expect(run).rejects.toSatisfy((e) => e instanceof SnapvisorError && e.code === 'volume_streams_unavailable' && e.params.uri === 'test:///default');
    using vols = ownAll(pool.listAllVolumes());
    expect(vols.map((v) => v.name())).not.toContain('relay-target.img');
  });

  it('refuses a cancelled signal before touching either host', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(relayVolume(conn, source, { conn, pool, name: 'relay-target.img' }, { signal: ac.signal }))
      .rejects.toSatisfy((e) => e instanceof SnapvisorError && e.code === 'job_cancelled');
  });
});
