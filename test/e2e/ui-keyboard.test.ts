// The app with the keyboard only (issue 13), on the demo host: take a snapshot, open it, sort the
// list, expand a tree row, walk the restore-as-new wizard to its review and back, delete a
// protected snapshot by typing its name; after each step, where focus is. Nothing is clicked:
// every action below is a key press.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startApp, type App } from './harness';
import { createSnapshots } from './demo-seed';

let app: App;
let page: Page;

const dialog = () => page.getByRole('dialog');
const grid = () => page.locator('#snapshot-grid');
const panel = () => page.getByRole('complementary');
const row = (name: string) => page.locator('[role="row"][data-snapshot-id]', { hasText: name });

/** What has focus, for the failure messages: role or tag, and its accessible-ish name. */
function focusedDescription(): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '<body>';
    const name = el.getAttribute('aria-label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null) ?? el.textContent?.slice(0, 40);
    return `${el.getAttribute('role') ?? el.tagName.toLowerCase()} "${name ?? ''}"`;
  });
}

async function expectFocus(target: Locator): Promise<void> {
  await expect.poll(async () => (await target.evaluate((el) => el === document.activeElement)) || focusedDescription(), { timeout: 10_000 }).toBe(true);
}

/** Presses `key` until `target` has focus (at most `max` times); how many presses it took. */
async function pressUntil(key: string, target: Locator, max = 40): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press(key);
    if (await target.evaluate((el) => el === document.activeElement)) return i;
  }
  throw new Error(`${key} ×${max} never reached the target; focus is on ${await focusedDescription()}`);
}

async function selectedName(): Promise<string | null> {
  return page.locator('[role="row"][aria-selected="true"] .cell-text').textContent({ timeout: 5_000 }).catch(() => null);
}

