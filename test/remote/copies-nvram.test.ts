// A VM whose firmware keeps its variables in an NVRAM file (a UEFI VM: its boot entries live
// there), copied and exported to the second host. The source's own NVRAM file does not exist
// there, so the first refresh carries it into Snapvisor's pool on the target, and an export holds
// it (`nvram/…`), and the copy VM's and the imported VM's NVRAM are filled from that file. With the
// source's NVRAM files gone, the copy and the imported VM restore and boot on the second host,
// and the NVRAM each boots with holds the source's bytes (the variables its firmware wrote, not
// the blank template). Reconcile's leak sweep keeps the carried file; removing the copy removes it. The firmware is SeaBIOS's image in a pflash loader (OVMF is not installed here):
// libvirt handles the loader and the NVRAM the same way.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '../../native';
import type { CopyRefreshResult } from '../../shared/model';
import { Guest, createGuest } from '../guest/kit';
import type { RemoteServices } from './remote-kit';
import type { SecondHost } from './second-host';
import { clientDir } from './remote-host';
import { closeTwoHosts, consoleOnSecondHost, openTwoHosts } from './two-hosts';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('a UEFI-style VM’s copy on the second host carries its NVRAM', () => {
  let host: SecondHost;
  let conn: Connection;
  let r: RemoteServices;
  let g: Guest;
  let first: CopyRefreshResult | undefined;

  beforeAll(async () => {
    ({ host, conn, r } = await openTwoHosts());
    g = await createGuest(conn, { label: 'nvram', pflash: true });
  });

  afterAll(() => closeTwoHosts({ host, conn, r }, first ? g.uuid : undefined));

  it('is carried with the first refresh and in an export; with the source’s NVRAM gone the copy and the import boot there on the source’s variables', async () => {
    const nvram = g.domain.describe({ inactive: true }).nvram!;
    await g.start();
    await g.waitForTick(2);
    await g.destroy();
    // libvirt made the VM's own NVRAM from the template at the first start; the firmware's
    // variables (a boot entry, say) then differ from the blank template.
    const vars = readFileSync(nvram);
    vars.write(`boot entry of ${g.uuid}`, 4096);
    writeFileSync(nvram, vars);
    const cold = await r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'cold', name: 'nvram cold' });

    first = await r.services.copies.refresh({ hostId: r.hostId, vmUuid: g.uuid, to: host.uri });
    const targetHostId = r.services.hosts.list().find((h) => h.uri === host.uri)!.id;
    const poolThere = (await r.services.files.host(targetHostId)).poolDir;
    const c2 = await Connection.open(host.uri);
    try {
      const copyDom = c2.lookupDomainByUuid(first.copyVm.uuid);
      const template = copyDom.describe({ inactive: true }).nvramTemplate!;
      expect(template.startsWith(`${poolThere}/${first.copyVm.uuid}.`)).toBe(true);
      expect(host.run('sha256sum', template).split(' ')[0]).toBe(sha256(vars));

      const file = join(clientDir('nvram'), 'vm.tar');
      const { manifest } = await r.services.exports.exportVm({ hostId: r.hostId, vmUuid: g.uuid, output: file });
      expect(manifest.files.filter((f) => f.kind === 'nvram')).toMatchObject([{ sourcePath: nvram, sha256: sha256(vars) }]);
      const imported = await r.services.exports.importVm({ hostId: targetHostId, file, name: `${g.name}-imp` });

      // The source gone: its NVRAM and the template it came from are no more.
      rmSync(nvram);
      rmSync(g.domain.describe({ inactive: true }).nvramTemplate!);
      const copy = r.services.snapshots.list({ hostId: targetHostId, vmUuid: first.copyVm.uuid }).find((s) => s.name === cold.name)!;
      await r.services.snapshots.revert(copy.id);
      const consoleLog = consoleOnSecondHost(host, poolThere, first.copyVm.uuid);
      const copyGuest = new Guest(c2, first.copyVm.name, '', consoleLog, [], copyDom);
      await copyGuest.start();
      await copyGuest.waitForTick(2);
      const own = copyDom.describe().nvram!;
      expect(own).not.toBe(template);
      expect(host.run('sha256sum', own).split(' ')[0]).toBe(sha256(vars));
      await copyGuest.destroy();

      await r.services.snapshots.revert(imported.snapshots[0]!.id);
      using importedDom = c2.lookupDomainByUuid(imported.vm.uuid);
      expect(importedDom.describe({ inactive: true }).nvramTemplate!.startsWith(`${poolThere}/${imported.vm.uuid}.`)).toBe(true);
      const importedGuest = new Guest(c2, imported.vm.name, '', consoleOnSecondHost(host, poolThere, imported.vm.uuid), [], c2.lookupDomainByUuid(imported.vm.uuid));
      await importedGuest.start();
      await importedGuest.waitForTick(2);
      expect(host.run('sha256sum', importedDom.describe().nvram!).split(' ')[0]).toBe(sha256(vars));
      await importedGuest.destroy();
      importedGuest.domain.close();
      await r.services.vms.remove(targetHostId, imported.vm.uuid);

      // Reconcile's leak sweep on the target keeps the file the copy VM's NVRAM is filled from.
      await r.services.snapshots.reconcile(targetHostId);
      expect(host.run('sh', '-c', 'test -f "$1" && echo there; true', 'sh', template).trim()).toBe('there');
      copyDom.close();

      await r.services.copies.remove({ hostId: r.hostId, vmUuid: g.uuid, to: host.uri });
      first = undefined;
      expect(host.run('sh', '-c', 'ls "$1" 2>/dev/null; true', 'sh', poolThere).split('\n').filter((n) => n.startsWith(copy.vm.uuid))).toEqual([]);
    } finally {
      c2.close();
    }
  });
});
