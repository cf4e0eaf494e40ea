// Every main screen and dialog in both languages and both themes, on the demo host with a few
// snapshots: screenshots of the main ones saved to test-results/screenshots/ for review, and an
// axe-core audit of each (issue 13: no serious or critical violation, WCAG AA contrast among
// them). Each screen must render without a page error and, in Korean, without an English leftover
// in its headings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type App } from './harness';
import { blockingViolations } from './axe';
import { seedScreens, showVariant, VARIANTS } from './demo-seed';
import { en } from '../../renderer/src/i18n/en';
import { ko } from '../../renderer/src/i18n/ko';

let app: App;
let page: Page;

/** The labels the walk clicks, from the app's own tables. */
const TEXT = { en, ko } as const;

const dialog = () => page.getByRole('dialog');
const panel = () => page.getByRole('complementary');
const row = (name: string) => page.locator('[role="row"][data-snapshot-id]', { hasText: name });

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

describe('UI screens in both languages and themes: screenshots and axe-core', () => {
  beforeAll(async () => {
    app = await startApp({
      uri: 'test:///default',
      seed: (_services, api) => seedScreens(api),
    });
    page = app.page;
  });
  afterAll(async () => {
    await app?.close();
  });

  for (const v of VARIANTS) {
    it(`${v.lang} ${v.theme}`, async () => {
      await showVariant(page, v);
      const tx = TEXT[v.lang];
      const shot = (screen: string) => app.screenshot(`${screen}-${v.lang}-${v.theme}`);
      const violations: Record<string, string[]> = {};
      const audit = async (screen: string) => {
        const found = await blockingViolations(page);
        if (found.length) violations[screen] = found;
      };
      /** Opens a dialog, lets `inside` look at it (screenshots, audits of later steps), audits it, closes it with Escape. */
      const inDialog = async (screen: string, open: () => Promise<void>, inside?: () => Promise<void>) => {
        await open();
        await dialog().waitFor();
        await inside?.();
        await audit(screen);
        await page.keyboard.press('Escape');
        await dialog().waitFor({ state: 'detached' });
      };

      await row('nightly').waitFor();
      await shot('list');
      await audit('list');
      expect(await clippedInGrid()).toEqual({ clipped: [], scrollsSideways: false });
      await page.getByLabel(tx.list.treeView).check();
      await audit('list (tree view)');
      await page.getByLabel(tx.list.treeView).uncheck();

      await row('nightly').click();
      await panel().getByRole('tab', { selected: true }).waitFor();
      await shot('detail');
      await audit('detail');
      expect(await clippedInGrid()).toEqual({ clipped: [], scrollsSideways: false });

      await inDialog('help', () => page.keyboard.press('?'), () => shot('help').then(() => undefined));
      await inDialog('create', () => page.getByRole('button', { name: tx.actions.create }).first().click(), async () => {
        await dialog().getByRole('radio').first().waitFor();
        await shot('create-dialog');
      });

      await row('before-upgrade').click();
      await expect.poll(() => panel().getByRole('heading', { level: 2 }).textContent()).toBe('before-upgrade');
      await inDialog('edit', () => panel().getByRole('button', { name: tx.actions.edit, exact: true }).click());
      await inDialog('delete (protected)', () => panel().getByRole('button', { name: tx.actions.delete, exact: true }).click(), async () => {
        await dialog().getByRole('checkbox').waitFor();
        await shot('delete-dialog');
      });
      await inDialog('restore', () => panel().getByRole('button', { name: tx.actions.restore, exact: true }).click());
      await inDialog('restore as new (review)', () => panel().getByRole('button', { name: tx.actions.restoreAsNew }).click(), async () => {
        await shot('restore-wizard');
        await audit('restore as new (name)');
        for (let i = 0; i < 3; i++) await dialog().getByRole('button', { name: tx.common.next }).click();
        await dialog().getByLabel(tx.restoreAsNew.hostname).waitFor();
        await audit('restore as new (extra settings)');
        await dialog().getByRole('button', { name: tx.common.next }).click();
        await dialog().getByLabel(tx.restoreAsNew.step.review).waitFor();
      });
      await inDialog('extract volume', () => panel().getByRole('button', { name: tx.actions.extractVolume }).click());
      await inDialog('hosts', () => page.getByRole('button', { name: tx.sidebar.manageHosts }).click());

      await page.getByRole('button', { name: tx.nav.volumes, exact: true }).click();
      await page.getByRole('heading', { name: tx.volume.emptyTitle }).waitFor();
      await audit('volumes');
      await inDialog('take volume snapshot', () => page.getByRole('button', { name: tx.volume.create }).first().click());

      await page.getByRole('button', { name: tx.nav.schedules, exact: true }).click();
      await page.getByRole('table').waitFor();
      await shot('schedules');
      await audit('schedules');
      await inDialog('schedule', () => page.getByRole('button', { name: tx.schedules.add }).click());
      await inDialog('delete schedule', () => page.getByRole('table').getByRole('button', { name: tx.actions.delete, exact: true }).click());
      await page.getByRole('button', { name: tx.nav.snapshots, exact: true }).click();

      if (v.lang === 'ko') {
        const headings = await page.getByRole('heading').allTextContents();
        for (const h of headings) expect(h, h).not.toMatch(/\b(Snapshots|Take|Delete|Restore|Schedules)\b/);
      }
      expect(violations).toEqual({});
      expect(app.pageErrors).toEqual([]);
    });
  }
});
