// The UI on the real daemon: a kit guest on qemu:///system, running. A memory snapshot taken
// through the create dialog shows its job in the dock while it runs; restoring it brings the
// guest back running; restoring it as a new VM onto a network of the test's own adds that VM to
// the sidebar, with its interface on that network.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { isolatedNetworkXml, parseDomainXml, type Connection, type Network } from '../../native';
import { GUEST_PREFIX, cleanupGuests, createGuest, openSystem, type Guest } from '../guest/kit';
import { startApp, type App } from './harness';

let app: App;
let page: Page;
let conn: Connection;
let guest: Guest;
let net: Network | undefined;
const netName = `${GUEST_PREFIX}uinet-${randomBytes(3).toString('hex')}`;

const dialog = () => page.getByRole('dialog');
const row = (name: string) => page.locator('[role="row"][data-snapshot-id]', { hasText: name });
const vmItem = (name: string) => page.locator(`[data-vm-name="${name}"]`);

describe('UI on qemu:///system with a kit guest', () => {
  beforeAll(async () => {
    conn = await openSystem();
    guest = await createGuest(conn, { label: 'ui', memoryMiB: 256 });
    net = conn.defineNetwork(isolatedNetworkXml({ name: netName }));
    await net.start();
    await guest.start();
    await guest.waitForTick(3);
    app = await startApp({ uri: 'qemu:///system' });
    page = app.page;
    await vmItem(guest.name).waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    try {
      await app?.close();
    } finally {
      if (net && !net.closed) {
        if (net.isActive()) await net.destroy();
        net.undefine();
        net.close();
      }
      await cleanupGuests();
      conn?.close();
    }
  });

  it('takes a memory snapshot through the dialog and shows its job while it runs', async () => {
    await vmItem(guest.name).click();
    await page.getByRole('button', { name: 'Take snapshot' }).first().click();
    await dialog().getByLabel('VM', { exact: true }).selectOption({ label: `${guest.name} — running` });
    await dialog().getByRole('radio', { name: /^Memory/ }).check();
    await dialog().getByLabel('Name', { exact: true }).fill('ui kit memory');
    await dialog().getByRole('button', { name: 'Take snapshot' }).click();
    // The job is in the dock (with a progress bar) or, on a fast host, already reported done.
    await expect.poll(async () => (await page.getByTestId('job').count()) > 0 || (await page.getByText('Snapshot “ui kit memory” is ready.').count()) > 0, { timeout: 60_000 }).toBe(true);
    if (await page.getByTestId('job').count()) {
      expect(await page.getByTestId('job').first().getByRole('progressbar').count()).toBe(1);
      await app.screenshot('job-progress-en-light');
    }
    await expect.poll(() => row('ui kit memory').getByText('Ready').count(), { timeout: 180_000 }).toBe(1);
    expect(app.pageErrors).toEqual([]);
  });

  it('a job behind another on the same VM waits with its reason shown, and can be cancelled from the dock', async () => {
    const hostId = (await app.services.hosts.list()).find((h) => h.uri === 'qemu:///system')!.id;
    const take = (name: string) => app.services.snapshots.create({ hostId, vmUuid: guest.uuid, kind: 'memory', name });
    // Four snapshots ahead of it keep the last one queued for as long as they all take.
    const ahead = ['a', 'b', 'c', 'd'].map((n) => take(`ui kit queue ${n}`));
    const last = take('ui kit queue last').then(() => 'done', (e: unknown) => (e as { code?: string }).code);
    const queued = () => app.services.jobs.list().filter((j) => j.state === 'queued' && j.vmUuid === guest.uuid);
    await expect.poll(() => queued().length, { timeout: 30_000 }).toBe(4);
    const job = queued()[3]!;
    const docked = page.locator(`[data-job-id="${job.id}"]`);
    await docked.waitFor({ timeout: 30_000 });
    expect(await docked.getAttribute('data-job-state')).toBe('queued');
    expect(await docked.textContent()).toContain(`Waiting for “Taking snapshot” on ${guest.name} to finish`);
    await app.screenshot('job-queued-en-light');
    await docked.getByRole('button', { name: 'Cancel' }).click();
    expect(await last).toBe('job_cancelled');
    await docked.waitFor({ state: 'detached', timeout: 30_000 });
    await Promise.all(ahead);
    await expect.poll(() => row('ui kit queue d').getByText('Ready').count(), { timeout: 60_000 }).toBe(1);
    expect(await row('ui kit queue last').count()).toBe(0);
  });

  it('restores the memory snapshot in place: the guest resumes running', async () => {
    const ticksBefore = guest.console().ticks.length;
    await row('ui kit memory').click();
    await page.getByRole('complementary').getByRole('button', { name: 'Restore', exact: true }).click();
    expect(await dialog().getByRole('radio', { name: /^Running/ }).isChecked()).toBe(true);
    await dialog().getByLabel(/safety snapshot first/).uncheck();
    await dialog().getByRole('button', { name: 'Restore', exact: true }).click();
    await page.getByText(/was restored to “ui kit memory”/).waitFor({ timeout: 180_000 });
    await expect.poll(() => vmItem(guest.name).getByRole('img', { name: 'running' }).count(), { timeout: 30_000 }).toBe(1);
    await guest.waitForMoreTicks(ticksBefore, 3);
  });

  it('restores it as a new VM on the chosen network; it appears in the sidebar with its interface there', async () => {
    const name = `${guest.name}-clone`;
    await row('ui kit memory').click();
    await page.getByRole('complementary').getByRole('button', { name: 'Restore as new VM' }).click();
    await dialog().getByLabel('Name of the new VM').fill(name);
    for (let i = 0; i < 2; i++) await dialog().getByRole('button', { name: 'Next' }).click();
    const network = dialog().getByLabel('Network');
    expect(await network.locator('option').allTextContents()).toContain(netName);
    await network.selectOption(netName);
    // Past the extra settings (none given: no seed) to the review.
    for (let i = 0; i < 2; i++) await dialog().getByRole('button', { name: 'Next' }).click();
    await dialog().getByRole('button', { name: 'Create VM' }).click();
    try {
      await vmItem(name).waitFor({ timeout: 120_000 });
      const dom = conn.lookupDomainByName(name);
      expect(parseDomainXml(dom.xml()).interfaces).toEqual([expect.objectContaining({ type: 'network', source: netName, model: 'virtio' })]);
      dom.close();
    } finally {
      // The clone is not a kit guest: remove it here (its disks live in the app's temp data dir).
      try {
        const dom = conn.lookupDomainByName(name);
        if (dom.isActive()) await dom.destroy();
        dom.undefine(0);
        dom.close();
      } catch { /* never created */ }
    }
  });
});
