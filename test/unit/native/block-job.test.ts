// Transient domains and the block-job layer on the test driver: what it supports (transient
// create/destroy, event registration) runs here; the block jobs themselves are refused by this
// driver with NO_SUPPORT and are proven on QEMU in test/integration/native/block-job.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, LibvirtError, VIR_DOMAIN_BLOCK_COMMIT, VIR_DOMAIN_START, VIR_ERR, blockJobTypeName } from '../../../native';
import { testDomainXml, uniqueName } from './helpers';

describe('block jobs and transient domains on the test driver', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await Connection.open('test:///default', { events: true });
  });
  afterAll(() => conn.close());

  it('creates a transient domain, which is gone once destroyed (the test driver refuses PAUSED)', async () => {
    const name = uniqueName('transient');
    await expect(conn.createDomainXml(testDomainXml(name), VIR_DOMAIN_START.PAUSED)).rejects.toMatchObject({ code: VIR_ERR.INVALID_ARG });
    const dom = await conn.createDomainXml(testDomainXml(name));
    try {
      expect(dom.isPersistent()).toBe(false);
      expect(dom.state().state).toBe('running');
      await dom.destroy();
      expect(() => conn.lookupDomainByName(name)).toThrow(LibvirtError);
    } finally {
      dom.close();
    }
  });

  it('reports a driver without block jobs or downtime control as NO_SUPPORT, not as success', async () => {
    const dom = await conn.createDomainXml(testDomainXml(uniqueName('nojobs')));
    try {
      // One call at a time: libvirt keeps one error record per connection, so calls failing
      // together may each report the other's words.
      const refusals = [
        () => dom.blockCommit('vda', null, null, VIR_DOMAIN_BLOCK_COMMIT.ACTIVE),
        () => dom.blockRebase('vda', null),
        () => dom.blockJobInfo('vda'),
        () => dom.blockJobAbort('vda'),
        () => dom.migrateMaxDowntime(),
        () => dom.setMigrateMaxDowntime(30),
      ];
      for (const call of refusals) await expect(call()).rejects.toMatchObject({ code: VIR_ERR.NO_SUPPORT });
    } finally {
      await dom.destroy();
      dom.close();
    }
  });

  it('subscribes to BLOCK_JOB_2 events (per connection and per domain) and unsubscribes', async () => {
    const dom = await conn.createDomainXml(testDomainXml(uniqueName('events')));
    try {
      const offAll = conn.onBlockJob(() => undefined);
      const offOne = conn.onBlockJob(() => undefined, dom);
      offOne();
      offAll();
      offAll();
    } finally {
      await dom.destroy();
      dom.close();
    }
  });

  it('names block job types by their libvirt names', () => {
    expect([0, 1, 2, 3, 4, 5, 99].map(blockJobTypeName)).toEqual(['unknown', 'pull', 'copy', 'commit', 'active-commit', 'backup', 'unknown']);
  });
});
