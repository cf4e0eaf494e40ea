// Volume restore and extract through the UI on the demo host (test:///default), over the real
// handlers and services. The test driver's disks (/guest/diskimage1) are not files, so qemu-img
// cannot read them: every one of these operations is refused there, and what the user must get is
// that refusal inside the dialog they used, with nothing half-made. ui-kit.test.ts covers queued
// jobs on a real guest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { Result } from '../../electron/ipc/contract';
import { startApp, type App } from './harness';

let app: App;
let page: Page;
let hostId: string;
let vmUuid: string;

const dialog = () => page.getByRole('dialog');
const row = (name: string) => page.locator('[role="row"][data-snapshot-id]', { hasText: name });
const NOT_A_FILE = /qemu-img: Could not open '\/guest\/diskimage1'.*No such file or directory/;

async function select(name: string): Promise<Locator> {
  await row(name).click();
  const panel = page.getByRole('complementary');
  await expect.poll(() => panel.getByRole('heading', { level: 2 }).textContent()).toBe(name);
  return panel;
}

function first<T>(r: Result<T[]>): T {
  if (!r.ok || !r.value[0]) throw new Error(r.ok ? 'empty list' : r.error.code);
  return r.value[0];
}

async function volumeSnapshotNames(): Promise<string[]> {
  const r = await app.api.snapshots.list({ hostId, kind: 'volume', includeDependents: true });
  if (!r.ok) throw new Error(r.error.code);
  return r.value.map((s) => s.name).sort();
}

/** Submits the open dialog and expects main's refusal inside it: the dialog stays, the input is kept. */
async function expectRefusalInDialog(submit: string): Promise<string> {
  await dialog().getByRole('button', { name: submit }).click();
  const alert = dialog().getByRole('alert');
  await alert.waitFor({ timeout: 20_000 });
  const text = (await alert.textContent()) ?? '';
  expect(await dialog().count()).toBe(1);
  return text;
}

describe('volume restore and extract on the demo host', () => {
  beforeAll(async () => {
    app = await startApp({ uri: 'test:///default' });
    page = app.page;
    hostId = first(await app.api.hosts.list()).id;
    vmUuid = first(await app.api.vms.list({ hostId })).uuid;
    await page.locator('[data-vm-name="test"]').waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('takes a volume snapshot of one disk from the volume view', async () => {
    await page.getByRole('button', { name: 'Volume snapshots' }).click();
    await page.getByRole('button', { name: 'Take volume snapshot' }).first().click();
    await dialog().getByLabel('Disk', { exact: true }).selectOption('vda');
    await dialog().getByLabel('Name', { exact: true }).fill('data-before');
    await dialog().getByRole('button', { name: 'Take snapshot' }).click();
    await dialog().waitFor({ state: 'detached' });
    await expect.poll(() => row('data-before').getByText('Ready').count(), { timeout: 20_000 }).toBe(1);
    expect(await volumeSnapshotNames()).toEqual(['data-before']);
  });

  it('restoring it as a new volume is refused with the reason shown in the dialog, and no volume is made', async () => {
    const panel = await select('data-before');
    await panel.getByRole('button', { name: 'Restore volume' }).click();
    expect(await dialog().getByRole('radio', { name: /^Into a new volume/ }).isChecked()).toBe(true);
    await dialog().getByLabel('Name of the new volume').fill('');
    await dialog().getByText('Enter a name.').waitFor();
    expect(await dialog().getByRole('button', { name: 'Restore volume' }).isDisabled()).toBe(true);
    await dialog().getByLabel('Name of the new volume').fill('data-restored');
    expect(await expectRefusalInDialog('Restore volume')).toMatch(NOT_A_FILE);
    expect(await dialog().getByLabel('Name of the new volume').inputValue()).toBe('data-restored');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'detached' });
    expect(await volumeSnapshotNames()).toEqual(['data-before']);
    expect(app.pageErrors).toEqual([]);
  });

  it('restoring it in place warns first and, the VM running, is refused with the reason shown in the dialog', async () => {
    const panel = await select('data-before');
    await panel.getByRole('button', { name: 'Restore volume' }).click();
    await dialog().getByRole('radio', { name: /^Into the original disk/ }).check();
    await dialog().getByText('Everything written to the disk since the snapshot is lost.').waitFor();
    expect(await dialog().getByLabel('Name of the new volume').count()).toBe(0);
    expect(await expectRefusalInDialog('Restore volume')).toMatch(/not in the right state for this: it is running/);
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    // The attempt is in the snapshot's audit log, as failed.
    await panel.getByRole('tab', { name: 'Events' }).click();
    await expect.poll(() => panel.getByRole('cell', { name: 'failed' }).count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await panel.getByRole('tab', { name: 'Overview' }).click();
  });

  it('extracting a disk of a VM snapshot is refused with the reason shown in the dialog, and no volume snapshot appears', async () => {
    // Taken after the volume snapshot: the services refuse an external volume snapshot beside internal ones.
    const mem = await app.api.snapshots.create({ hostId, vmUuid, kind: 'memory', name: 'vm-snap' });
    expect(mem.ok).toBe(true);
    await page.getByRole('button', { name: 'Snapshots', exact: true }).click();
    const panel = await select('vm-snap');
    await panel.getByRole('button', { name: 'Extract volume' }).click();
    await dialog().getByText('Pick one disk of “vm-snap” to keep as a standalone volume snapshot.').waitFor();
    expect(await dialog().getByLabel('Disk', { exact: true }).inputValue()).toBe('vda');
    await dialog().getByLabel('Name', { exact: true }).fill('vda-kept');
    expect(await expectRefusalInDialog('Create volume snapshot')).toMatch(NOT_A_FILE);
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'detached' });
    expect(await volumeSnapshotNames()).toEqual(['data-before']);
    expect(await row('vda-kept').count()).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });
});
