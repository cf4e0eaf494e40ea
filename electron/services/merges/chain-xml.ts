// The XML edits a merge makes (through the parser, native/xml/tree.ts): a snapshot's metadata and
// a VM's persistent definition name the image a layer was merged into instead of the layer.
import {
  attrOf, child, el, elements, mapElements, parseTree, renderTree, renderXml, withAttrs, type DomainDescription, type XmlNode,
} from '../../../native';

/** Every <source> element at or below `node`. */
function sourcesIn(node: XmlNode): XmlNode[] {
  return elements(node).flatMap((c) => [...(c.name === 'source' ? [c] : []), ...sourcesIn(c)]);
}

/**
 * `xml` (a domain or a snapshot with its domain) with every disk whose source was `from` on
 * `to` (driver format `format`), and no stale <backingStore> on any disk whose chain named
 * `from`: libvirt reads the chain from the images' headers when none is given.
 */
export function withImageMoved(xml: string, from: string, to: string, format: string | null): string {
  const fix = (node: XmlNode): XmlNode => {
    if (node.name !== 'disk') return mapElements(node, fix);
    if (!sourcesIn(node).some((s) => attrOf(s, 'file') === from)) return node;
    const onFrom = attrOf(child(node, 'source'), 'file') === from;
    return mapElements(node, (c) => {
      if (c.name === 'backingStore') return null;
      if (onFrom && c.name === 'source') return withAttrs(c, { file: to });
      if (onFrom && c.name === 'driver' && format) return withAttrs(c, { type: format });
      return c;
    });
  };
  return renderTree(fix(parseTree(xml)));
}

/** Whether any disk of `xml` names `path` as its source or in its backing chain. */
export function mentionsImage(xml: string, path: string): boolean {
  return sourcesIn(parseTree(xml)).some((s) => attrOf(s, 'file') === path);
}

/**
 * A transient domain that only holds a chain for a block job: paused (never runs guest code),
 * 16 MiB, the VM's emulator, architecture and machine, one disk whose source is `leaf`.
 */
export function helperDomainXml(vm: DomainDescription, name: string, leaf: string): string {
  return renderXml(
    el('domain', { type: vm.type || 'qemu' },
      el('name', {}, name),
      el('memory', { unit: 'MiB' }, 16),
      el('vcpu', {}, 1),
      el('os', {}, el('type', { arch: vm.arch, machine: vm.machine }, 'hvm')),
      el('on_poweroff', {}, 'destroy'),
      el('on_reboot', {}, 'destroy'),
      el('devices', {},
        vm.emulator ? el('emulator', {}, vm.emulator) : null,
        el('disk', { type: 'file', device: 'disk' },
          el('driver', { name: 'qemu', type: 'qcow2' }),
          el('source', { file: leaf }),
          el('target', { dev: 'vda', bus: 'virtio' })),
        el('memballoon', { model: 'none' }))),
  );
}
