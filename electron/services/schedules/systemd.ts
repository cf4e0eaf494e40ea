// systemd units that run `snapvisor schedules run` every few minutes, for hosts where the app
// is not kept open. Written as files only: systemd need not be running to generate them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { SnapvisorError } from '../errors';

export const SERVICE_UNIT = 'snapvisor-schedules.service';
export const TIMER_UNIT = 'snapvisor-schedules.timer';
export const DEFAULT_ON_CALENDAR = '*:0/5';

export interface TimerUnitOptions {
  /** Absolute path of the snapvisor launcher. */
  binPath: string;
  /** Absolute path of the node binary; its directory goes on PATH for the launcher's shebang. */
  nodePath: string;
  connect: string;
  db: string;
  system: boolean;
  onCalendar?: string;
}

/** Quotes one ExecStart argument the way systemd.service(5) reads it. */
export function systemdQuote(arg: string): string {
  // A line break would end the directive and start another one of the caller's choosing.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(arg)) throw new SnapvisorError('invalid_input', { field: 'unit', detail: 'control characters' });
  const escaped = arg.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  if (/^[\w@%+=:,./-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function searchPath(nodePath: string): string {
  return [...new Set([dirname(nodePath), '/usr/local/bin', '/usr/bin', '/bin'])].join(':');
}

export function serviceUnitText(o: TimerUnitOptions): string {
  const exec = [o.binPath, 'schedules', 'run', '--connect', o.connect, '--db', o.db].map(systemdQuote).join(' ');
  return [
    '[Unit]',
    'Description=Snapvisor: take due scheduled snapshots and apply retention',
    ...(o.system ? ['After=libvirtd.service virtqemud.service', 'Wants=libvirtd.service'] : []),
    '',
    '[Service]',
    'Type=oneshot',
    `Environment=${systemdQuote(`PATH=${searchPath(o.nodePath)}`)}`,
    `ExecStart=${exec}`,
    '',
  ].join('\n');
}

const CALENDAR_SPEC = /^[\w*:/,.~ -]+$/;

export function timerUnitText(o: Pick<TimerUnitOptions, 'onCalendar'>): string {
  if (o.onCalendar !== undefined && !CALENDAR_SPEC.test(o.onCalendar)) {
    throw new SnapvisorError('invalid_input', { field: 'on-calendar', detail: o.onCalendar });
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

export function installTimerUnits(o: TimerUnitOptions, directory: string): InstalledUnits {
  mkdirSync(directory, { recursive: true });
  const service = join(directory, SERVICE_UNIT);
  const timer = join(directory, TIMER_UNIT);
  writeFileSync(service, serviceUnitText(o), { mode: 0o644 });
  writeFileSync(timer, timerUnitText(o), { mode: 0o644 });
  const systemctl = o.system ? 'systemctl' : 'systemctl --user';
  return {
    directory,
    files: [service, timer],
    enableCommand: `${systemctl} daemon-reload && ${systemctl} enable --now ${TIMER_UNIT}`,
  };
}
