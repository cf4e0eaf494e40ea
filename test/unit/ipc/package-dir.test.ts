// The package layout, built here: electron-builder's `--linux dir` target from electron-builder.yml,
// then the AppImage, deb and rpm targets up to the point where they would hand the app directory
// to their tools (electron-builder's effectiveOptionComputed hook stops them there).
//
// Why a stand-in Electron: no Electron binary can be downloaded on these machines
// (ELECTRON_SKIP_BINARY_DOWNLOAD, no internet), but electron-builder copies a local directory
// given as `electronDist` instead. The stand-in's `electron` is a script that records how it was
// started, so the launcher's call into the app binary is checked; the packaged CLI itself is then
// run with Node from the archive's extracted copy. npmRebuild is off: rebuilding better-sqlite3
// for Electron's ABI downloads Electron's headers (the real packaging machine does it), and the
// Node-ABI build it ships instead is what lets Node run the packaged CLI below.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extractAll, listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRendererBuilt } from '../../e2e/build';
import { ensureShellBuilt } from '../../setup/shell-build';

const ROOT = resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);

interface BuildOptions {
  projectDir: string;
  targets: Map<unknown, unknown>;
  config: Record<string, unknown>;
  effectiveOptionComputed(options: unknown): Promise<boolean>;
}
interface Builder {
  build(options: BuildOptions): Promise<string[]>;
  Platform: { LINUX: { createTarget(types: string[], ...archs: number[]): Map<unknown, unknown> } };
  Arch: { x64: number };
}
const { build, Platform, Arch } = require('electron-builder') as Builder;

let work: string;
let appDir: string;
let resources: string;
let asar: string;
/** What the AppImage, deb and rpm targets were about to hand to their tools. */
const handedOver: unknown[] = [];
/** The deb/rpm maintainer scripts as rendered, read while electron-builder's temp files exist. */
const scripts = new Map<string, string>();

