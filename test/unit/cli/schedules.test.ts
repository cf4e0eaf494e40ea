// `snapvisor schedules …` as real processes: add/list/run/remove and the systemd units.
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/store/db';
import { BIN, LEGACY_NODE_XML, cliSandbox, parseJson, runCliProcess } from './run-cli';

interface ScheduleOut { id: string; vmName: string; kind: string; intervalSeconds: number | null; cron: string | null; keepLast: number | null; maxAgeSeconds: number | null; namePattern: string; nextRunAt: string }
interface ErrorOut { error: { code: string; message: string } }

let sandbox: ReturnType<typeof cliSandbox> | undefined;
afterEach(async () => { await sandbox?.dispose(); sandbox = undefined; });

describe('schedules on test:///default', () => {
  it('add, list, run (nothing due yet), remove', () => {
    sandbox = cliSandbox('test:///default');
    const { cli } = sandbox;
    const added = cli('--json', 'schedules', 'add', '--vm', 'test', '--kind', 'memory', '--every', '6h', '--keep', '3', '--max-age', '2w', '--pattern', '{vm}-{datetime}');
    expect(added.code, added.stderr).toBe(0);
    const s = parseJson<ScheduleOut>(added);
    expect(s).toMatchObject({ vmName: 'test', kind: 'memory', intervalSeconds: 21_600, cron: null, keepLast: 3, maxAgeSeconds: 1_209_600, namePattern: '{vm}-{datetime}' });
    expect(Date.parse(s.nextRunAt) - Date.now()).toBeGreaterThan(5 * 3_600_000);

    const cron = parseJson<ScheduleOut>(cli('--json', 'schedules', 'add', '--vm', 'test', '--kind', 'hot', '--cron', '0 3 * * *'));
    expect(cron).toMatchObject({ cron: '0 3 * * *', intervalSeconds: null, namePattern: 'auto-{date}' });

    expect(parseJson<ScheduleOut[]>(cli('--json', 'schedules', 'list')).map((x) => x.id).sort()).toEqual([s.id, cron.id].sort());
    const human = cli('--lang', 'ko', 'schedules', 'list');
    expect(human.stdout).toMatch(/^ID\s+VM\s+유형\s+주기/);
    expect(human.stdout).toContain('6h마다');

    expect(parseJson<{ ran: unknown[]; expired: unknown[] }>(cli('--json', 'schedules', 'run'))).toEqual({ ran: [], expired: [] });

    expect(cli('schedules', 'remove', s.id).code).toBe(0);
    const again = cli('--json', 'schedules', 'remove', s.id);
    expect(again.code).toBe(1);
    expect(parseJson<ErrorOut>(again).error.code).toBe('schedule_not_found');
    expect(parseJson<ScheduleOut[]>(cli('--json', 'schedules', 'list')).map((x) => x.id)).toEqual([cron.id]);
  });

  it('run takes the due snapshots (what the systemd timer calls) and reports failures per schedule', () => {
    sandbox = cliSandbox('test:///default');
    const { cli } = sandbox;
    const ok = parseJson<ScheduleOut>(cli('--json', 'schedules', 'add', '--vm', 'test', '--kind', 'memory', '--every', '1h', '--pattern', 'nightly-{kind}-{n}'));
    const failing = parseJson<ScheduleOut>(cli('--json', 'schedules', 'add', '--vm', 'test', '--kind', 'cold', '--every', '1h'));
    const db = openDatabase(sandbox.db);
    try {
      db.prepare('UPDATE schedules SET next_run_at = ?').run(new Date(Date.now() - 60_000).toISOString());
    } finally {
      db.close();
    }
    const run = cli('--json', 'schedules', 'run');
    expect(run.code, run.stderr).toBe(0);
    const report = parseJson<{ ran: { scheduleId: string; snapshotId: string | null; error: string | null }[] }>(run);
    const byId = new Map(report.ran.map((r) => [r.scheduleId, r]));
    expect(byId.get(ok.id)).toMatchObject({ error: null, snapshotId: expect.any(String) });
    expect(byId.get(failing.id)?.error).toMatch(/^vm_wrong_state/);
    expect(parseJson<{ name: string }[]>(cli('--json', 'list')).map((x) => x.name)).toEqual(['nightly-memory-1']);
    const listed = cli('schedules', 'list');
    expect(listed.stdout).toMatch(/The VM is not in the right state for this: it is running, a cold snapshot needs it shut off/);
  });

  it('refuses a bad cron expression and both --every and --cron as usage errors (exit 2)', () => {
    sandbox = cliSandbox('test:///default');
    const bad = sandbox.cli('--json', 'schedules', 'add', '--vm', 'test', '--kind', 'hot', '--cron', 'at noon');
    expect(bad.code).toBe(2);
    expect(parseJson<ErrorOut>(bad).error).toMatchObject({ code: 'usage', params: { option: '--cron', reason: 'cron_invalid' } });
    const both = sandbox.cli('schedules', 'add', '--vm', 'test', '--kind', 'hot', '--cron', '0 3 * * *', '--every', '1h');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--every and --cron cannot be used together');
  });
});

