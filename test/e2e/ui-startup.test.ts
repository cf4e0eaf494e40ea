// Start-up as the app starts (connectHosts 'background'): the page shows the list from the store
// while the host is still connecting, and what connecting and reconcile change arrives as events
// that update the list in place. The host is a test-driver node file that is a named pipe: it
// connects when the test writes it, here without each VM's newest snapshot.
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type App } from './harness';
import { pendingTestDriverNode, seedFixtureStore, type PendingNode } from '../fixtures/test-driver-node';

let app: App;
let page: Page;
let node: PendingNode | undefined;

const row = (name: string) => page.locator('[role="row"][data-snapshot-id]', { hasText: name });
const newest = ['bench0-snap-00002', 'bench1-snap-00002'];

describe('start-up: the stored list first, the host and reconcile afterwards', () => {
  beforeAll(async () => {
    app = await startApp({
      connectHosts: 'background',
      prepare: ({ dbPath }) => {
        node = pendingTestDriverNode(dirname(dbPath));
        seedFixtureStore(dbPath, node.uri, { domains: 2, snapshots: 3 });
      },
    });
    page = app.page;
  });
  afterAll(async () => {
    // A host still waiting is answered, so the services can close.
    await node?.answer({ domains: 2, snapshots: 2 });
    await app?.close();
  });

  it('lists the stored snapshots while the host connects, then shows what reconcile found without a reload', async () => {
    await page.getByTestId('row-count').filter({ hasText: '6 of 6' }).waitFor({ timeout: 30_000 });
    expect(app.services.hosts.list()).toMatchObject([{ state: 'connecting' }]);
    expect(await page.getByTestId('host-connecting').textContent()).toBe('Connecting to Benchmark fixture…');
    for (const name of newest) expect(await row(name).getByText('Ready').count()).toBe(1);
    // Taking a snapshot needs the host: offered once it is connected.
    expect(await page.getByRole('button', { name: 'Take snapshot' }).first().isDisabled()).toBe(true);
    await page.evaluate(() => { (window as unknown as { sameLoad: boolean }).sameLoad = true; });

    await node!.answer({ domains: 2, snapshots: 2 });
    for (const name of newest) await expect.poll(() => row(name).getByText('Missing').count(), { timeout: 20_000 }).toBe(1);
    await page.getByTestId('host-connecting').waitFor({ state: 'detached' });
    await page.locator('[data-vm-name="bench1"]').waitFor();
    expect(await page.getByRole('button', { name: 'Take snapshot' }).first().isDisabled()).toBe(false);
    expect(await row('bench0-snap-00001').getByText('Ready').count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { sameLoad?: boolean }).sameLoad)).toBe(true);
    expect(app.pageErrors).toEqual([]);
  });
});
