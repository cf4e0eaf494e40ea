// Screenshots of the main screens in both languages and both themes, on the demo host with a few
// snapshots, saved to test-results/screenshots/ for review. Each screen must render without a
// page error and, in Korean, without an English leftover in its headings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type App } from './harness';

let app: App;
let page: Page;

const VARIANTS = [
  { lang: 'en', theme: 'light' },
  { lang: 'en', theme: 'dark' },
  { lang: 'ko', theme: 'light' },
  { lang: 'ko', theme: 'dark' },
] as const;

const dialog = () => page.getByRole('dialog');

/** Texts in the snapshot grid that do not fit (cut with an ellipsis), and whether the grid scrolls sideways. */
async function clippedInGrid(): Promise<{ clipped: string[]; scrollsSideways: boolean }> {
  return page.evaluate(() => {
    const grid = document.querySelector<HTMLElement>('[data-testid="snapshot-grid"]')!;
    const clipped = [...grid.querySelectorAll<HTMLElement>('.cell, .cell-text, .badge')]
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map((el) => el.textContent || el.getAttribute('aria-label') || el.className);
    return { clipped, scrollsSideways: grid.scrollWidth > grid.clientWidth + 1 };
  });
}

async function openFirstSnapshot(): Promise<void> {
  await page.locator('[role="row"][data-snapshot-id]').first().click();
  await page.getByRole('complementary').getByRole('tab', { selected: true }).waitFor();
}

describe('UI screens in both languages and themes', () => {
  beforeAll(async () => {
    app = await startApp({
      uri: 'test:///default',
      seed: async (_services, api) => {
        const hosts = await api.hosts.list();
        if (!hosts.ok) throw new Error(hosts.error.code);
        const hostId = hosts.value[0]!.id;
        const vms = await api.vms.list({ hostId });
        if (!vms.ok) throw new Error(vms.error.code);
        const vmUuid = vms.value[0]!.uuid;
        for (const [i, name] of ['before-upgrade', 'after-upgrade', 'nightly'].entries()) {
          const r = await api.snapshots.create({ hostId, vmUuid, kind: 'memory', name, description: i === 0 ? 'kernel 6.1 → 6.12' : '', protect: i === 0 });
          if (!r.ok) throw new Error(`${r.error.code} ${JSON.stringify(r.error.params)}`);
        }
        const s = await api.schedules.add({ hostId, vmUuid, kind: 'memory', intervalSeconds: 6 * 3600, keepLast: 7 });
        if (!s.ok) throw new Error(s.error.code);
      },
    });
    page = app.page;
  });
  afterAll(async () => {
    await app?.close();
  });

  for (const v of VARIANTS) {
    it(`${v.lang} ${v.theme}`, async () => {
      await page.evaluate(([lang, theme]) => {
        localStorage.setItem('snapvisor.lang', lang);
        localStorage.setItem('snapvisor.theme', theme);
      }, [v.lang, v.theme] as const);
      await page.reload();
      await page.locator('[role="row"][data-snapshot-id]').first().waitFor({ timeout: 30_000 });
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(v.theme);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(v.lang);
      const shot = (screen: string) => app.screenshot(`${screen}-${v.lang}-${v.theme}`);

      await shot('list');
      expect(await clippedInGrid()).toEqual({ clipped: [], scrollsSideways: false });
      await openFirstSnapshot();
      await shot('detail');
      expect(await clippedInGrid()).toEqual({ clipped: [], scrollsSideways: false });

      await page.getByRole('button', { name: v.lang === 'en' ? 'Take snapshot' : '스냅샷 생성' }).first().click();
      await dialog().waitFor();
      await page.waitForTimeout(200);
      await shot('create-dialog');
      await page.keyboard.press('Escape');
      await dialog().waitFor({ state: 'detached' });

      await page.locator('[role="row"][data-snapshot-id]', { hasText: 'before-upgrade' }).click();
      await page.getByRole('complementary').getByRole('button', { name: v.lang === 'en' ? 'Delete' : '삭제' }).click();
      await dialog().getByRole('checkbox').waitFor();
      await shot('delete-dialog');
      await page.keyboard.press('Escape');

      await page.getByRole('complementary').getByRole('button', { name: v.lang === 'en' ? 'Restore as new VM' : '새 VM으로 복원' }).click();
      await dialog().waitFor();
      await shot('restore-wizard');
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: v.lang === 'en' ? 'Schedules' : '스케줄', exact: true }).click();
      await page.getByRole('table').waitFor();
      await shot('schedules');
      await page.getByRole('button', { name: v.lang === 'en' ? 'Snapshots' : '스냅샷', exact: true }).click();

      if (v.lang === 'ko') {
        const headings = await page.getByRole('heading').allTextContents();
        for (const h of headings) expect(h, h).not.toMatch(/\b(Snapshots|Take|Delete|Restore|Schedules)\b/);
      }
      expect(app.pageErrors).toEqual([]);
    });
  }
});
