// The schedules' systemd user timer, switched from the app (and reported by `snapvisor schedules
// status`): writes or removes the units in the user's unit directory and drives the real
// `systemctl --user` (daemon-reload, enable --now / disable --now, is-enabled, show). Where no
// user systemd instance answers (a container, a shell outside a login session) that is a state,
// with the crontab line to use instead; turning the timer on there is refused, never faked.
import { existsSync, readFileSync } from 'node:fs';
import { SnapvisorError } from '../../../shared/errors';
import type { ScheduleTimerStatus, TimerUnavailableReason } from '../../../shared/model';
import {
  SERVICE_UNIT, TIMER_UNIT, cronLine, installTimerUnits, removeTimerUnits, serviceUnitText, unitDirectory, unitFiles,
  type CliInvocation, type TimerUnitOptions,
} from './systemd';

export interface UserTimerOptions {
  /** How to start this Snapvisor's command line; null when the caller cannot say. */
  exec: CliInvocation | null;
  dbPath: string;
  /** The --connect the service passes: the first host in the database. */
  connect(): string;
  /** For systemctl and the unit directory (HOME, XDG_CONFIG_HOME, XDG_RUNTIME_DIR, DBUS_*). */
  env?: NodeJS.ProcessEnv;
}

export interface UserTimer {
  status(): Promise<ScheduleTimerStatus>;
  /** Installs and starts (on) or stops and removes (off) the units; returns the new status. */
  set(on: boolean): Promise<ScheduleTimerStatus>;
}

interface SystemctlRun {
  /** The exit code; null when systemctl could not be run at all. */
  code: number | null;
  missing: boolean;
  stdout: string;
  stderr: string;
}

const SYSTEMCTL_TIMEOUT_MS = 30_000;

function systemctl(args: readonly string[], env: NodeJS.ProcessEnv): Promise<SystemctlRun> {
  // node:child_process loads on first use: every CLI call loads this module, few run systemctl.
  const { execFile } = process.getBuiltinModule('node:child_process');
  return new Promise((resolve) => {
    execFile('systemctl', ['--user', ...args], { env, timeout: SYSTEMCTL_TIMEOUT_MS, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, missing: error?.code === 'ENOENT', stdout, stderr });
    });
  });
}

/** What systemctl says when it finds no user manager to talk to (systemd 252 and later wordings). */
const NO_MANAGER = /Failed to connect to bus|No medium found|Host is down|\$DBUS_SESSION_BUS_ADDRESS|\$XDG_RUNTIME_DIR/;

/** Why the timer cannot be driven here, or null when a user systemd instance answers. */
async function unavailableReason(env: NodeJS.ProcessEnv): Promise<TimerUnavailableReason | null> {
  const r = await systemctl(['is-system-running'], env);
  if (r.missing) return 'no_systemctl';
  const state = r.stdout.trim();
  if (state === '' || state === 'offline' || state === 'unknown' || NO_MANAGER.test(r.stderr)) return 'no_user_manager';
  return null;
}

/** `systemctl show` output: one map of properties per unit, in the order the units were named. */
export function parseShow(text: string): Map<string, string>[] {
  return text.trim().split(/\n\s*\n/).map((block) => new Map(block.split('\n').flatMap((line) => {
    const eq = line.indexOf('=');
    return eq > 0 ? [[line.slice(0, eq), line.slice(eq + 1)] as [string, string]] : [];
  })));
}

/** A timestamp as `--timestamp=unix` prints it ("@1736154000"); null for none. */
export function showTimestamp(value: string | undefined): string | null {
  const unix = /^@(\d+)$/.exec(value ?? '');
  return unix && unix[1] !== '0' ? new Date(Number(unix[1]) * 1000).toISOString() : null;
}

/** The timer's and its service's state, from `systemctl --user show TIMER SERVICE`. */
export function timerState(shown: string): Pick<ScheduleTimerStatus, 'active' | 'nextRunAt' | 'lastTriggerAt' | 'lastResult'> {
  const [timer = new Map<string, string>(), service = new Map<string, string>()] = parseShow(shown);
  const ran = showTimestamp(service.get('ExecMainExitTimestamp')) !== null;
  return {
    active: timer.get('ActiveState') === 'active',
    nextRunAt: showTimestamp(timer.get('NextElapseUSecRealtime')),
    lastTriggerAt: showTimestamp(timer.get('LastTriggerUSec')),
    lastResult: ran ? (service.get('Result') === 'success' ? 'success' : 'failed') : null,
  };
}

const SHOWN = ['ActiveState', 'NextElapseUSecRealtime', 'LastTriggerUSec', 'Result', 'ExecMainExitTimestamp'];

export function createUserTimer(o: UserTimerOptions): UserTimer {
  const env = o.env ?? process.env;
  const directory = unitDirectory(false, env);

  function unitOptions(): TimerUnitOptions {
    if (!o.exec) throw new SnapvisorError('timer_unavailable', { reason: 'no_command' });
    return { exec: o.exec, connect: o.connect(), db: o.dbPath, system: false };
  }

  async function must(args: string[]): Promise<void> {
    const r = await systemctl(args, env);
    if (r.code !== 0) throw new SnapvisorError('timer_failed', { step: args.join(' '), detail: (r.stderr || r.stdout).trim().slice(0, 500) });
  }

  async function status(): Promise<ScheduleTimerStatus> {
    const units = unitOptions();
    const files = unitFiles(directory);
    const installed = existsSync(files.service) && existsSync(files.timer);
    const reason = await unavailableReason(env);
    // is-enabled reads the unit files themselves: it answers without a user manager too.
    const enabled = installed && (await systemctl(['is-enabled', TIMER_UNIT], env)).code === 0;
    const base: ScheduleTimerStatus = {
      available: reason === null, reason, installed,
      current: installed && readFileSync(files.service, 'utf8') === serviceUnitText(units),
      enabled, active: false, nextRunAt: null, lastTriggerAt: null, lastResult: null,
      unitDirectory: directory, cronLine: cronLine(units),
    };
    if (reason !== null || !installed) return base;
    const shown = await systemctl(['show', TIMER_UNIT, SERVICE_UNIT, '--timestamp=unix', `--property=${SHOWN.join(',')}`], env);
    if (shown.code !== 0) throw new SnapvisorError('timer_failed', { step: 'show', detail: shown.stderr.trim().slice(0, 500) });
    return { ...base, ...timerState(shown.stdout) };
  }

  async function set(on: boolean): Promise<ScheduleTimerStatus> {
    const units = unitOptions();
    const reason = await unavailableReason(env);
    if (on) {
      if (reason !== null) throw new SnapvisorError('timer_unavailable', { reason });
      installTimerUnits(units, directory);
      await must(['daemon-reload']);
      await must(['enable', '--now', TIMER_UNIT]);
      return status();
    }
    const files = unitFiles(directory);
    if (reason !== 'no_systemctl' && existsSync(files.timer)) {
      // Without a user manager `disable` still removes the timers.target.wants link; --now needs one.
      await must(reason === null ? ['disable', '--now', TIMER_UNIT] : ['disable', TIMER_UNIT]);
    }
    removeTimerUnits(directory);
    if (reason === null) await must(['daemon-reload']);
    return status();
  }

  return { status, set };
}
