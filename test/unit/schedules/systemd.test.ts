import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SERVICE_UNIT, TIMER_UNIT, installTimerUnits, serviceUnitText, systemdQuote, timerUnitText, unitDirectory,
} from '../../../electron/services/schedules/systemd';

const opts = {
  binPath: '/opt/snap visor/bin/snapvisor.js', nodePath: '/usr/local/bin/node',
  connect: 'qemu:///system', db: '/var/lib/snapvisor/100%.db', system: false,
};

describe('systemd unit text', () => {
  it('the service is a oneshot running `schedules run` with the connection and database', () => {
    const text = serviceUnitText(opts);
    expect(text).toMatch(/^\[Service\]$/m);
    expect(text).toMatch(/^Type=oneshot$/m);
    expect(serviceUnitText({ ...opts, nodePath: '/home/ann/.nvm/bin/node' })).toContain('Environment=PATH=/home/ann/.nvm/bin:/usr/local/bin:');
    expect(text).toContain('ExecStart="/opt/snap visor/bin/snapvisor.js" schedules run --connect qemu:///system --db /var/lib/snapvisor/100%%.db\n');
    expect(text).toContain('Environment=PATH=/usr/local/bin:/usr/bin:/bin\n');
  });

  it('the timer fires every five minutes, catches up after downtime and is installable', () => {
    const text = timerUnitText({});
    expect(text).toMatch(/^OnCalendar=\*:0\/5$/m);
    expect(text).toMatch(/^Persistent=true$/m);
    expect(text).toMatch(/^Unit=snapvisor-schedules\.service$/m);
    expect(text).toMatch(/^WantedBy=timers\.target$/m);
  });

  it('quotes arguments the way systemd reads them', () => {
    expect(systemdQuote('plain/path-1.db')).toBe('plain/path-1.db');
    expect(systemdQuote('a "b" c\\d')).toBe('"a \\"b\\" c\\\\d"');
    expect(systemdQuote('$HOME')).toBe('"$$HOME"');
  });

  it('refuses what would break out of a directive', () => {
    expect(() => serviceUnitText({ ...opts, db: '/tmp/x.db\nExecStartPre=/bin/evil' })).toThrow(/invalid_input/);
    expect(() => timerUnitText({ onCalendar: 'daily\nOnBootSec=1' })).toThrow(/invalid_input/);
    expect(timerUnitText({ onCalendar: 'Mon..Fri *-*-* 02:00:00' })).toMatch(/^OnCalendar=Mon\.\.Fri \*-\*-\* 02:00:00$/m);
  });
});

describe('installTimerUnits', () => {
  let dir: string | undefined;
  afterEach(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('writes both units, readable by systemd, and says how to enable them', () => {
    dir = mkdtempSync(join(tmpdir(), 'sv-units-'));
    const target = join(dir, 'systemd', 'user');
    const result = installTimerUnits(opts, target);
    expect(result.files).toEqual([join(target, SERVICE_UNIT), join(target, TIMER_UNIT)]);
    expect(readFileSync(join(target, SERVICE_UNIT), 'utf8')).toBe(serviceUnitText(opts));
    expect(readFileSync(join(target, TIMER_UNIT), 'utf8')).toBe(timerUnitText({}));
    expect(statSync(join(target, TIMER_UNIT)).mode & 0o777).toBe(0o644);
    expect(result.enableCommand).toBe('systemctl --user daemon-reload && systemctl --user enable --now snapvisor-schedules.timer');
  });

  it('picks the user or the system unit directory', () => {
    expect(unitDirectory(false, { XDG_CONFIG_HOME: '/x/cfg' })).toBe('/x/cfg/systemd/user');
    expect(unitDirectory(false, { HOME: '/home/ann' })).toBe('/home/ann/.config/systemd/user');
    expect(unitDirectory(true, { HOME: '/home/ann' })).toBe('/etc/systemd/system');
  });
});
