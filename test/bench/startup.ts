// Start-up benchmark: a database with 10,000 snapshots on 100 VMs of a test-driver fixture (as an
// earlier run left it), and a fresh app process each run, from process start to the first list
// drawn: Node starts, the services open the file and migrate, the page loads and draws the
// newest rows from the store, then all of them; the host connects (the test driver parses its
// fixture file) and reconciles in the background once the page has its first list, as in the app. The app process is built to one file as
// Electron's main is (test/bench/startup-child/main.ts); this process drives an open Chromium
// page to it the moment it serves, as Electron's window loads while the services start. The
// page's marks are read on the app process's clock. Several runs, min/median/max.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { Connection } from '../../native';
import { MAIN_EXTERNALS } from '../../vite.electron.config';
import { ensureRendererBuilt, pageClientScript } from '../e2e/build';
import { launchChromium } from '../e2e/harness';
import { seedFixtureStore, writeTestDriverNode } from '../fixtures/test-driver-node';
import { ALL_ROWS_FRAME, FIRST_LIST_FRAME, listMarksScript } from './page-marks';
import { BenchReport, spread } from './report';
import type { StartupArgs, StartupLine } from './startup-child/main';

const ROOT = resolve(import.meta.dirname, '../..');
const SIZE = { domains: 100, snapshots: 100, lean: true };
const ROWS = SIZE.domains * SIZE.snapshots;
const RUNS = 6;
const TARGET_MS = 500;

interface ChildTimes {
  entry: number;
  serving: number;
  servicesReady: number;
  /** The host connected and reconciled (in the background). */
  hostsStarted: number;
  /** The page's script received. */
  pageScript: number;
  firstList: number;
  allRows: number;
}

/** One fresh app process: spawned, its page driven to it as soon as it serves, then stopped. */
async function oneStart(entry: string, args: StartupArgs, page: Page): Promise<ChildTimes> {
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, SV_STARTUP_ARGS: JSON.stringify(args), UV_THREADPOOL_SIZE: '16', LIBVIRT_DEBUG: '4' }, stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  try {
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async (): Promise<StartupLine> => {
      const r = await lines.next();
      if (r.done) throw new Error('the app process ended before it served');
      return JSON.parse(r.value as string) as StartupLine;
    };
    const serving = await next();
    if (!('url' in serving)) throw new Error('the app process said nothing of where it serves');
    const servingAt = performance.timeOrigin + performance.now() - serving.timeOrigin;
    const [ready] = await Promise.all([next(), page.goto(`${serving.url}/index.html`)]);
    if (!('servicesReadyMs' in ready)) throw new Error('expected the services to be ready');
    const [started] = await Promise.all([
      next(),
      page.waitForFunction((all) => performance.getEntriesByName(all).length > 0, ALL_ROWS_FRAME, { timeout: 120_000 }),
    ]);
    if (!('hostsStartedMs' in started)) throw new Error('expected the hosts to have started');
    const marks = await page.evaluate(([first, all]) => ({
      origin: performance.timeOrigin,
      first: performance.getEntriesByName(first)[0]!.startTime,
      all: performance.getEntriesByName(all)[0]!.startTime,
      script: (performance.getEntriesByName(document.querySelector<HTMLScriptElement>('script[type="module"]')!.src)[0] as PerformanceResourceTiming).responseEnd,
    }), [FIRST_LIST_FRAME, ALL_ROWS_FRAME] as const);
    const shift = marks.origin - serving.timeOrigin;
    return {
      entry: serving.entryMs, serving: servingAt, servicesReady: ready.servicesReadyMs, hostsStarted: started.hostsStartedMs,
      pageScript: shift + marks.script, firstList: shift + marks.first, allRows: shift + marks.all,
    };
  } finally {
    child.stdin.end();
    await exited;
  }
}

/** The app process as one ES module next to node_modules (its native modules stay external, as in main.js). */
async function buildChild(outDir: string): Promise<string> {
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    ssr: { noExternal: true, external: ['better-sqlite3', 'koffi'] },
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'node20',
      ssr: join(ROOT, 'test/bench/startup-child/main.ts'),
      rolldownOptions: { external: MAIN_EXTERNALS, output: { format: 'es', entryFileNames: 'main.mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' } },
    },
  });
  return join(outDir, 'main.mjs');
}

export async function run(): Promise<void> {
  const report = new BenchReport('startup');
  const dir = mkdtempSync(join(tmpdir(), 'sv-'));
  // Inside the tree, so the built file finds node_modules.
  const outDir = join(ROOT, 'node_modules', '.cache', 'snapvisor-bench-startup');
  mkdirSync(outDir, { recursive: true });
  const browser = await launchChromium();
  try {
    const [rendererDir, clientScript, entry] = await Promise.all([ensureRendererBuilt(), pageClientScript(), buildChild(outDir)]);
    const uri = writeTestDriverNode(dir, SIZE);
    const dbPath = join(dir, 'snapvisor.db');
    seedFixtureStore(dbPath, uri, SIZE);
    const runs: ChildTimes[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'UTC' });
      const page = await context.newPage();
      await page.addInitScript({ content: clientScript });
      await page.addInitScript({ content: listMarksScript(ROWS) });
      runs.push(await oneStart(entry, { dbPath, dataDir: join(dir, 'data'), uri, rendererDir }, page));
      await context.close();
    }
    // The test driver's share: parsing its fixture file is what "connect" costs on test:///.
    const parse: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      (await Connection.open(uri)).close();
      parse.push(performance.now() - t0);
    }
    const of = (pick: (t: ChildTimes) => number) => spread(runs.map(pick));
    const first = of((t) => t.firstList);
    console.log(`start-up: ${ROWS.toLocaleString('en-US')} snapshots on ${SIZE.domains} VMs of a test-driver fixture, the store as an earlier run left it; ${RUNS} fresh processes`);
    report.figure(`process start → first list drawn (median; min ${first.min.toFixed(0)}, max ${first.max.toFixed(0)})`, 'startup10kMs', first.median, { below: TARGET_MS });
    report.figure('process start → all 10,000 rows listed', 'startupAllRows10kMs', of((t) => t.allRows).median);
    report.figure('  Node started, modules loaded (entry)', 'startupEntryMs', of((t) => t.entry).median);
    report.figure('  serving the page (the page is sent there now)', 'startupServingMs', of((t) => t.serving).median);
    report.figure('  the page\'s script received', 'startupPageScriptMs', of((t) => t.pageScript).median);
    report.figure('  services ready (store opened and migrated)', 'startupServicesMs', of((t) => t.servicesReady).median);
    report.figure('  host connected and reconciled (in the background)', 'startupHostsMs', of((t) => t.hostsStarted).median);
    report.figure('    of which the test driver parsing its fixture file (connect)', 'startupFixtureParseMs', spread(parse).median);
    report.figure('runs whose first list was drawn before the host had started', 'startupListFirstRuns', runs.filter((t) => t.firstList < t.hostsStarted).length);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  report.end();
}
