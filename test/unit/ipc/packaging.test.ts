// The electron-builder configuration: valid by electron-builder's own schema (it validates
// offline), with the targets, dependencies and native-module handling Snapvisor needs, and
// every file it names present.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId?: string;
  productName?: string;
  /** getConfig normalises the list into file sets. */
  files?: { filter?: string[] }[];
  asar?: boolean;
  asarUnpack?: string[];
  directories?: { output?: string; buildResources?: string };
  linux?: { target?: string[]; category?: string; icon?: string; executableName?: string; desktop?: { entry?: Record<string, string> } };
  deb?: { depends?: string[]; recommends?: string[] };
  rpm?: { depends?: string[] };
}

interface ConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
}

const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as ConfigModule;
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

async function load(): Promise<BuilderConfig> {
  return getConfig(ROOT, null, null);
}

function pngSize(file: string): { width: number; height: number; colorType: number } {
  const png = readFileSync(file);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colorType: png[25] ?? -1 };
}

describe('electron-builder configuration', () => {
  it('passes electron-builder\'s own validation', async () => {
    const config = await load();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('would be refused by that validation when wrong (the check can fail)', async () => {
    const config = { ...(await load()), linux: { ...(await load()).linux, notAnOption: true } };
    await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(/Invalid configuration/);
  });

  it('builds Snapvisor as AppImage, deb and rpm in the System category', async () => {
    const c = await load();
    expect(c.appId).toMatch(/^[a-z][a-z0-9]*(\.[a-z][a-z0-9-]*)+$/);
    expect(c.productName).toBe('Snapvisor');
    expect(c.linux?.target).toEqual(expect.arrayContaining(['AppImage', 'deb', 'rpm']));
    expect(c.linux?.category).toBe('System');
    expect(c.linux?.desktop?.entry?.Categories).toMatch(/^System;/);
  });

  it('depends on libvirt\'s client library', async () => {
    const c = await load();
    expect(c.deb?.depends).toContain('libvirt0');
    expect(c.deb?.recommends).toEqual(expect.arrayContaining(['libvirt-clients', 'libvirt-daemon-system']));
    expect(c.rpm?.depends).toContain('libvirt-libs');
  });

  it('unpacks the native modules (koffi, better-sqlite3) from the asar', async () => {
    const c = await load();
    expect(c.asar).toBe(true);
    expect(c.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', '**/node_modules/@koromix/koffi-linux-x64/**', '**/node_modules/better-sqlite3/**']));
    // The modules those patterns are for exist where the patterns look.
    expect(existsSync(join(ROOT, 'node_modules/@koromix/koffi-linux-x64/linux_x64/koffi.node'))).toBe(true);
    expect(existsSync(join(ROOT, 'node_modules/better-sqlite3/package.json'))).toBe(true);
  });

  it('ships the built app and nothing of the sources', async () => {
    const patterns = (await load()).files?.flatMap((set) => set.filter ?? []) ?? [];
    expect(patterns).toEqual(expect.arrayContaining(['package.json', 'dist/renderer/**', 'dist-electron/**', '!**/*.map']));
    expect(patterns.some((f) => /^(electron|renderer|native|test)\//.test(f))).toBe(false);
  });

  it('ships no transpiler: the CLI runs built JavaScript', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; dependencies: Record<string, string> };
    expect(pkg.bin.snapvisor).toBe('bin/snapvisor.cjs');
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    expect(readFileSync(join(ROOT, 'bin/snapvisor.cjs'), 'utf8')).toContain("'dist-electron', 'cli.cjs'");
  });

  it('names files that exist: a 512×512 RGBA icon, the entry point the shell build writes', async () => {
    const c = await load();
    const icon = join(ROOT, c.linux?.icon ?? 'missing');
    expect(existsSync(icon)).toBe(true);
    expect(pngSize(icon)).toEqual({ width: 512, height: 512, colorType: 6 });
    expect(existsSync(join(ROOT, c.directories?.buildResources ?? 'missing'))).toBe(true);

    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string>; name: string; version: string };
    expect(pkg.main).toBe('dist-electron/main.js');
    expect(pkg.scripts.build).toBe('vite build && vite build --config vite.electron.config.ts');
    // `npm ci` builds it all, so `npx snapvisor` works right after (the README's first command).
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(pkg.scripts.dist).toMatch(/npm run build && electron-builder install-app-deps && electron-builder --linux AppImage deb rpm/);
    const shellConfig = readFileSync(join(ROOT, 'vite.electron.config.ts'), 'utf8');
    expect(shellConfig).toContain("entryFileNames: 'main.js'");
    expect(shellConfig).toContain("'preload.cjs'");
    expect(shellConfig).toContain("entryFileNames: 'cli.cjs'");
    // main.ts loads exactly these built files.
    const main = readFileSync(join(ROOT, 'electron/main.ts'), 'utf8');
    expect(main).toContain("join(here, 'preload.cjs')");
    expect(main).toContain("join(here, '..', 'dist', 'renderer')");
  });
});