async function typeInto(text: string): Promise<void> {
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

describe('keyboard only, on the demo host', () => {
  beforeAll(async () => {
    app = await startApp({
      uri: 'test:///default',
      seed: (_services, api) => createSnapshots(api, [{ name: 'golden', protect: true }]),
    });
    page = app.page;
    await row('golden').waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('the first Tab reaches the skip link, which lands on the list', async () => {
    await page.keyboard.press('Tab');
    await expectFocus(page.getByRole('link', { name: 'Skip to the snapshot list' }));
    await page.keyboard.press('Enter');
    await expectFocus(grid());
  });

  it('takes a snapshot: focus on the name, Enter submits, focus back on the button that opened it', async () => {
    const take = page.getByRole('button', { name: 'Take snapshot' });
    await pressUntil('Shift+Tab', take);
    await page.keyboard.press('Enter');
    await expectFocus(dialog().getByLabel('Name', { exact: true }));
    await typeInto('kb-snap');
    await page.keyboard.press('Enter');
    await dialog().waitFor({ state: 'detached' });
    await expectFocus(take);
    await expect.poll(() => row('kb-snap').getByText('Ready').count(), { timeout: 20_000 }).toBe(1);
  });

  it('opens it with Enter (focus in the detail), and Escape brings focus back to its row', async () => {
    await pressUntil('Tab', grid());
    await page.keyboard.press('Home');
    expect(await selectedName()).toBe('kb-snap');
    await page.keyboard.press('Enter');
    await expectFocus(page.getByRole('complementary', { name: 'Snapshot kb-snap' }));
    await page.keyboard.press('Escape');
    await panel().waitFor({ state: 'detached' });
    await expectFocus(grid());
    expect(await selectedName()).toBe('kb-snap');
    expect(await grid().getAttribute('aria-activedescendant')).toBe(await row('kb-snap').getAttribute('id'));
    await app.screenshot('keyboard-list-focus-en-light');
  });

  it('sorts by a column with Enter and Space on its header', async () => {
    const nameHeader = page.getByRole('columnheader', { name: 'Name' });
    await page.keyboard.press('Tab');
    await expectFocus(nameHeader.getByRole('button'));
    await page.keyboard.press('Enter');
    await expect.poll(() => nameHeader.getAttribute('aria-sort')).toBe('ascending');
    await page.keyboard.press(' ');
    await expect.poll(() => nameHeader.getAttribute('aria-sort')).toBe('descending');
    await expectFocus(nameHeader.getByRole('button'));
    await page.keyboard.press('Shift+Tab');
    await expectFocus(grid());
  });

  it('expands and collapses a tree row with ArrowRight and ArrowLeft', async () => {
    const tree = page.getByLabel('Tree view');
    await pressUntil('Shift+Tab', tree);
    await page.keyboard.press(' ');
    expect(await tree.isChecked()).toBe(true);
    await pressUntil('Tab', grid());
    expect(await grid().getAttribute('role')).toBe('treegrid');
    await page.keyboard.press('Home');
    expect(await selectedName()).toBe('golden');
    expect(await row('golden').getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => row('golden').getAttribute('aria-expanded')).toBe('false');
    expect(await row('kb-snap').count()).toBe(0);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => row('golden').getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowRight');
    expect(await selectedName()).toBe('kb-snap');
    expect(await row('kb-snap').getAttribute('aria-level')).toBe('3');
    await page.keyboard.press('ArrowLeft');
    expect(await selectedName()).toBe('golden');
    await expectFocus(grid());
  });

  it('walks the restore-as-new wizard to its review and back; focus on each step’s field, and back on the opener', async () => {
    await page.keyboard.press('Enter');
    await expectFocus(page.getByRole('complementary', { name: 'Snapshot golden' }));
    const opener = panel().getByRole('button', { name: 'Restore as new VM' });
    await pressUntil('Tab', opener);
    await page.keyboard.press('Enter');
    await expectFocus(dialog().getByLabel('Name of the new VM'));
    await typeInto('kb-clone');
    await page.keyboard.press('Enter');
    await expectFocus(dialog().getByLabel('Virtual CPUs'));
    await page.keyboard.press('Enter');
    await expectFocus(dialog().getByLabel('Network'));
    await pressUntil('Tab', dialog().getByRole('button', { name: 'Next' }));
    await page.keyboard.press('Enter');
    await expectFocus(dialog().getByLabel(/Protect from removal/));
    await pressUntil('Tab', dialog().getByRole('button', { name: 'Next' }));
    await page.keyboard.press('Enter');
    await dialog().getByLabel('Review').waitFor();
    expect(await dialog().getByLabel('Review').textContent()).toContain('kb-clone');
    await expectFocus(dialog().getByLabel(/Start the new VM/));
    // Tab and Shift+Tab stay inside the dialog.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press(i < 6 ? 'Tab' : 'Shift+Tab');
      expect(await dialog().evaluate((d) => d.contains(document.activeElement)), await focusedDescription()).toBe(true);
    }
    await pressUntil('Tab', dialog().getByRole('button', { name: 'Back' }));
    await page.keyboard.press('Enter');
    await expectFocus(dialog().getByLabel(/Protect from removal/));
    await pressUntil('Tab', dialog().getByRole('button', { name: 'Back' }));
    await page.keyboard.press('Enter');
    await expectFocus(dialog().getByLabel('Network'));
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    await expectFocus(opener);
    expect(await page.locator('[data-vm-name="kb-clone"]').count()).toBe(0);
  });

  it('deletes the protected snapshot with Delete and its typed name; focus ends on the row that took its place', async () => {
    await page.keyboard.press('Escape');
    await panel().waitFor({ state: 'detached' });
    await expectFocus(grid());
    expect(await selectedName()).toBe('golden');
    await page.keyboard.press('Delete');
    const typed = dialog().getByLabel('Type “golden” to confirm');
    await expectFocus(typed);
    await page.keyboard.type('golden');
    await page.keyboard.press('Tab');
    await expectFocus(dialog().getByLabel(/will be deleted for good/));
    await page.keyboard.press(' ');
    await pressUntil('Tab', dialog().getByRole('button', { name: 'Delete', exact: true }));
    await page.keyboard.press('Enter');
    await dialog().waitFor({ state: 'detached', timeout: 20_000 });
    await expectFocus(grid());
    await expect.poll(() => row('golden').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(selectedName).toBe('kb-snap');
    await expectFocus(grid());
    expect(await grid().getAttribute('aria-activedescendant')).toBe(await row('kb-snap').getAttribute('id'));
    const left = await app.api.snapshots.list({});
    expect(left.ok && left.value.map((s) => s.name)).toEqual(['kb-snap']);
  });

  it('`?` shows the keys; Escape closes the help and focus is back on the list', async () => {
    await page.keyboard.press('?');
    await expectFocus(dialog().getByRole('button', { name: 'Close' }));
    expect(await dialog().getByRole('heading', { name: 'Keyboard shortcuts' }).count()).toBe(1);
    await app.screenshot('keyboard-help-en-light');
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    await expectFocus(grid());
    expect(app.pageErrors).toEqual([]);
  });
});
