// native/: libvirt through koffi. Knows libvirt and nothing of Snapvisor.
export * from './constants';
export { LibvirtError } from './errors';
export { Connection, libraryVersion, decodeVersion, versionAtLeast, formatVersion, type Version, type OpenOptions } from './connection';
export { Domain, type DomainState, type DomainStateName, type DomainInfo, type BlockInfo } from './domain';
export { DomainSnapshot } from './snapshot';
export { el, renderXml, escapeXml, type XmlNode, type XmlChild } from './xml/builder';
export type { DomainDescription, DomainDisk, DomainInterface, BackingLayer } from './xml/domain';
export type { SnapshotDescription, SnapshotDiskDescription, SnapshotLocation } from './xml/snapshot';
export type { DomainCapabilities } from './xml/capabilities';
export { parseDomainXml } from './xml/domain';
export { parseSnapshotXml } from './xml/snapshot';
