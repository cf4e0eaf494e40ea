// The `snapvisor` command against the real qemu:///system daemon and a kit guest: a memory
// snapshot taken, listed, shown, restored (the guest's RAM counter goes back) and deleted; a
// protected clone made with restore-as-new --protect and removed again with remove-vm.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../native';
import { cleanupGuests, cleanupStaleGuests, createGuest, openSystem, type Guest } from '../../guest/kit';
import { cliSandbox, parseJson } from '../../unit/cli/run-cli';

interface ErrorOut { error: { code: string; message: string } }
interface SnapshotOut { id: string; name: string; kind: string; state: string; vm: { name: string; uuid: string }; current: boolean; disks: { target: string }[] }

describe('snapvisor CLI on qemu:///system', () => {
  let conn: Connection;
  let guest: Guest;
  let sandbox: ReturnType<typeof cliSandbox>;

  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
    guest = await createGuest(conn, { label: 'cli' });
    await guest.start();
    sandbox = cliSandbox('qemu:///system');
  });

  afterAll(async () => {
    await sandbox?.dispose();
    await cleanupGuests();
    conn?.close();
  });

  it('create memory → list → show → restore → delete', async () => {
    const { cli } = sandbox;
    await guest.waitForTick(20);

    const created = cli('--json', 'create', '--vm', guest.name, '--kind', 'memory', '--name', 'cli-memory', '--description', 'from the CLI');
    expect(created.code, created.stderr).toBe(0);
    const snap = parseJson<SnapshotOut>(created);
    expect(snap).toMatchObject({ name: 'cli-memory', kind: 'memory', state: 'ready', vm: { name: guest.name, uuid: guest.uuid } });
    const tickAtSnapshot = guest.console().lastTick!;

    const listed = parseJson<SnapshotOut[]>(cli('--json', 'list', '--vm', guest.name));
    expect(listed.map((s) => [s.id, s.state])).toEqual([[snap.id, 'ready']]);
    const table = cli('list', '--vm', guest.uuid);
    expect(table.stdout).toMatch(new RegExp(`^cli-memory\\s+ready\\s+memory\\s+${guest.name}\\s+\\*`, 'm'));

    const shown = parseJson<SnapshotOut & { description: string }>(cli('--json', 'show', 'cli-memory', '--vm', guest.name));
    expect(shown).toMatchObject({ id: snap.id, description: 'from the CLI', current: true });
    expect(shown.disks.map((d) => d.target)).toContain('vda');

    // Let the counter run well past the snapshot, then go back to it.
    await guest.waitForTick(tickAtSnapshot + 30);
    const seen = guest.console().ticks.length;
    const highest = guest.console().lastTick!;
    const restored = cli('--json', 'restore', snap.id);
    expect(restored.code, restored.stderr).toBe(0);
    expect(parseJson<{ vmState: string }>(restored).vmState).toBe('running');
    expect(guest.state()).toBe('running');
    // The RAM counter goes back to the snapshot: a tick near it appears again after the ones
    // well past it (ticks printed while the restore was starting may come first).
    const deadline = Date.now() + 90_000;
    let rolledBack: number | undefined;
    while (rolledBack === undefined && Date.now() < deadline) {
      rolledBack = guest.console().ticks.slice(seen).find((t) => t < highest - 10);
      if (rolledBack === undefined) await new Promise((r) => setTimeout(r, 200));
    }
    expect(rolledBack).toBeDefined();
    expect(rolledBack!).toBeGreaterThanOrEqual(tickAtSnapshot - 5);
    expect(rolledBack!).toBeLessThanOrEqual(tickAtSnapshot + 10);

    const deleted = cli('--json', 'delete', 'cli-memory', '--vm', guest.name);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(parseJson<SnapshotOut[]>(cli('--json', 'list', '--vm', guest.name))).toEqual([]);
    const left = guest.domain.listAllSnapshots();
    expect(left.map((s) => s.name())).toEqual([]);
    for (const s of left) s.close();
  });

  it('restore-as-new --protect → vms → remove-vm (refused for the source, and without the typed name)', async () => {
    const { cli } = sandbox;
    const source = await createGuest(conn, { label: 'cli-rm' });
    const snap = parseJson<SnapshotOut>(cli('--json', 'create', '--vm', source.name, '--kind', 'cold', '--name', 'cli-cold'));
    const cloneName = `${source.name}-clone`;
    const made = cli('--json', 'restore-as-new', snap.id, '--name', cloneName, '--protect');
    expect(made.code, made.stderr).toBe(0);
    const clone = parseJson<{ uuid: string; protected: boolean }>(made);
    expect(clone.protected).toBe(true);
    const table = cli('vms');
    expect(table.stdout).toMatch(/PROTECTED/);
    expect(table.stdout).toMatch(new RegExp(`^${cloneName}\\s.*\\syes\\s+${clone.uuid}$`, 'm'));

    const notOurs = cli('--json', 'remove-vm', source.name);
    expect(notOurs.code).toBe(1);
    expect(parseJson<ErrorOut>(notOurs).error.code).toBe('vm_not_removable');
    expect(cli('--lang', 'ko', 'remove-vm', source.uuid).stderr).toContain('Snapvisor가 만든 VM이 아니므로 삭제하지 않습니다');
    const unnamed = cli('remove-vm', cloneName);
    expect(unnamed.code).toBe(1);
    expect(unnamed.stderr).toContain(`The VM “${cloneName}” is protected: type its name to remove it.`);

    const removed = cli('--json', 'remove-vm', cloneName, '--confirm-name', cloneName);
    expect(removed.code, removed.stderr).toBe(0);
    const out = parseJson<{ removed: string; removedFiles: string[]; removedSnapshots: string[] }>(removed);
    expect(out.removed).toBe(clone.uuid);
    expect(out.removedFiles.length).toBeGreaterThan(0);
    expect(out.removedFiles.every((f) => f.includes(`/${clone.uuid}.`))).toBe(true);
    expect(parseJson<{ uuid: string }[]>(cli('--json', 'vms')).map((v) => v.uuid)).not.toContain(clone.uuid);
  });
});
