// native/: libvirt through koffi. Knows libvirt and nothing of Snapvisor.
export * from './constants';
export { LibvirtError, type LibvirtErrorInfo } from './errors';
export { ownAll } from './handle';
export {
  Connection, libraryVersion, decodeVersion, versionAtLeast, formatVersion, noPromptUri, type Version, type OpenOptions,
} from './connection';
export {
  Domain, type DomainState, type DomainStateName, type DomainControlInfo, type DomainControlStateName, type DomainInfo, type BlockInfo, type Screenshot, type SnapshotNode,
} from './domain';
export { DomainSnapshot } from './snapshot';
export { parseLibvirtUri, sshTransportOf, isLocalUri, SSH_TRANSPORTS, type LibvirtUri, type SshTransport } from './uri';
export { CALLS_IN_FLIGHT, CALLS_PER_DOMAIN, callSlots, domainSlots, mapInFlight, type CallSlots } from './in-flight';
export { StoragePool, type StoragePoolInfo, type StoragePoolStateName } from './storage-pool';
export { StorageVolume, type StorageVolumeInfo, type StorageVolumeType } from './storage-volume';
export { Network } from './network';
export { Stream } from './stream';
export {
  ensureEventLoop, startEventLoop, stopEventLoop, eventLoopRunning, eventImplRegistered, eventLoopError, describeLifecycle,
  type DomainLifecycleEvent, type DomainEventType, type LifecycleListener, type CloseReason, type CloseListener,
} from './events';
export {
  blockJobTypeName, type BlockJobInfo, type BlockJobType, type BlockJobStatus, type BlockJobEvent, type BlockJobListener,
} from './block-job';
export { jobTypeName, jobOperationName, type JobInfo, type JobStats, type JobType, type JobOperation } from './job';
export type { TypedValue } from './typed-params';
export { encodePng, parsePpm, ppmToPng, pngSize, crc32, PNG_SIGNATURE, type Image } from './png';
export { el, renderXml, escapeXml, type XmlNode, type XmlChild } from './xml/builder';
export {
  parseTree, renderTree, isElement, elements, child, childrenNamed, attrOf, textOf, withAttrs, withChildren, withText, mapElements, withoutDeep,
} from './xml/tree';
export type { DomainDescription, DomainDisk, DomainInterface, DomainChannel, BackingLayer } from './xml/domain';
export type { SnapshotDescription, SnapshotDiskDescription, SnapshotLocation } from './xml/snapshot';
export type { DomainCapabilities } from './xml/capabilities';
export type { StoragePoolDescription, StorageVolumeDescription, VolumeSpec } from './xml/storage';
export { parseDomainXml } from './xml/domain';
export { parseSnapshotXml } from './xml/snapshot';
export { parseDomainCapabilities } from './xml/capabilities';
export { parseStoragePoolXml, parseStorageVolumeXml, dirPoolXml, volumeXml } from './xml/storage';
export { parseNetworkXml, isolatedNetworkXml, type NetworkDescription } from './xml/network';
export { nextDataRun } from './file-extents';
