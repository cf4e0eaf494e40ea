// The systemd user timer switch with the real `systemctl --user`. Every test runs systemctl in an
// environment of its own: HOME and XDG_CONFIG_HOME in a temp dir, an empty XDG_RUNTIME_DIR and
// no session bus, so no user systemd instance answers even on a desktop that has one (the
// user's real timer is never touched) and the "unavailable" path is what is proven here; the
// unit files, `is-enabled` and `disable` work on files and are proven for real too.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestServices } from '../../../electron/services';
import { SERVICE_UNIT, TIMER_UNIT, installTimerUnits } from '../../../electron/services/schedules/systemd';
import { createUserTimer, parseShow, timerState } from '../../../electron/services/schedules/user-timer';
import { isSnapvisorError } from '../../../shared/errors';

const exec = { argv: ['/opt/Snapvisor/resources/bin/snapvisor'], env: {} };
const hasSystemctl = (process.env.PATH ?? '').split(delimiter).some((d) => existsSync(join(d, 'systemctl')));
const expectedReason = hasSystemctl ? 'no_user_manager' : 'no_systemctl';

let dir: string;
let env: NodeJS.ProcessEnv;
let units: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sv-user-timer-'));
  const runtime = join(dir, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  env = { PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_RUNTIME_DIR: runtime, LANG: 'C.UTF-8' };
  units = join(dir, 'config', 'systemd', 'user');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const timer = (db = join(dir, 'snapvisor.db')) => createUserTimer({ exec, dbPath: db, connect: () => 'qemu:///system', env });

async function refusal(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
}

describe('without a user systemd instance', () => {
  it('says so as a state, with the crontab line to use instead', async () => {
    const s = await timer().status();
    expect(s).toMatchObject({ available: false, reason: expectedReason, installed: false, enabled: false, active: false, unitDirectory: units });
    expect(s.cronLine).toBe(`*/5 * * * * /opt/Snapvisor/resources/bin/snapvisor schedules run --connect qemu:///system --db ${join(dir, 'snapvisor.db')}`);
  });

  it('refuses to turn the timer on, and writes nothing', async () => {
    const e = await refusal(timer().set(true));
    expect(isSnapvisorError(e) && e.code).toBe('timer_unavailable');
    expect(isSnapvisorError(e) && e.params).toEqual({ reason: expectedReason });
    expect(existsSync(units)).toBe(false);
  });

  it('sees units installed and enabled on disk, and turns them off: files and the timers.target link removed', async () => {
    installTimerUnits({ exec, connect: 'qemu:///system', db: join(dir, 'snapvisor.db'), system: false }, units);
    const wants = join(units, 'timers.target.wants', TIMER_UNIT);
    // `enable` without --now only links the unit: systemctl does it without a user manager.
    if (hasSystemctl) execFileSync('systemctl', ['--user', 'enable', TIMER_UNIT], { env, stdio: 'pipe' });
    expect(existsSync(wants)).toBe(hasSystemctl);

    const before = await timer().status();
    expect(before).toMatchObject({ available: false, installed: true, current: true, enabled: hasSystemctl, active: false });
    // Units another Snapvisor (another database) wrote are not this one's.
    expect((await timer(join(dir, 'other.db')).status()).current).toBe(false);

    const after = await timer().set(false);
    expect(after).toMatchObject({ installed: false, enabled: false, current: false });
    expect(existsSync(join(units, SERVICE_UNIT))).toBe(false);
    expect(existsSync(join(units, TIMER_UNIT))).toBe(false);
    expect(existsSync(wants)).toBe(false);
  });

  it('turning off what is not there is fine', async () => {
    expect(await timer().set(false)).toMatchObject({ installed: false, enabled: false });
  });

  it('refuses when it does not know how to start the command line', async () => {
    const e = await refusal(createUserTimer({ exec: null, dbPath: join(dir, 'x.db'), connect: () => 'qemu:///system', env }).status());
    expect(isSnapvisorError(e) && e.params).toEqual({ reason: 'no_command' });
  });

  it('reaches the app through the services: schedules.timer / setTimer', async () => {
    const t = await createTestServices({ cliInvocation: exec, env });
    try {
      expect(await t.services.schedules.timer()).toMatchObject({ available: false, reason: expectedReason });
      const e = await refusal(t.services.schedules.setTimer(true));
      expect(isSnapvisorError(e) && e.code).toBe('timer_unavailable');
      // The service would pass the services' first host and their database.
      expect((await t.services.schedules.timer()).cronLine).toContain(`--connect test:///default --db ${join(t.dir, 'snapvisor.db')}`);
    } finally {
      await t.dispose();
    }
  });
});

describe('reading `systemctl --user show TIMER SERVICE --timestamp=unix`', () => {
  // The shape systemctl prints: KEY=VALUE lines, a blank line between units.
  const shown = [
    'ActiveState=active', 'NextElapseUSecRealtime=@1767225900', 'LastTriggerUSec=@1767225600', 'Result=success', 'ExecMainExitTimestamp=',
    '',
    'ActiveState=inactive', 'NextElapseUSecRealtime=', 'LastTriggerUSec=', 'Result=exit-code', 'ExecMainExitTimestamp=@1767225602',
    '',
  ].join('\n');

  it('splits the units and their properties', () => {
    const [t, s] = parseShow(shown);
    expect(t?.get('ActiveState')).toBe('active');
    expect(s?.get('Result')).toBe('exit-code');
  });

  it('gives the timer state, its next and last elapse, and how the last run ended', () => {
    expect(timerState(shown)).toEqual({
      active: true, nextRunAt: '2026-01-01T00:05:00.000Z', lastTriggerAt: '2026-01-01T00:00:00.000Z', lastResult: 'failed',
    });
    const neverRan = shown.replace('ExecMainExitTimestamp=@1767225602', 'ExecMainExitTimestamp=').replace('Result=exit-code', 'Result=success');
    expect(timerState(neverRan).lastResult).toBeNull();
    const ok = shown.replace('Result=exit-code', 'Result=success');
    expect(timerState(ok).lastResult).toBe('success');
  });

  it('a unit file left by hand is read, not trusted', () => {
    mkdirSync(units, { recursive: true });
    writeFileSync(join(units, SERVICE_UNIT), '[Service]\nExecStart=/bin/true\n');
    writeFileSync(join(units, TIMER_UNIT), '[Timer]\nOnCalendar=daily\n');
    return timer().status().then((s) => {
      expect(s).toMatchObject({ installed: true, current: false });
      expect(readFileSync(join(units, SERVICE_UNIT), 'utf8')).toContain('/bin/true');
    });
  });
});