describe('schedules status (for monitoring)', () => {
  interface StatusOut {
    schedules: { id: string; result: string | null; error: { code: string; message: string } | null; nextRunAt: string | null }[];
    failed: number;
    timer: { available: boolean; reason: string | null; cronLine: string };
  }

  it('exit 0 while every last run succeeded; exit 1 with the failed one named once one failed', () => {
    sandbox = cliSandbox('test:///default');
    const box = sandbox;
    // systemctl finds no user manager in this environment (an empty XDG_RUNTIME_DIR, no session bus).
    const runtime = join(box.dir, 'run');
    mkdirSync(runtime, { mode: 0o700 });
    const env = { XDG_RUNTIME_DIR: runtime, XDG_CONFIG_HOME: join(box.dir, 'config') };
    const status = (...args: string[]) => runCliProcess(['--connect', 'test:///default', '--db', box.db, ...args, 'schedules', 'status'], env);

    const ok = parseJson<{ id: string }>(box.cli('--json', 'schedules', 'add', '--vm', 'test', '--kind', 'memory', '--every', '1h'));
    const fresh = status('--json');
    expect(fresh.code, fresh.stderr).toBe(0);
    const before = parseJson<StatusOut>(fresh);
    expect(before.failed).toBe(0);
    expect(before.schedules).toEqual([expect.objectContaining({ id: ok.id, result: null, error: null, nextRunAt: expect.any(String) })]);
    expect(before.timer).toMatchObject({ available: false });
    expect(before.timer.cronLine).toContain(`schedules run --connect test:///default --db ${box.db}`);

    const failing = parseJson<{ id: string }>(box.cli('--json', 'schedules', 'add', '--vm', 'test', '--kind', 'cold', '--every', '1h'));
    const db = openDatabase(box.db);
    try {
      db.prepare('UPDATE schedules SET next_run_at = ?').run(new Date(Date.now() - 60_000).toISOString());
    } finally {
      db.close();
    }
    expect(box.cli('schedules', 'run').code).toBe(0);

    const after = status('--json');
    expect(after.code).toBe(1);
    const report = parseJson<StatusOut>(after);
    expect(report.failed).toBe(1);
    const byId = new Map(report.schedules.map((x) => [x.id, x]));
    expect(byId.get(ok.id)).toMatchObject({ result: 'succeeded', error: null });
    expect(byId.get(failing.id)).toMatchObject({ result: 'failed', error: { code: 'vm_wrong_state' } });
    expect(byId.get(failing.id)?.error?.message).toMatch(/a cold snapshot needs it shut off/);

    const human = status('--lang', 'ko');
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(new RegExp(`^${failing.id}\\s+test\\s+정지\\s.*실패`, 'm'));
    expect(human.stdout).toContain('마지막 실행이 실패한 스케줄: 1개.');
    expect(human.stdout).toContain('crontab');
  });
});

