// Renderer benchmark: the built renderer in Chromium with 10,000 snapshots.
//  - first paint of the list: navigation start → first frame with list rows on screen (target 300 ms)
//  - filter keystroke → updated list: keydown → next frame after the list changed (target 16 ms)
// window.snapvisor is the in-memory fake (renderer/src/test/fake-api.ts) holding the rows, so the
// numbers are the renderer's own: no IPC, libvirt or SQLite time is included.
import { join, resolve } from 'node:path';
import { build, type Rolldown } from 'vite';
import { ensureRendererBuilt } from '../e2e/build';
import { launchChromium } from '../e2e/harness';
import { serveDirectory } from '../e2e/server';

const ROOT = resolve(import.meta.dirname, '../..');
const ROWS = 10_000;
const TARGET_PAINT_MS = 300;
const TARGET_KEYSTROKE_MS = 16;

async function benchClientScript(): Promise<string> {
  const result = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    build: { write: false, minify: true, sourcemap: false, lib: { entry: join(ROOT, 'renderer/src/test/bench-client.ts'), formats: ['iife'], name: 'snapvisorBench', fileName: 'bench' } },
  });
  for (const out of Array.isArray(result) ? result : [result]) {
    if ('output' in out) {
      const chunk = out.output.find((o): o is Rolldown.OutputChunk => o.type === 'chunk');
      if (chunk) return chunk.code;
    }
  }
  throw new Error('bench client build produced no script');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const line = (what: string, ms: number, target: number) =>
  console.log(`${what.padEnd(44)} ${fmt(ms).padStart(10)}   target ${target} ms   ratio ${(ms / target).toFixed(2)}`);

export async function run(): Promise<void> {
  const [dir, client] = await Promise.all([ensureRendererBuilt(), benchClientScript()]);
  const server = await serveDirectory(dir);
  const browser = await launchChromium();
  try {
    const paints: number[] = [];
    const keystrokes: number[] = [];
    const domUpdates: number[] = [];
    const rowsInDom: number[] = [];
    const scriptsDone: number[] = [];
    const fakeSetup: number[] = [];
    for (let round = 0; round < 5; round++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.addInitScript({ content: `localStorage.setItem('snapvisor.lang','en');performance.mark('bench:fake-start');${client};performance.mark('bench:fake-end');` });
      // Watches for the first list row and stamps the frame after it appears.
      await page.addInitScript({
        content: `(() => { const tick = () => { if (document.querySelector('[data-snapshot-id]')) performance.mark('snapvisor:rows'), requestAnimationFrame(() => { window.__firstListPaint = performance.now(); }); else requestAnimationFrame(tick); }; requestAnimationFrame(tick); })();`,
      });
      await page.goto(`${server.url}/index.html`);
      await page.waitForFunction(() => (window as unknown as { __firstListPaint?: number }).__firstListPaint !== undefined, null, { timeout: 60_000 });
      paints.push(await page.evaluate(() => (window as unknown as { __firstListPaint: number }).__firstListPaint));
      const rowCount = await page.getByTestId('row-count').textContent();
      if (!rowCount?.includes('10,000')) throw new Error(`expected ${ROWS} rows, the list says "${rowCount}"`);

      const search = page.getByLabel('Search');
      await search.focus();
      await page.evaluate(() => {
        const w = window as unknown as { __keyAt: number; __frames: number[]; __dom: number[] };
        w.__frames = [];
        w.__dom = [];
        const target = document.querySelector('[data-testid="row-count"]')!;
        addEventListener('keydown', () => { w.__keyAt = performance.now(); }, { capture: true });
        new MutationObserver(() => {
          const at = w.__keyAt;
          w.__dom.push(performance.now() - at);
          requestAnimationFrame(() => { w.__frames.push(performance.now() - at); });
        }).observe(target, { childList: true, characterData: true, subtree: true });
      });
      // Each keystroke changes the match count, so every one must re-filter and re-render.
      for (const text of ['snap-0', 'snap-01', 'snap-012', 'snap-0123']) {
        await search.fill('');
        await page.waitForTimeout(30);
        for (const ch of text) {
          await page.keyboard.type(ch);
          await page.waitForTimeout(40);
        }
      }
      keystrokes.push(...await page.evaluate(() => (window as unknown as { __frames: number[] }).__frames));
      domUpdates.push(...await page.evaluate(() => (window as unknown as { __dom: number[] }).__dom));
      scriptsDone.push(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd));
      fakeSetup.push(await page.evaluate(() => performance.measure('bench:fake', 'bench:fake-start', 'bench:fake-end').duration));
      rowsInDom.push(await page.evaluate(() => performance.getEntriesByName('snapvisor:rows')[0]?.startTime ?? NaN));
      await page.close();
    }
    console.log(`renderer: ${ROWS.toLocaleString('en-US')} snapshots, in-memory fake api (no IPC/libvirt/SQLite), Chromium, 5 page loads, ${keystrokes.length} keystrokes`);
    line('first paint of the list (median)', median(paints), TARGET_PAINT_MS);
    line('first paint of the list (worst)', Math.max(...paints), TARGET_PAINT_MS);
    line('  of which: the fake building its rows (setup)', median(fakeSetup), TARGET_PAINT_MS);
    line('  of which: navigation → scripts loaded (DCL)', median(scriptsDone), TARGET_PAINT_MS);
    line('  of which: navigation → rows in the DOM', median(rowsInDom), TARGET_PAINT_MS);
    line('first paint without the fake\'s setup (median)', median(paints.map((p, i) => p - fakeSetup[i]!)), TARGET_PAINT_MS);
    line('filter keystroke → updated list (median)', median(keystrokes), TARGET_KEYSTROKE_MS);
    line('  of which: keystroke → DOM updated', median(domUpdates), TARGET_KEYSTROKE_MS);
    line('filter keystroke → updated list (p95)', p95(keystrokes), TARGET_KEYSTROKE_MS);
  } finally {
    await browser.close();
    await server.close();
  }
}
