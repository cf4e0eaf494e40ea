import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, Domain, LibvirtError, VIR_ERR } from '../../../native';
import { defineTestDomain, removeDomain } from './helpers';

describe('LibvirtError from sync and async calls', () => {
  let a: Connection;
  let b: Connection;
  let stopped: Domain;
  beforeAll(async () => {
    a = await Connection.open('test:///default');
    b = await Connection.open('test:///default');
    stopped = defineTestDomain(a, 'err');
  });
  afterAll(async () => {
    await removeDomain(stopped);
    a.close();
    b.close();
  });

  it('carries code, domain, message and operation for a sync failure', () => {
    let err: unknown;
    try {
      a.lookupDomainByName('missing <vm>');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LibvirtError);
    expect(err).toMatchObject({
      code: VIR_ERR.NO_DOMAIN, codeName: 'NO_DOMAIN', domain: 12 /* VIR_FROM_TEST */,
      operation: 'virDomainLookupByName missing <vm>',
    });
    expect((err as LibvirtError).libvirtMessage).toContain('Domain not found');
    expect((err as LibvirtError).message).toBe(`virDomainLookupByName missing <vm>: ${(err as LibvirtError).libvirtMessage}`);
    expect((err as LibvirtError).is(VIR_ERR.NO_DOMAIN)).toBe(true);
  });

  it('says which connection a failed call went over: its URI, for sync and async calls on it and its objects', async () => {
    expect(() => a.lookupDomainByName('missing')).toThrowError(expect.objectContaining({ uri: 'test:///default' }));
    await expect(stopped.suspend()).rejects.toMatchObject({ uri: 'test:///default' });
    // A failed open went over no connection yet.
    await expect(Connection.open('test:///no-such-file.xml')).rejects.toMatchObject({ name: 'LibvirtError', uri: null });
  });

  it('reports the worker thread error of an async call, not a stale or foreign one', async () => {
    // A sync failure first: the async one must not report it.
    expect(() => a.lookupDomainByName('stale')).toThrow(LibvirtError);
    await expect(stopped.suspend()).rejects.toMatchObject({
      name: 'LibvirtError', code: VIR_ERR.INTERNAL_ERROR, operation: `virDomainSuspend ${stopped.name()}`,
      libvirtMessage: expect.stringContaining('not running'),
    });
  });

  it('keeps concurrent async failures on different connections apart', async () => {
    const c = await Connection.open('test:///default');
    using onC = c.lookupDomainByName(stopped.name());
    const pool = b.lookupStoragePoolByName('default-pool');
    try {
      for (let round = 0; round < 20; round++) {
        const results = await Promise.allSettled([
          stopped.resume(),
          pool.createVolume({ name: 'x', capacityBytes: 1, format: 'raw', mode: 'not-octal' }),
          onC.jobStats(),
        ]);
        const errs = results.map((r) => (r.status === 'rejected' ? (r.reason as LibvirtError) : null));
        for (const e of errs) expect(e).toBeInstanceOf(LibvirtError);
        expect(errs.map((e) => e?.operation)).toEqual([`virDomainResume ${stopped.name()}`, 'virStorageVolCreateXML', 'virDomainGetJobStats']);
        expect(errs[0]).toMatchObject({ code: VIR_ERR.INTERNAL_ERROR, libvirtMessage: expect.stringContaining('not paused') });
        expect(errs[1]?.libvirtMessage).toContain('mode');
        expect(errs[2]).toMatchObject({ code: VIR_ERR.NO_SUPPORT, libvirtMessage: expect.stringContaining('virDomainGetJobStats') });
      }
    } finally {
      pool.close();
      c.close();
    }
  });

  it('reports a failed async open and then opens fine', async () => {
    await expect(Connection.open('test:///no/such/file.xml')).rejects.toMatchObject({
      name: 'LibvirtError', operation: 'open test:///no/such/file.xml', libvirtMessage: expect.stringContaining('/no/such/file.xml'),
    });
    const [bad, good] = await Promise.allSettled([Connection.open('nosuchdriver:///x'), Connection.open('test:///default')]);
    expect(bad).toMatchObject({ status: 'rejected', reason: { code: VIR_ERR.NO_CONNECT, libvirtMessage: expect.stringContaining('nosuchdriver:///x') } });
    expect(good.status).toBe('fulfilled');
    if (good.status === 'fulfilled') good.value.close();
    const ok = await Connection.open('test:///default');
    expect(ok.isAlive()).toBe(true);
    ok.close();
  });
});
