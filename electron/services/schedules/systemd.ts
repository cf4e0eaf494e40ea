// systemd units that run `snapvisor schedules run` every few minutes, for the time the app is
// not open, and the crontab line for systems without systemd. Written as files only: systemd
// need not be running to generate them (user-timer.ts drives `systemctl --user` for the app).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { SnapvisorError } from '../../../shared/errors';
import { hasLineControl } from '../../../shared/rules';

export const SERVICE_UNIT = 'snapvisor-schedules.service';
export const TIMER_UNIT = 'snapvisor-schedules.timer';
export const DEFAULT_ON_CALENDAR = '*:0/5';

/** How to start the installed `snapvisor` command (electron/cli/invocation.ts works it out). */
export interface CliInvocation {
  argv: string[];
  /** Environment the command needs on top of the caller's. */
  env: Record<string, string>;
}

export interface TimerUnitOptions {
  exec: CliInvocation;
  connect: string;
  db: string;
  system: boolean;
  onCalendar?: string;
}

/** Quotes one ExecStart argument the way systemd.service(5) reads it. */
export function systemdQuote(arg: string): string {
  // A line break would end the directive and start another one of the caller's choosing.
  if (hasLineControl(arg)) throw new SnapvisorError('invalid_input', { field: 'unit', reason: 'control_characters' });
  const escaped = arg.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  if (/^[\w@%+=:,./-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The command the timer runs: `snapvisor schedules run` with the connection and database. */
export function scheduleRunArgv(o: Pick<TimerUnitOptions, 'exec' | 'connect' | 'db'>): string[] {
  return [...o.exec.argv, 'schedules', 'run', '--connect', o.connect, '--db', o.db];
}

export function serviceUnitText(o: TimerUnitOptions): string {
  const exec = scheduleRunArgv(o).map(systemdQuote).join(' ');
  return [
    '[Unit]',
    'Description=Snapvisor: take due scheduled snapshots and apply retention',
    ...(o.system ? ['After=libvirtd.service virtqemud.service', 'Wants=libvirtd.service'] : []),
    '',
    '[Service]',
    'Type=oneshot',
    ...Object.entries(o.exec.env).map(([k, v]) => `Environment=${systemdQuote(`${k}=${v}`)}`),
    `ExecStart=${exec}`,
    '',
  ].join('\n');
}

const CALENDAR_SPEC = /^[\w*:/,.~ -]+$/;

export function timerUnitText(o: Pick<TimerUnitOptions, 'onCalendar'>): string {
  if (o.onCalendar !== undefined && !CALENDAR_SPEC.test(o.onCalendar)) {
    throw new SnapvisorError('invalid_input', { field: 'onCalendar', detail: o.onCalendar });
  }
  return [
    '[Unit]',
    'Description=Snapvisor: run due snapshot schedules',
    '',
    '[Timer]',
    `OnCalendar=${o.onCalendar ?? DEFAULT_ON_CALENDAR}`,
    'Persistent=true',
    'RandomizedDelaySec=30',
    `Unit=${SERVICE_UNIT}`,
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
}

/** /etc/systemd/system for --system, else the user's unit directory. */
export function unitDirectory(system: boolean, env: NodeJS.ProcessEnv = process.env): string {
  if (system) return '/etc/systemd/system';
  const config = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(config, 'systemd', 'user');
}

export interface InstalledUnits {
  directory: string;
  files: string[];
  /** What to run to activate the timer. */
  enableCommand: string;
}

/** What to run to activate the installed units. */
export function enableCommand(system: boolean): string {
  const systemctl = system ? 'systemctl' : 'systemctl --user';
  return `${systemctl} daemon-reload && ${systemctl} enable --now ${TIMER_UNIT}`;
}

export function unitFiles(directory: string): { service: string; timer: string } {
  return { service: join(directory, SERVICE_UNIT), timer: join(directory, TIMER_UNIT) };
}

export function installTimerUnits(o: TimerUnitOptions, directory: string): InstalledUnits {
  mkdirSync(directory, { recursive: true });
  const { service, timer } = unitFiles(directory);
  writeFileSync(service, serviceUnitText(o), { mode: 0o644 });
  writeFileSync(timer, timerUnitText(o), { mode: 0o644 });
  return { directory, files: [service, timer], enableCommand: enableCommand(o.system) };
}

/** Removes both unit files (those that exist). */
export function removeTimerUnits(directory: string): void {
  for (const file of Object.values(unitFiles(directory))) rmSync(file, { force: true });
}

/** Quotes one word for sh (and so for a crontab line, where % also needs a backslash). */
export function shellQuote(word: string): string {
  return /^[\w@+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The crontab line that runs the schedules every five minutes, where no systemd timer can. */
export function cronLine(o: Pick<TimerUnitOptions, 'exec' | 'connect' | 'db'>): string {
  const env = Object.entries(o.exec.env).map(([k, v]) => `${k}=${shellQuote(v)}`);
  return `*/5 * * * * ${[...env, ...scheduleRunArgv(o).map(shellQuote)].join(' ').replace(/%/g, '\\%')}`;
}
