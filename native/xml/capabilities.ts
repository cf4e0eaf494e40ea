// Typed view of domain capabilities (virConnectGetDomainCapabilities): enough to feature-detect.
import { arr, attr, obj, parseXml, text } from './parse';

export interface DomainCapabilities {
  emulator?: string;
  arch?: string;
  machine?: string;
  /** "kvm" or "qemu": which acceleration these capabilities describe. */
  domainType?: string;
  /** The firmware values libvirt can auto-select ("efi", "bios"). */
  firmwares: string[];
  /** Whether a pflash loader (UEFI) is supported. */
  uefiSupported: boolean;
  /** Whether the `<backingStoreInput/>` / external snapshot features are advertised. */
  features: Record<string, boolean>;
}

export function parseDomainCapabilities(xml: string): DomainCapabilities {
  const root = obj(parseXml(xml).domainCapabilities);
  if (!root) throw new Error('not a domainCapabilities XML document');
  const os = obj(root.os);
  const enums = arr(os?.enum);
  const firmwares = enums.filter((e) => attr(e, 'name') === 'firmware').flatMap((e) => arr(e.value).map((v) => text(v) ?? ''));
  const loader = obj(os?.loader);
  const loaderTypes = arr(loader?.enum).filter((e) => attr(e, 'name') === 'type').flatMap((e) => arr(e.value).map((v) => text(v) ?? ''));
  const features: Record<string, boolean> = {};
  const feat = obj(root.features);
  for (const [k, v] of Object.entries(feat ?? {})) {
    features[k] = attr(obj(v), 'supported') !== 'no';
  }
  return {
    emulator: text(root.path),
    arch: text(root.arch),
    machine: text(root.machine),
    domainType: text(root.domain),
    firmwares,
    uefiSupported: loaderTypes.includes('pflash') && attr(loader, 'supported') !== 'no',
    features,
  };
}
