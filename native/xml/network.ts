// Virtual network XML: the typed view Snapvisor reads, and the one network it builds (an
// isolated one, for tests and for hosts that want a private segment).
import { attr, obj, parseXml, text } from './parse';
import { el, renderXml } from './builder';

export interface NetworkDescription {
  name: string;
  uuid: string;
  /** The forward mode ("nat", "route", "bridge", ...), or null for an isolated network. */
  forward: string | null;
  /** The host bridge, once libvirt has assigned one. */
  bridge?: string;
}

export function parseNetworkXml(xml: string): NetworkDescription {
  const root = obj(parseXml(xml).network);
  if (!root) throw new Error('not a network XML document');
  const forward = obj(root.forward) ?? (root.forward === '' ? {} : undefined);
  return {
    name: text(root.name) ?? '',
    uuid: text(root.uuid) ?? '',
    forward: forward === undefined ? null : attr(forward, 'mode') ?? 'nat',
    bridge: attr(obj(root.bridge), 'name'),
  };
}

/** A network with no forwarding and no addresses: guests on it see only each other. */
export function isolatedNetworkXml(o: { name: string }): string {
  return renderXml(el('network', {}, el('name', {}, o.name)));
}
