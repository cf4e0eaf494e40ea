// Shared bits for the native unit tests on libvirt's test driver.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection, Domain, VIR_DOMAIN_UNDEFINE, el, renderXml } from '../../../native';

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A minimal test-driver domain with one file disk per target. */
export function testDomainXml(name: string, targets: string[] = ['vda']): string {
  return renderXml(
    el('domain', { type: 'test' },
      el('name', {}, name),
      el('memory', { unit: 'MiB' }, 128),
      el('vcpu', {}, 1),
      el('os', {}, el('type', { arch: 'x86_64' }, 'hvm')),
      el('devices', {},
        ...targets.map((t) => el('disk', { type: 'file', device: 'disk' },
          el('driver', { name: 'qemu', type: 'qcow2' }),
          el('source', { file: `/guest/${name}-${t}.qcow2` }),
          el('target', { dev: t, bus: 'virtio' }))),
        el('disk', { type: 'file', device: 'cdrom' },
          el('target', { dev: 'hdc', bus: 'ide' }),
          el('readonly', {})))),
  );
}

/** Defines a uniquely named test domain; `undefineAll` removes it. */
export function defineTestDomain(conn: Connection, prefix = 'ut', targets?: string[]): Domain {
  return conn.defineDomain(testDomainXml(uniqueName(prefix), targets));
}

export async function removeDomain(dom: Domain): Promise<void> {
  if (dom.closed) return;
  try {
    if (dom.isActive()) await dom.destroy();
    dom.undefine(VIR_DOMAIN_UNDEFINE.SNAPSHOTS_METADATA | VIR_DOMAIN_UNDEFINE.MANAGED_SAVE);
  } catch {
    /* transient or already gone */
  }
  dom.close();
}

export function tempDir(prefix = 'sv-native-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function until(pred: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (pred()) resolve();
      else if (Date.now() > deadline) reject(new Error(`condition not met within ${timeoutMs} ms`));
      else setTimeout(tick, 10);
    };
    tick();
  });
}
