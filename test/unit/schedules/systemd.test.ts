import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SERVICE_UNIT, TIMER_UNIT, cronLine, installTimerUnits, removeTimerUnits, serviceUnitText, shellQuote, systemdQuote,
  timerUnitText, unitDirectory,
} from '../../../electron/services/schedules/systemd';

const opts = {
  exec: { argv: ['/opt/snap visor/resources/bin/snapvisor'], env: {} },
  connect: 'qemu:///system', db: '/var/lib/snapvisor/100%.db', system: false,
};
const devApp = { argv: ['/src/node_modules/electron/dist/electron', '/src/dist-electron/cli.cjs'], env: { ELECTRON_RUN_AS_NODE: '1' } };

describe('systemd unit text', () => {
  it('the service is a oneshot running `schedules run` with the connection and database', () => {
    const text = serviceUnitText(opts);
    expect(text).toMatch(/^\[Service\]$/m);
    expect(text).toMatch(/^Type=oneshot$/m);
    expect(text).toContain('ExecStart="/opt/snap visor/resources/bin/snapvisor" schedules run --connect qemu:///system --db /var/lib/snapvisor/100%%.db\n');
    expect(text).not.toMatch(/^Environment=/m);
    const dev = serviceUnitText({ ...opts, exec: devApp });
    expect(dev).toContain('Environment=ELECTRON_RUN_AS_NODE=1\n');
    expect(dev).toContain('ExecStart=/src/node_modules/electron/dist/electron /src/dist-electron/cli.cjs schedules run --connect qemu:///system');
  });

  it('the crontab line runs the same command every five minutes, quoted for sh, % escaped for cron', () => {
    expect(cronLine(opts)).toBe("*/5 * * * * '/opt/snap visor/resources/bin/snapvisor' schedules run --connect qemu:///system --db '/var/lib/snapvisor/100\\%.db'");
    expect(cronLine({ ...opts, exec: devApp })).toMatch(/^\*\/5 \* \* \* \* ELECTRON_RUN_AS_NODE=1 \/src\/node_modules\/electron\/dist\/electron /);
    expect(shellQuote("it's")).toBe("'it'\\''s'");
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
    removeTimerUnits(target);
    expect(() => statSync(join(target, SERVICE_UNIT))).toThrow();
    expect(() => statSync(join(target, TIMER_UNIT))).toThrow();
    removeTimerUnits(target); // nothing left to remove: no error
  });

  it('picks the user or the system unit directory', () => {
    expect(unitDirectory(false, { XDG_CONFIG_HOME: '/x/cfg' })).toBe('/x/cfg/systemd/user');
    expect(unitDirectory(false, { HOME: '/home/ann' })).toBe('/home/ann/.config/systemd/user');
    expect(unitDirectory(true, { HOME: '/home/ann' })).toBe('/etc/systemd/system');
  });
});
