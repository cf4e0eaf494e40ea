// withDiskSources on libvirt's XML for a disk with a multi-level backing chain (as after
// several external snapshots): the result must be well-formed and point at the new file.
import { describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { withDiskSources } from '../../../electron/services/domain-xml-edit';

const chained = `<domain type='qemu'>
  <name>vm</name>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/d/c.qcow2'/>
      <backingStore type='file'>
        <format type='qcow2'/>
        <source file='/d/b.qcow2'/>
        <backingStore type='file'>
          <format type='raw'/>
          <source file='/d/a.raw'/>
          <backingStore/>
        </backingStore>
      </backingStore>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='/d/data.raw'/>
      <backingStore/>
      <target dev='vdb' bus='virtio'/>
    </disk>
  </devices>
</domain>`;

describe('withDiskSources', () => {
  it('drops a nested backing chain and keeps the XML well-formed', () => {
    const out = withDiskSources(chained, new Map([['vda', '/n/top.qcow2'], ['vdb', "/n/it's.qcow2"]]));
    expect(XMLValidator.validate(out)).toBe(true);
    expect(out).not.toContain('backingStore');
    expect(out).toContain("<source file='/n/top.qcow2'/>");
    expect(out).toContain("<source file='/n/it&apos;s.qcow2'/>");
    expect(out.match(/type='qcow2'/g)).toHaveLength(2);
  });
});
