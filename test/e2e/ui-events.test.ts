// One refresh per change: after a create, an edit and a delete through the UI, the list and the
// sidebar's count follow the services' change events; the page asks for no list, no VMs again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type App } from './harness';

let app: App;
let page: Page;

const dialog = () => page.getByRole('dialog');
const row = (name: string) => page.locator('[role="row"][data-snapshot-id]', { hasText: name });
const count = () => page.locator('[data-vm-name="test"] .count').textContent();
const reloads = (since: number) => app.requests.slice(since).filter((c) => c === 'snapshots.list' || c === 'vms.list');

describe('the page follows change events (test:///default)', () => {
  beforeAll(async () => {
    app = await startApp({ uri: 'test:///default' });
    page = app.page;
    await page.locator('[data-vm-name="test"]').waitFor({ timeout: 30_000 });
    await page.getByText('No snapshots yet').waitFor();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('creates, renames and deletes a snapshot without reloading the list or the VMs', async () => {
    const since = app.requests.length;
    await page.getByRole('button', { name: 'Take snapshot' }).first().click();
    await dialog().getByLabel('Name', { exact: true }).fill('from events');
    await dialog().getByRole('button', { name: 'Take snapshot' }).click();
    await expect.poll(() => row('from events').getByText('Ready').count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(count).toBe('1');

    await row('from events').click();
    await page.getByRole('complementary').getByRole('button', { name: 'Edit' }).click();
    await dialog().getByLabel('Name', { exact: true }).fill('renamed by events');
    await dialog().getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row('renamed by events').count()).toBe(1);

    await page.getByRole('complementary').getByRole('button', { name: 'Delete' }).click();
    await dialog().getByLabel(/will be deleted for good/).check();
    await dialog().getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => row('renamed by events').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(count).toBe('0');

    expect(app.requests.slice(since)).toEqual(expect.arrayContaining(['snapshots.create', 'snapshots.edit', 'snapshots.delete']));
    // Debounce window of the old refresh, to be sure none follows.
    await page.waitForTimeout(300);
    expect(reloads(since)).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
