// What a `snapvisor` call loads, which is most of what it costs (bench group cli): help neither
// libvirt nor SQLite, a command that asks the host nothing not libvirt, and none of them the Node
// modules only a few commands use (child processes, zlib, node:crypto). Read from the shared
// libraries mapped into the process and Node's list of loaded modules as it exits.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './run-cli';

let dir: string;
let probe: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sv-cli-loading-'));
  probe = join(dir, 'probe.cjs');
  writeFileSync(probe, `process.on('exit', () => {
    const maps = require('node:fs').readFileSync('/proc/self/maps', 'utf8');
    const builtins = ['child_process', 'zlib', 'crypto'].filter((m) => process.moduleLoadList.includes('NativeModule ' + m));
    process.stderr.write('LOADED ' + JSON.stringify({ libvirt: /libvirt\\.so/.test(maps), sqlite: /better_sqlite3\\.node/.test(maps), builtins }) + '\\n');
  });\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Loaded {
  libvirt: boolean;
  sqlite: boolean;
  /** Which of node:child_process, node:zlib and node:crypto. */
  builtins: string[];
}

function loadedBy(...args: string[]): Loaded {
  const r = spawnSync(process.execPath, ['--require', probe, BIN, '--connect', 'test:///default', '--db', join(dir, 'snapvisor.db'), ...args], {
    encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, XDG_CACHE_HOME: join(dir, 'cache'), LANG: 'C.UTF-8' },
  });
  expect(r.status).toBe(0);
  const line = /^LOADED (.*)$/m.exec(r.stderr);
  if (!line) throw new Error(`no probe line in: ${r.stderr}`);
  return JSON.parse(line[1]!) as Loaded;
}

describe('what a call loads', () => {
  it('help: neither libvirt nor SQLite', () => {
    expect(loadedBy('--help')).toEqual({ libvirt: false, sqlite: false, builtins: [] });
  });
  it('list, which asks the host nothing: SQLite, not libvirt', () => {
    expect(loadedBy('--json', 'list')).toEqual({ libvirt: false, sqlite: true, builtins: [] });
  });
  it('vms: both', () => {
    expect(loadedBy('--json', 'vms')).toEqual({ libvirt: true, sqlite: true, builtins: [] });
  });
});
