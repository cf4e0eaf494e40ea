// Shared set-up for the services' unit tests: services on test:///default with a temp db, and
// extra test-driver VMs with as many disks as a test needs.
import { randomBytes } from 'node:crypto';
import { Connection, el, renderXml } from '../../../native';
import { createTestServices, type TestServices } from '../../../electron/services';

export const HOST = 'test-default';

export interface TestVm {
  name: string;
  uuid: string;
}

/** Defines a test-driver VM (shut off unless `running`) with `disks` file disks. */
export async function defineVm(conn: Connection, opts: { disks?: number; running?: boolean; format?: string } = {}): Promise<TestVm> {
  const name = `unit-${randomBytes(4).toString('hex')}`;
  const disks = Array.from({ length: opts.disks ?? 1 }, (_, i) => `vd${String.fromCharCode(97 + i)}`);
  const xml = renderXml(el('domain', { type: 'test' },
    el('name', {}, name),
    el('memory', { unit: 'MiB' }, 64),
    el('vcpu', {}, 1),
    el('os', {}, el('type', { arch: 'x86_64' }, 'hvm')),
    el('devices', {}, ...disks.map((t) => el('disk', { type: 'file', device: 'disk' },
      opts.format ? el('driver', { name: 'qemu', type: opts.format }) : null,
      el('source', { file: `/guest/${name}-${t}.img` }),
      el('target', { dev: t, bus: 'virtio' }))))));
  const dom = conn.defineDomain(xml);
  try {
    if (opts.running) await dom.start();
    return { name, uuid: dom.uuid() };
  } finally {
    dom.close();
  }
}

export interface Harness extends TestServices {
  conn: Connection;
}

export async function harness(): Promise<Harness> {
  const t = await createTestServices();
  const conn = await Connection.open('test:///default');
  return {
    ...t,
    conn,
    async dispose() {
      conn.close();
      await t.dispose();
    },
  };
}