beforeAll(async () => {
  await Promise.all([ensureShellBuilt(), ensureRendererBuilt()]);
  work = mkdtempSync(join(tmpdir(), 'sv-package-'));
  const standIn = join(work, 'electron-dist');
  mkdirSync(standIn);
  writeFileSync(join(standIn, 'electron'), '#!/bin/sh\n# Stand-in for Electron\'s binary: records how it was started.\n'
    + 'printf \'%s\\n\' "ELECTRON_RUN_AS_NODE=$ELECTRON_RUN_AS_NODE" "$@" > "$STAND_IN_RECORD"\n');
  chmodSync(join(standIn, 'electron'), 0o755);
  writeFileSync(join(standIn, 'LICENSE'), 'stand-in\n');

  await build({
    projectDir: ROOT,
    targets: Platform.LINUX.createTarget(['dir', 'AppImage', 'deb', 'rpm'], Arch.x64),
    config: { electronDist: standIn, npmRebuild: false, directories: { output: join(work, 'release') } },
    async effectiveOptionComputed(options) {
      handedOver.push(options);
      if (Array.isArray(options) && Array.isArray(options[0])) {
        const args = options[0] as string[];
        for (const flag of ['--after-install', '--after-remove']) {
          const file = args[args.indexOf(flag) + 1];
          if (file) scripts.set(flag, readFileSync(file, 'utf8'));
        }
      }
      return true;
    },
  });
  appDir = join(work, 'release', 'linux-unpacked');
  resources = join(appDir, 'resources');
  asar = join(resources, 'app.asar');
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('electron-builder --linux dir, from electron-builder.yml', () => {
  it('app.asar holds the built main, preload, renderer and CLI, and nothing of the sources or tests', () => {
    const files = listPackage(asar, { isPack: false });
    for (const f of ['/package.json', '/dist-electron/main.js', '/dist-electron/preload.cjs', '/dist-electron/cli.cjs', '/dist/renderer/index.html']) {
      expect(files, f).toContain(f);
    }
    expect(files.some((f) => /^\/dist-electron\/chunks\/cli-execute-.*\.cjs$/.test(f))).toBe(true);
    expect(files.filter((f) => /^\/(test|electron|native|renderer|scripts|bin)(\/|$)/.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map') || (!f.startsWith('/node_modules/') && f.endsWith('.ts')))).toEqual([]);
    // koffi's C++ sources stay out, its JavaScript (src/koffi/*.cjs) does not: koffi would not load.
    expect(files).toContain('/node_modules/koffi/src/koffi/index.cjs');
    expect(files.filter((f) => f.startsWith('/node_modules/koffi/') && /\.(cc|hh|S|asm)$/.test(f))).toEqual([]);
    // No transpiler rides along: the CLI is plain JavaScript.
    expect(files.filter((f) => /\/node_modules\/(tsx|esbuild|vite|vitest)\//.test(f))).toEqual([]);
  });

  it('koffi\'s and better-sqlite3\'s native modules are unpacked next to the archive', () => {
    const unpacked = `${asar}.unpacked`;
    expect(existsSync(join(unpacked, 'node_modules/@koromix/koffi-linux-x64/linux_x64/koffi.node'))).toBe(true);
    expect(existsSync(join(unpacked, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
  });

  it('the launcher is in resources/bin, executable, and starts the app binary in Node mode on the bundled CLI', () => {
    const launcher = join(resources, 'bin', 'snapvisor');
    expect(statSync(launcher).mode & 0o111).toBe(0o111);
    expect(existsSync(join(appDir, 'snapvisor-desktop'))).toBe(true);
    const record = join(work, 'launch-record');
    // Through a symlink, as /usr/bin/snapvisor reaches it.
    const link = join(work, 'usr-bin-snapvisor');
    spawnSync('ln', ['-s', launcher, link]);
    const r = spawnSync(link, ['--connect', 'test:///default', '--json', 'vms'], { env: { PATH: process.env.PATH, STAND_IN_RECORD: record }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(record, 'utf8').trim().split('\n')).toEqual([
      'ELECTRON_RUN_AS_NODE=1', join(resources, 'app.asar', 'dist-electron', 'cli.cjs'), '--connect', 'test:///default', '--json', 'vms',
    ]);
  });

  it('the packaged CLI, run with Node from the archive\'s contents, lists the test driver\'s VMs', () => {
    // Outside the repository, so that nothing resolves from its node_modules.
    const extracted = join(work, 'extracted');
    extractAll(asar, extracted);
    const db = join(work, 'data', 'snapvisor.db');
    const r = spawnSync(process.execPath, [join(extracted, 'dist-electron', 'cli.cjs'), '--connect', 'test:///default', '--db', db, '--json', 'vms'], {
      cwd: work, env: { PATH: process.env.PATH, HOME: work, LANG: 'C.UTF-8' }, encoding: 'utf8', timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { name: string; state: string }[]).map((v) => [v.name, v.state])).toEqual([['test', 'running']]);
    const help = spawnSync(process.execPath, [join(extracted, 'dist-electron', 'cli.cjs'), '--help'], { encoding: 'utf8' });
    expect(help.stdout).toContain('schedules status');
  });
});

describe('the AppImage, deb and rpm targets, up to their packaging tools', () => {
  it('each target got as far as handing the app over', () => {
    // AppImage: its desktop entry; deb and rpm: fpm's arguments (one array each).
    expect(handedOver.filter((o) => Array.isArray(o))).toHaveLength(2);
    expect(handedOver.some((o) => !Array.isArray(o) && typeof o === 'object' && o !== null && 'desktop' in o)).toBe(true);
  });

  it('deb and rpm install /usr/bin/snapvisor as a link to the launcher, and remove only that link', () => {
    const install = scripts.get('--after-install') ?? '';
    const remove = scripts.get('--after-remove') ?? '';
    expect(install).toContain("ln -sf '/opt/Snapvisor/resources/bin/snapvisor' '/usr/bin/snapvisor'");
    expect(remove).toMatch(/readlink \/usr\/bin\/snapvisor\)" = '\/opt\/Snapvisor\/resources\/bin\/snapvisor'/);
    expect(remove).toMatch(/remove\|purge\|0\)/);
  });

  it('our maintainer scripts are electron-builder\'s own plus the link (re-sync them when electron-builder changes its)', () => {
    const templates = join(ROOT, 'node_modules/app-builder-lib/templates/linux');
    for (const name of ['after-install.tpl', 'after-remove.tpl']) {
      const ours = readFileSync(join(ROOT, 'build/linux', name), 'utf8');
      expect(ours.startsWith(readFileSync(join(templates, name), 'utf8')), name).toBe(true);
      expect(ours.slice(readFileSync(join(templates, name), 'utf8').length)).toContain('/usr/bin/snapvisor');
    }
    // The app binary's name the launcher calls is the one electron-builder gives it.
    expect(readFileSync(join(ROOT, 'build/linux/snapvisor'), 'utf8')).toContain('"$app/snapvisor-desktop"');
  });
});
