// The host a copy goes to (copy-target.ts), on libvirt's test driver: a URI that does not answer
// fails the refresh with the connection's own error and does not stay behind as a known host (no
// host in error in the sidebar for a mistyped URI); the VM's own host is refused before anything
// is added; a host that answers is added once and kept.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestServices, type TestServices } from '../../../../electron/services';
import { SnapvisorError } from '../../../../shared/errors';

const FIXTURE = join(import.meta.dirname, '..', '..', 'cli', 'fixtures', 'legacy-node.xml');

let t: TestServices | undefined;
afterEach(async () => { await t?.dispose(); t = undefined; });

describe('the target host of a copy', () => {
  it('leaves no host behind for a URI that does not answer, or for the VM’s own host', async () => {
    t = await createTestServices({ reconcileOnStart: false });
    const sv = t.services;
    const source = sv.hosts.list()[0]!;
    const [vm] = await sv.vms.list(source.id);
    const uris = (): string[] => sv.hosts.list().map((h) => h.uri);
    const before = uris();

    const nowhere = `test://${join(t.dir, 'no-such-fixture.xml')}`;
    await expect(sv.copies.refresh({ hostId: source.id, vmUuid: vm!.uuid, to: nowhere })).rejects.toBeInstanceOf(SnapvisorError);
    expect(uris()).toEqual(before);

    await expect(sv.copies.refresh({ hostId: source.id, vmUuid: vm!.uuid, to: source.uri }))
      .rejects.toSatisfy((e) => e instanceof SnapvisorError && e.code === 'copy_same_host');
    expect(uris()).toEqual(before);

    const target = `test://${FIXTURE}`;
    const done = await sv.copies.refresh({ hostId: source.id, vmUuid: vm!.uuid, to: target });
    expect(done.target).toBe(target);
    expect(uris()).toEqual([...before, target]);
    await sv.copies.refresh({ hostId: source.id, vmUuid: vm!.uuid, to: target });
    expect(uris()).toEqual([...before, target]);
  });
});
