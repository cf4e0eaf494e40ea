// Virtual networks on the test driver: its built-in "default" network, and one of our own
// defined, started, described, stopped and removed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Connection, VIR_CONNECT_LIST_NETWORKS as LIST, VIR_ERR, VIR_NETWORK_XML, isolatedNetworkXml, parseNetworkXml,
} from '../../../native';
import { uniqueName } from './helpers';

function names(list: { name(): string; close(): void }[]): string[] {
  return list.map((n) => {
    const name = n.name();
    n.close();
    return name;
  });
}

describe('networks on the test driver', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await Connection.open('test:///default');
  });
  afterAll(() => conn.close());

  it('lists the built-in default network with its state and looks it up by name', () => {
    expect(names(conn.listAllNetworks())).toContain('default');
    using net = conn.lookupNetworkByName('default');
    expect(net.isActive()).toBe(true);
    expect(net.isPersistent()).toBe(true);
    expect(net.autostart()).toBe(false);
    expect(net.uuid()).toMatch(/^[0-9a-f-]{36}$/);
    expect(net.describe()).toMatchObject({ name: 'default', uuid: net.uuid(), forward: 'nat', bridge: 'virbr0' });
    expect(() => conn.lookupNetworkByName('no-such-network')).toThrow(expect.objectContaining({ code: VIR_ERR.NO_NETWORK }));
  });

  it('defines, starts, stops and undefines an isolated network; the list flags follow its state', async () => {
    const name = uniqueName('ut-net');
    using net = conn.defineNetwork(isolatedNetworkXml({ name }));
    try {
      expect(net.isActive()).toBe(false);
      expect(names(conn.listAllNetworks(LIST.INACTIVE))).toContain(name);
      expect(names(conn.listAllNetworks(LIST.ACTIVE))).not.toContain(name);
      await net.start();
      expect(net.isActive()).toBe(true);
      expect(names(conn.listAllNetworks(LIST.ACTIVE))).toContain(name);
      expect(net.describe()).toMatchObject({ name, forward: null });
      // The test driver has no INACTIVE flag for network XML (the real daemon does).
      expect(() => net.xml(VIR_NETWORK_XML.INACTIVE)).toThrow(expect.objectContaining({ code: VIR_ERR.INVALID_ARG }));
      await net.destroy();
      expect(net.isActive()).toBe(false);
    } finally {
      if (net.isActive()) await net.destroy();
      net.undefine();
    }
    expect(names(conn.listAllNetworks())).not.toContain(name);
  });

  it('creates a transient network that is gone once stopped', async () => {
    const name = uniqueName('ut-tnet');
    using net = await conn.createNetwork(isolatedNetworkXml({ name }));
    expect(net.isPersistent()).toBe(false);
    expect(names(conn.listAllNetworks(LIST.TRANSIENT))).toContain(name);
    await net.destroy();
    expect(names(conn.listAllNetworks())).not.toContain(name);
  });

  it('escapes names and reports a define failure as a LibvirtError', () => {
    const xml = isolatedNetworkXml({ name: 'a<b>&c' });
    expect(parseNetworkXml(xml).name).toBe('a<b>&c');
    expect(() => conn.defineNetwork('<network/>')).toThrow(expect.objectContaining({ name: 'LibvirtError' }));
  });
});
