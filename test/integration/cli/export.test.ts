// `snapvisor export` on the real qemu:///system daemon: a running kit guest's memory snapshot
// exported with its VM (`--vm`) and alone (SNAP), the files listed by `tar -tvf` (the memory file
// included) and passed by `snapvisor import FILE --check`; imported on this same machine beside the
// original (`--name`: the files written into the volumes libvirt made, volume-sink.ts), the
// imported memory snapshot resumes with its own RAM counter; an output that exists is refused and
// kept; neither SNAP nor --vm is a usage error. On a terminal, the export and the check show a
// progress bar with bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VIR_DOMAIN_AFFECT, type Connection } from '../../../native';
import { SNAPSHOT_NAMES_NS, parseSnapshotNames } from '../../../electron/services/vms/snapshot-names';
import { Guest, STATE_DIR, cleanupGuests, cleanupStaleGuests, createGuest, judgeMemoryRevert, openSystem } from '../../guest/kit';
import { cliSandbox, parseJson } from '../../unit/cli/run-cli';

interface ExportOut { file: string; snapshots: string[]; files: { path: string; kind: string; sha256: string }[] }

describe('snapvisor export on qemu:///system', () => {
  let conn: Connection;
  let guest: Guest;
  let sandbox: ReturnType<typeof cliSandbox>;
  let work: string;
  /** The guest's ticks around its memory snapshot. */
  const taken = { low: 0, high: 0 };

  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
    guest = await createGuest(conn, { label: 'cli-export' });
    await guest.start();
    sandbox = cliSandbox('qemu:///system');
    work = mkdtempSync(join(STATE_DIR, 'cli-export-'));
  });
  afterAll(async () => {
    await sandbox?.dispose();
    await cleanupGuests();
    conn?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('exports a VM with its memory snapshot, and the snapshot alone; import --check passes both', async () => {
    const { cli } = sandbox;
    taken.low = await guest.waitForTick(5);
    const created = cli('--json', 'create', '--vm', guest.name, '--kind', 'memory', '--name', 'to-export');
    expect(created.code, created.stderr).toBe(0);
    taken.high = guest.console().lastTick ?? taken.low;
    const snapId = parseJson<{ id: string }>(created).id;

    const whole = join(work, 'vm.tar');
    const r = cli('--json', 'export', '--vm', guest.name, '--output', whole);
    expect(r.code, r.stderr).toBe(0);
    const out = parseJson<ExportOut>(r);
    expect(out.snapshots).toEqual([snapId]);
    expect(out.files.map((f) => f.kind).sort()).toContain('memory');
    const listing = execFileSync('tar', ['-tvf', whole], { encoding: 'utf8' });
    expect(listing.split('\n')[0]).toMatch(/ manifest\.json$/);
    expect(listing).toMatch(/ memory\/\S+\.save$/m);
    const check = cli('--json', 'import', whole, '--check');
    expect(check.code, check.stderr).toBe(0);
    expect(parseJson<{ files: { sha256: string }[] }>(check).files.map((f) => f.sha256)).toEqual(out.files.map((f) => f.sha256));

    const alone = join(work, 'snap.tar');
    const one = cli('export', 'to-export', '--vm', guest.name, '--output', alone);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain(`Exported VM “${guest.name}” with 1 snapshot(s) to ${alone}`);
    expect(cli('import', alone, '--check').code).toBe(0);
    expect(readdirSync(work).sort()).toEqual(['snap.tar', 'vm.tar']);
  });

  it('shows the bytes and the rate on a terminal while it exports, and while it checks the file', () => {
    const file = join(work, 'watched.tar');
    const r = sandbox.terminal('export', '--vm', guest.name, '--output', file);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`\\[[#-]{30}\\] +\\d+%  \\S+ \\S+/\\S+ \\S+ .*exporting to a file ${guest.name}`));
    expect(r.stdout).toContain(`Exported VM “${guest.name}”`);
    const check = sandbox.terminal('import', file, '--check');
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toMatch(new RegExp(`\\[[#-]{30}\\] +\\d+%  \\S+ \\S+/\\S+ \\S+ .*checking an export file ${guest.name}`));
    rmSync(file);
  });

  it('imports the file beside the original (--name); its memory snapshot resumes with its own RAM', async () => {
    const { cli } = sandbox;
    const name = `${guest.name}-imported`;
    const r = cli('--json', 'import', join(work, 'vm.tar'), '--name', name);
    expect(r.code, r.stderr).toBe(0);
    const { vm } = parseJson<{ vm: { name: string; uuid: string } }>(r);
    expect(vm.name).toBe(name);
    expect(vm.uuid).not.toBe(guest.uuid);
    const dom = conn.lookupDomainByUuid(vm.uuid);
    // The imported VM's definition keeps its snapshot's name, for a Snapvisor without this database.
    expect([...parseSnapshotNames(dom.metadataElement(SNAPSHOT_NAMES_NS, VIR_DOMAIN_AFFECT.CONFIG)).values()]).toEqual(['to-export']);
    const consoleLog = /<serial type=["']file["']>\s*<source path=["']([^"']+)["']/.exec(dom.xml())?.[1];
    expect(consoleLog).toBeDefined();
    const imported = new Guest(conn, name, '', consoleLog!, [], dom);
    try {
      const before = imported.console();
      const restored = cli('restore', 'to-export', '--vm', name);
      expect(restored.code, restored.stderr).toBe(0);
      await imported.waitForMoreTicks(before.ticks.length, 6);
      const verdict = judgeMemoryRevert(before, imported.console(), taken, { minTicks: 5 });
      expect(verdict.reverted, verdict.reason).toBe(true);
      await imported.destroy();
    } finally {
      dom.close();
    }
    const removed = cli('remove-vm', name, '--confirm-name', name);
    expect(removed.code, removed.stderr).toBe(0);
  });

  it('refuses an output that exists (kept as it was), and an export of nothing', () => {
    const { cli } = sandbox;
    const taken = join(work, 'taken.tar');
    writeFileSync(taken, 'mine');
    const r = cli('--json', 'export', '--vm', guest.name, '--output', taken);
    expect(r.code).toBe(1);
    expect(parseJson<{ error: { code: string } }>(r).error.code).toBe('target_exists');
    expect(readFileSync(taken, 'utf8')).toBe('mine');
    expect(readdirSync(work).filter((n) => n.startsWith('.'))).toEqual([]);
    const nothing = cli('export', '--output', join(work, 'x.tar'));
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/missing argument SNAP/);
  });
});