describe('schedules with a copy on another host', () => {
  // Another host: a test-driver node from a fixture file. Its snapshots are internal, so a
  // refresh there sends nothing, but it connects, and records the copy and its time.
  const TARGET = `test://${LEGACY_NODE_XML}`;
  const UNREACHABLE = 'test:///nonexistent/snapvisor-cli-copy.xml';

  /** Makes every schedule due, as the clock would. */
  function due(dbPath: string): void {
    const db = openDatabase(dbPath);
    try {
      db.prepare('UPDATE schedules SET next_run_at = ?').run(new Date(Date.now() - 60_000).toISOString());
    } finally {
      db.close();
    }
  }

  it('add --copy-to/--copy-keep, list shows the target; a failed refresh fails the run, and status exits 1 naming it', () => {
    sandbox = cliSandbox('test:///default');
    const box = sandbox;
    const { cli } = box;
    const added = cli('--json', 'schedules', 'add', '--vm', 'test', '--kind', 'memory', '--every', '1h', '--pattern', 'copied-{n}', '--copy-to', TARGET, '--copy-keep', '3');
    expect(added.code, added.stderr).toBe(0);
    const good = parseJson<ScheduleOut & { copyTo: string | null; copyKeep: number | null }>(added);
    expect(good).toMatchObject({ copyTo: TARGET, copyKeep: 3 });
    const failing = parseJson<ScheduleOut & { copyTo: string | null; copyKeep: number | null }>(
      cli('--json', 'schedules', 'add', '--vm', 'test', '--kind', 'memory', '--every', '1h', '--pattern', 'lost-{n}', '--copy-to', UNREACHABLE));
    expect(failing).toMatchObject({ copyTo: UNREACHABLE, copyKeep: null });
    const listed = cli('schedules', 'list');
    expect(listed.stdout).toMatch(/COPY TO/);
    expect(listed.stdout).toContain(`${TARGET} (keep 3)`);
    expect(cli('--lang', 'ko', 'schedules', 'list').stdout).toContain(`${TARGET} (보관 3개)`);

    due(box.db);
    const run = cli('schedules', 'run');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Schedule ${good.id}: took “copied-1” and refreshed its copy on ${TARGET} (0 B sent).`);
    expect(run.stdout).toContain(`Schedule ${failing.id}: took “lost-1”, but refreshing its copy failed: Cannot connect to the libvirt host ${UNREACHABLE}`);
    // The snapshot the failed run took stays.
    expect(parseJson<{ name: string }[]>(cli('--json', 'list')).map((x) => x.name).sort()).toEqual(['copied-1', 'lost-1']);
    expect(parseJson<{ target: { uri: string }; keep: number | null; refreshedAt: string | null }[]>(cli('--json', 'copies', 'list')))
      .toEqual([expect.objectContaining({ target: expect.objectContaining({ uri: TARGET }), keep: 3, refreshedAt: expect.any(String) })]);

    // systemctl finds no user manager (an empty XDG_RUNTIME_DIR): the timer is not what fails here.
    const runtime = join(box.dir, 'run');
    mkdirSync(runtime, { mode: 0o700 });
    const status = runCliProcess(['--connect', 'test:///default', '--db', box.db, '--json', 'schedules', 'status'], { XDG_RUNTIME_DIR: runtime, XDG_CONFIG_HOME: join(box.dir, 'config') });
    expect(status.code).toBe(1);
    const report = parseJson<{ schedules: { id: string; result: string; error: { code: string; message: string; params: Record<string, unknown> } | null }[]; failed: number }>(status);
    expect(report.failed).toBe(1);
    const byId = new Map(report.schedules.map((x) => [x.id, x]));
    expect(byId.get(good.id)).toMatchObject({ result: 'succeeded', error: null });
    expect(byId.get(failing.id)).toMatchObject({ result: 'failed', error: { code: 'host_unreachable', params: { uri: UNREACHABLE } } });
    expect(byId.get(failing.id)!.error!.message).toContain(`Cannot connect to the libvirt host ${UNREACHABLE}`);
  });

  it('refuses --copy-keep without --copy-to, a target that is no URI, and the VM’s own host', () => {
    sandbox = cliSandbox('test:///default');
    const { cli } = sandbox;
    const base = ['schedules', 'add', '--vm', 'test', '--kind', 'memory', '--every', '1h'];
    const keepAlone = cli(...base, '--copy-keep', '3');
    expect(keepAlone.code).toBe(2);
    expect(keepAlone.stderr).toContain('--copy-keep needs --copy-to');
    const keepAloneKo = cli('--lang', 'ko', '--json', ...base, '--copy-keep', '3');
    expect(keepAloneKo.code).toBe(2);
    expect(parseJson<ErrorOut>(keepAloneKo).error).toMatchObject({ code: 'usage', message: expect.stringContaining('--copy-keep는 --copy-to와 함께만') });
    const notUri = cli('--json', ...base, '--copy-to', 'backup');
    expect(notUri.code).toBe(2);
    expect(parseJson<ErrorOut>(notUri).error).toMatchObject({ code: 'usage', params: { option: '--copy-to', reason: 'not_a_uri' } });
    const zero = cli(...base, '--copy-to', TARGET, '--copy-keep', '0');
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--copy-keep');
    const same = cli('--json', ...base, '--copy-to', 'test:///default');
    expect(same.code).toBe(1);
    expect(parseJson<ErrorOut>(same).error).toMatchObject({ code: 'copy_same_host' });
    expect(parseJson<unknown[]>(cli('--json', 'schedules', 'list'))).toEqual([]);
  });
});

describe('schedules install-timer', () => {
  it('writes the service and the timer into the user unit directory', () => {
    sandbox = cliSandbox('test:///default');
    const config = join(sandbox.dir, 'config');
    const r = runCliProcess(['--connect', 'qemu:///system', '--db', sandbox.db, 'schedules', 'install-timer'], { XDG_CONFIG_HOME: config });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('systemctl --user daemon-reload && systemctl --user enable --now snapvisor-schedules.timer');

    const dir = join(config, 'systemd', 'user');
    const service = readFileSync(join(dir, 'snapvisor-schedules.service'), 'utf8');
    expect(service).toMatch(/^Type=oneshot$/m);
    // From a checkout: the same node on the same launcher, nothing left to PATH.
    expect(service).toContain(`ExecStart=${process.execPath} ${BIN} schedules run --connect qemu:///system --db ${sandbox.db}\n`);
    expect(service).not.toMatch(/^Environment=/m);
    const timer = readFileSync(join(dir, 'snapvisor-schedules.timer'), 'utf8');
    expect(timer).toMatch(/^OnCalendar=\*:0\/5$/m);
    expect(timer).toMatch(/^Persistent=true$/m);
    expect(statSync(join(dir, 'snapvisor-schedules.timer')).isFile()).toBe(true);
    // Writing them opened no database.
    expect(() => statSync(sandbox!.db)).toThrow();
  });

  it('--print prints both units and writes nothing; --dir and --on-calendar are honoured', () => {
    sandbox = cliSandbox('test:///default');
    const printed = runCliProcess(['--db', sandbox.db, '--json', 'schedules', 'install-timer', '--print'], { XDG_CONFIG_HOME: join(sandbox.dir, 'none') });
    expect(printed.code).toBe(0);
    const units = parseJson<Record<string, string>>(printed);
    expect(Object.keys(units).sort()).toEqual(['snapvisor-schedules.service', 'snapvisor-schedules.timer']);
    expect(units['snapvisor-schedules.service']).toContain('--connect qemu:///system');
    expect(() => statSync(join(sandbox!.dir, 'none'))).toThrow();

    const dir = join(sandbox.dir, 'units');
    const r = runCliProcess(['--db', sandbox.db, 'schedules', 'install-timer', '--system', '--dir', dir, '--on-calendar', 'hourly']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('systemctl daemon-reload && systemctl enable --now snapvisor-schedules.timer');
    expect(readFileSync(join(dir, 'snapvisor-schedules.timer'), 'utf8')).toMatch(/^OnCalendar=hourly$/m);
    expect(readFileSync(join(dir, 'snapvisor-schedules.service'), 'utf8')).toMatch(/^After=libvirtd\.service/m);
  });
});
