// Typed view of a domain's XML: what the snapshot engine needs to pick a strategy.
import { arr, attr, obj, parseXml, text, type XmlObject } from './parse';

export interface BackingLayer {
  file?: string;
  format?: string;
}

export interface DomainDisk {
  /** "disk", "cdrom", "floppy" or "lun". */
  device: string;
  /** "file", "block", "volume", "network", "dir". */
  type: string;
  target: string;
  bus?: string;
  /** The driver's format: "qcow2", "raw", ... */
  format?: string;
  /** File or block device path; undefined for network/volume disks without one. */
  source?: string;
  pool?: string;
  volume?: string;
  readonly: boolean;
  shareable: boolean;
  /** The live backing chain, top first (only in live XML on libvirt >= 1.2.x). */
  backingChain: BackingLayer[];
}

export interface DomainInterface {
  type: string;
  mac?: string;
  source?: string;
  model?: string;
}

export interface DomainChannel {
  /** "unix", "spicevmc", "pty", ... */
  type: string;
  /** The guest-side port name, e.g. "org.qemu.guest_agent.0". */
  targetName?: string;
}

export interface DomainDescription {
  name: string;
  uuid: string;
  /** The hypervisor type: "kvm", "qemu", "test"... */
  type: string;
  description?: string;
  memoryKiB: number;
  vcpus: number;
  /** True when the firmware is UEFI: a pflash loader or firmware='efi'. */
  uefi: boolean;
  /** Path of the NVRAM file for UEFI VMs. */
  nvram?: string;
  nvramFormat?: string;
  /** The file libvirt fills the NVRAM file from when it does not exist yet. */
  nvramTemplate?: string;
  disks: DomainDisk[];
  interfaces: DomainInterface[];
  /** virtio-serial and other channels (the QEMU guest agent's among them). */
  channels: DomainChannel[];
  /** The emulator binary, guest architecture and machine type (e.g. for a helper domain like it). */
  emulator?: string;
  arch?: string;
  machine?: string;
}

function memoryKiB(m: XmlObject | undefined): number {
  const value = Number(text(m) ?? 0);
  const unit = (attr(m, 'unit') ?? 'KiB').toLowerCase();
  const factor: Record<string, number> = { b: 1 / 1024, bytes: 1 / 1024, k: 1, kib: 1, kb: 1000 / 1024, m: 1024, mib: 1024, mb: 1e6 / 1024, g: 1024 ** 2, gib: 1024 ** 2, gb: 1e9 / 1024 };
  return Math.round(value * (factor[unit] ?? 1));
}

function backingChain(disk: XmlObject): BackingLayer[] {
  const chain: BackingLayer[] = [];
  let b = obj(disk.backingStore);
  while (b && attr(b, 'type') !== undefined) {
    const src = obj(b.source);
    chain.push({ file: attr(src, 'file') ?? attr(src, 'dev'), format: attr(obj(b.format), 'type') });
    b = obj(b.backingStore);
  }
  return chain;
}

export function parseDisk(d: XmlObject): DomainDisk {
  const src = obj(d.source);
  return {
    device: attr(d, 'device') ?? 'disk',
    type: attr(d, 'type') ?? 'file',
    target: attr(obj(d.target), 'dev') ?? '',
    bus: attr(obj(d.target), 'bus'),
    format: attr(obj(d.driver), 'type'),
    source: attr(src, 'file') ?? attr(src, 'dev') ?? attr(src, 'name'),
    pool: attr(src, 'pool'),
    volume: attr(src, 'volume'),
    readonly: d.readonly !== undefined,
    shareable: d.shareable !== undefined,
    backingChain: backingChain(d),
  };
}

export function parseDomainXml(xml: string): DomainDescription {
  const root = obj(parseXml(xml).domain);
  if (!root) throw new Error('not a domain XML document');
  return describeDomainElement(root);
}

export function describeDomainElement(root: XmlObject): DomainDescription {
  const os = obj(root.os);
  const loader = obj(os?.loader);
  const nvram = obj(os?.nvram);
  const devices = obj(root.devices);
  return {
    name: text(root.name) ?? '',
    uuid: text(root.uuid) ?? '',
    type: attr(root, 'type') ?? '',
    description: text(root.description),
    memoryKiB: memoryKiB(obj(root.memory) ?? { '#text': text(root.memory) ?? '0' }),
    vcpus: Number(text(root.vcpu) ?? 1),
    uefi: attr(os, 'firmware') === 'efi' || attr(loader, 'type') === 'pflash',
    nvram: text(nvram) ?? attr(obj(nvram?.source), 'file'),
    nvramFormat: attr(nvram, 'format'),
    nvramTemplate: attr(nvram, 'template'),
    disks: arr(devices?.disk).map(parseDisk),
    emulator: text(devices?.emulator),
    arch: attr(obj(os?.type), 'arch'),
    machine: attr(obj(os?.type), 'machine'),
    interfaces: arr(devices?.interface).map((i) => {
      const src = obj(i.source);
      return {
        type: attr(i, 'type') ?? '',
        mac: attr(obj(i.mac), 'address'),
        source: attr(src, 'network') ?? attr(src, 'bridge') ?? attr(src, 'dev'),
        model: attr(obj(i.model), 'type'),
      };
    }),
    channels: arr(devices?.channel).map((c) => ({ type: attr(c, 'type') ?? '', targetName: attr(obj(c.target), 'name') })),
  };
}
