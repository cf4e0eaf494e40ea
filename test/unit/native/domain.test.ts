import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Connection, Domain, LibvirtError, VIR_CONNECT_LIST_DOMAINS as LIST, VIR_DOMAIN_SAVE, VIR_DOMAIN_START, VIR_DOMAIN_UNDEFINE,
  VIR_DOMAIN_XML, VIR_DOMAIN_AFFECT, VIR_ERR, ownAll, parseTree, pngSize, PNG_SIGNATURE,
} from '../../../native';
import { defineTestDomain, removeDomain, tempDir, testDomainXml, uniqueName } from './helpers';

describe('Domain on the test driver', () => {
  let conn: Connection;
  const made: Domain[] = [];
  const dir = tempDir();
  beforeAll(async () => {
    conn = await Connection.open('test:///default');
  });
  afterAll(async () => {
    for (const d of made) await removeDomain(d);
    conn.close();
    dir.remove();
  });
  const define = (targets?: string[]): Domain => {
    const d = defineTestDomain(conn, 'dom', targets);
    made.push(d);
    return d;
  };

  it('lists domains with filter flags and looks them up by name and UUID', async () => {
    const off = define();
    const on = define();
    await on.start();
    const names = (flags: number): string[] => conn.listAllDomains(flags).map((d) => {
      const n = d.name();
      d.close();
      return n;
    });
    expect(names(0)).toEqual(expect.arrayContaining([off.name(), on.name(), 'test']));
    expect(names(LIST.ACTIVE)).toContain(on.name());
    expect(names(LIST.ACTIVE)).not.toContain(off.name());
    expect(names(LIST.INACTIVE)).toContain(off.name());
    expect(names(LIST.SHUTOFF)).toContain(off.name());
    expect(names(LIST.RUNNING)).toContain(on.name());
    expect(names(LIST.PERSISTENT)).toEqual(expect.arrayContaining([off.name(), on.name()]));
    using byName = conn.lookupDomainByName(on.name());
    using byUuid = conn.lookupDomainByUuid(on.uuid());
    expect(byUuid.name()).toBe(on.name());
    expect(byName.uuid()).toMatch(/^[0-9a-f-]{36}$/);
    expect(byName.id()).toBeGreaterThan(0);
    expect(off.id()).toBe(-1);
    expect(() => conn.lookupDomainByUuid('00000000-0000-0000-0000-000000000000')).toThrow(LibvirtError);
  });

  it('walks the lifecycle: start, suspend, resume, shutdown, destroy with state and reason', async () => {
    const d = define();
    expect(d.state()).toMatchObject({ state: 'shutoff' });
    expect(d.isActive()).toBe(false);
    expect(d.isPersistent()).toBe(true);
    expect(d.autostart()).toBe(false);
    await d.start();
    expect(d.state()).toMatchObject({ state: 'running', reason: 1 /* VIR_DOMAIN_RUNNING_BOOTED */ });
    await d.suspend();
    expect(d.state()).toMatchObject({ state: 'paused', reason: 1 /* VIR_DOMAIN_PAUSED_USER */ });
    await d.resume();
    expect(d.state().state).toBe('running');
    await d.shutdown();
    expect(d.state()).toMatchObject({ state: 'shutoff', reason: 1 /* VIR_DOMAIN_SHUTOFF_SHUTDOWN */ });
    // The test driver has no start flags: the error comes back from the worker thread.
    await expect(d.start(VIR_DOMAIN_START.PAUSED)).rejects.toMatchObject({ code: VIR_ERR.INVALID_ARG, operation: `virDomainCreateWithFlags ${d.name()}` });
    await d.start();
    await d.destroy();
    expect(d.state()).toMatchObject({ state: 'shutoff', reason: 2 /* VIR_DOMAIN_SHUTOFF_DESTROYED */ });
  });

  it('answers the control state without waiting for a job: ok on an idle running domain', async () => {
    const d = define();
    await d.start();
    expect(d.controlInfo()).toEqual({ state: 'ok', details: 0, stateTimeMs: 0 });
    expect(await d.describeAsync()).toEqual(d.describe());
    expect(await d.describeAsync({ inactive: true })).toEqual(d.describe({ inactive: true }));
    await d.destroy();
  });

  it('reports info and block info', async () => {
    const d = define();
    await d.start();
    const info = d.info();
    expect(info).toMatchObject({ state: 'running', maxMemKiB: 128 * 1024, vcpus: 1 });
    const block = d.blockInfo('vda');
    expect(block.capacity).toBeGreaterThan(0);
    expect(block.physical).toBeGreaterThanOrEqual(0);
  });

  it('returns live and inactive XML and parses disk targets from it', async () => {
    const d = define(['vda', 'vdb']);
    await d.start();
    expect(d.xml()).toMatch(/<domain type='test' id='\d+'>/);
    expect(d.xml(VIR_DOMAIN_XML.INACTIVE)).not.toMatch(/id='\d+'/);
    const desc = d.describe({ inactive: true });
    expect(desc.name).toBe(d.name());
    expect(desc.memoryKiB).toBe(128 * 1024);
    expect(desc.disks.map((x) => [x.target, x.device, x.format])).toEqual([
      ['vda', 'disk', 'qcow2'], ['vdb', 'disk', 'qcow2'], ['hdc', 'cdrom', undefined],
    ]);
    expect(d.diskTargets()).toEqual(['vda', 'vdb']);
  });

  it('sets, reads back and removes a metadata element of its own namespace; none is null, not an error', () => {
    const d = define();
    const ns = 'https://example.org/xmlns/ut/1';
    expect(d.metadataElement(ns)).toBeNull();
    d.setMetadataElement("<item note='a &amp; &lt;b&gt;'/>", 'ut', ns, VIR_DOMAIN_AFFECT.CONFIG);
    const back = d.metadataElement(ns, VIR_DOMAIN_AFFECT.CONFIG)!;
    expect(parseTree(back)).toMatchObject({ name: 'item', attrs: { note: 'a & <b>' } });
    expect(d.xml(VIR_DOMAIN_XML.INACTIVE)).toContain(`xmlns:ut="${ns}"`);
    expect(d.metadataElement('https://example.org/xmlns/other/1')).toBeNull();
    d.setMetadataElement(null, 'ut', ns, VIR_DOMAIN_AFFECT.CONFIG);
    expect(d.metadataElement(ns)).toBeNull();
    expect(() => d.setMetadataElement('<not closed', 'ut', ns, 0)).toThrow(LibvirtError);
  });

  it('undefines with the snapshot-metadata flag (NVRAM: see the integration tests)', async () => {
    const d = defineTestDomain(conn, 'undef');
    await d.createSnapshot('<domainsnapshot><name>s1</name></domainsnapshot>');
    // A domain with snapshots refuses a plain undefine...
    expect(() => d.undefine()).toThrow(LibvirtError);
    expect(() => d.undefine(VIR_DOMAIN_UNDEFINE.NVRAM)).toThrow(expect.objectContaining({ code: VIR_ERR.INVALID_ARG }));
    d.undefine(VIR_DOMAIN_UNDEFINE.SNAPSHOTS_METADATA);
    expect(() => conn.lookupDomainByName(d.name())).toThrow(expect.objectContaining({ code: VIR_ERR.NO_DOMAIN }));
    d.close();
  });

  it('saves to a file and restores; managed save survives until start', async () => {
    const d = define();
    await d.start();
    const file = `${dir.path}/${d.name()}.save`;
    await d.save(file);
    expect(d.state().state).toBe('shutoff');
    await expect(conn.restoreDomain(file, { flags: VIR_DOMAIN_SAVE.PAUSED })).rejects.toBeInstanceOf(LibvirtError);
    await conn.restoreDomain(file);
    expect(d.state().state).toBe('running');
    await d.managedSave();
    expect(d.hasManagedSaveImage()).toBe(true);
    d.managedSaveRemove();
    expect(d.hasManagedSaveImage()).toBe(false);
  });

  it('answers false to an agent ping where there is no agent', async () => {
    const d = define();
    await d.start();
    expect(await d.agentPing(1)).toBe(false);
    await expect(d.agentCommand('{"execute":"guest-ping"}', 1)).rejects.toBeInstanceOf(LibvirtError);
  });

  it('takes a screenshot as PNG through a stream', async () => {
    const d = define();
    await d.start();
    const shot = await d.screenshot();
    expect(shot.mime).toBe('image/png');
    expect(shot.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(shot.data)).toEqual({ width: shot.width, height: shot.height });
    expect(shot.width).toBeGreaterThan(0);
  });

  it('rejects a bad definition with the XML error', () => {
    expect(() => conn.defineDomain('<domain type="test"><name>x')).toThrow(expect.objectContaining({ code: VIR_ERR.XML_DETAIL }));
    expect(() => conn.defineDomain(testDomainXml(uniqueName('bad')).replace('type="test"', 'type="nosuch"')))
      .toThrow(LibvirtError);
  });

  it('frees each handle once: close twice is harmless, use after close throws', () => {
    const d = conn.lookupDomainByName('test');
    d.close();
    d.close();
    expect(d.closed).toBe(true);
    expect(() => d.name()).toThrow(/closed/);
  });

  it('ownAll closes every handle of a list when its scope ends, also when the scope throws', () => {
    define();
    let kept: Domain[] = [];
    const read = (fail: boolean): number => {
      using doms = ownAll(conn.listAllDomains());
      kept = [...doms];
      expect(doms.every((d) => !d.closed)).toBe(true);
      if (fail) throw new Error('cut');
      return doms.length;
    };
    expect(read(false)).toBeGreaterThan(1);
    expect(kept.every((d) => d.closed)).toBe(true);
    expect(() => read(true)).toThrow('cut');
    expect(kept.length).toBeGreaterThan(1);
    expect(kept.every((d) => d.closed)).toBe(true);
  });
});
