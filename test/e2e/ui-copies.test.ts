// A VM's copies on another host through the UI (issue 16 items 1 and 4), in Chromium over the real
// handlers and services. Source: the demo host (test:///default); target: a second test-driver
// host, a node file of our own (test:///…/node.xml), so the two URIs differ as copies need. The
// test driver has internal snapshots only, which a copy does not carry: a refresh there sends
// nothing and defines no copy VM, but it does make the copy's record, adds the target to the known
// hosts and can be verified and removed; that is what these tests check, as the services report it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CopyInfo } from '../../shared/model';
import { blockingViolations } from './axe';
import { createSnapshots, demoVm } from './demo-seed';
import { startApp, type App } from './harness';

const NODE = `<node>
  <domain type='test'><name>other</name><memory>1048576</memory><os><type>hvm</type></os></domain>
  <pool type='dir'><name>default-pool</name><target><path>/default-pool</path></target></pool>
</node>
`;

let app: App;
let page: Page;
let dir: string;
let target: string;
let source: { hostId: string; vmUuid: string };

const dialog = () => page.getByRole('dialog');
const copiesSection = () => page.getByRole('region', { name: 'Copies of test on other hosts' });
const entry = () => copiesSection().getByRole('article', { name: `Copy on ${target}` });

async function copies(): Promise<CopyInfo[]> {
  const r = await app.api.copies.list(source);
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
}

describe('copies of a VM on another host, in the app', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'snapvisor-e2e-copy-'));
    await writeFile(join(dir, 'node.xml'), NODE);
    target = `test://${join(dir, 'node.xml')}`;
    app = await startApp({ uri: 'test:///default', seed: (_s, api) => createSnapshots(api, [{ name: 'before-copy' }]) });
    page = app.page;
    source = await demoVm(app.api);
    await page.locator('[data-vm-name="test"]').click({ timeout: 30_000 });
    await copiesSection().getByText('No copies yet.').waitFor();
  });
  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the dialog refuses the VM’s own host before asking main, then copies to the typed URI as a job', async () => {
    await copiesSection().getByRole('button', { name: 'Copy to another host…' }).click();
    await dialog().waitFor();
    // Only the demo host is known: the one choice is to type a URI.
    expect(await dialog().getByLabel('Target host', { exact: true }).inputValue()).toBe('');
    const uri = dialog().getByLabel('Connection URI of the target host');
    await uri.fill('test:///default');
    await dialog().getByText('This is the host test runs on: a copy must go to another host.').waitFor();
    expect(await dialog().getByRole('button', { name: 'Copy', exact: true }).isDisabled()).toBe(true);
    expect(await blockingViolations(page)).toEqual([]);
    await uri.fill(target);
    await dialog().getByLabel('Keep on the target (newest N snapshots)').fill('2');
    await dialog().getByRole('button', { name: 'Copy', exact: true }).click();
    await dialog().waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByRole('status').filter({ hasText: `The copy of test on ${target} is up to date: 0 B sent.` }).waitFor({ timeout: 30_000 });

    // It ran as jobs (on the source VM and on the copy VM), as the job dock shows them.
    const jobs = await app.api.jobs.list();
    if (!jobs.ok) throw new Error(jobs.error.code);
    expect(jobs.value.filter((j) => j.operation === 'copy-refresh').map((j) => j.state)).toEqual(['succeeded', 'succeeded']);

    const [made] = await copies();
    expect(made).toMatchObject({ target: { uri: target }, keep: 2, snapshotCount: 0, lastBytesSent: 0, lastError: null });
    expect(made!.refreshedAt).not.toBeNull();
    // The page follows the refresh's change event: the copy as main lists it.
    await entry().waitFor({ timeout: 20_000 });
    const text = (await entry().textContent()) ?? '';
    expect(text).toContain(made!.copyVm.name);
    expect(text).toContain('0 snapshots · keeps the newest 2');
    expect(text).toContain('0 B');
    // The target became a known host.
    expect(await page.getByRole('navigation').locator(`[title="${target}"]`).count()).toBe(1);
    expect(await blockingViolations(page)).toEqual([]);
  });

  it('verifies the copy: nothing was sent, so there is nothing to read back', async () => {
    await entry().getByRole('button', { name: `Verify copy on ${target}` }).click();
    expect(await entry().getByTestId('verify-outcome').textContent()).toBe(`Read back from ${target}: the copy holds no files yet.`);
  });

  it('refreshes it from its entry; a refresh to the VM’s own host is refused with the shared error text', async () => {
    const before = (await copies())[0]!.refreshedAt!;
    await entry().getByRole('button', { name: `Refresh copy on ${target}` }).click();
    await expect.poll(async () => (await copies())[0]!.refreshedAt! > before, { timeout: 20_000 }).toBe(true);
    const r = await app.api.copies.refresh({ ...source, to: 'test:///default' });
    expect(r).toMatchObject({ ok: false, error: { code: 'copy_same_host' } });
  });

  it('removes it after a confirmation naming the copy VM and the target', async () => {
    const { copyVm } = (await copies())[0]!;
    await entry().getByRole('button', { name: `Remove copy on ${target}…` }).click();
    await dialog().waitFor();
    expect(await dialog().textContent()).toContain(`The copy VM “${copyVm.name}” on ${target} is removed`);
    expect(await blockingViolations(page)).toEqual([]);
    await dialog().getByRole('button', { name: 'Remove copy' }).click();
    await dialog().waitFor({ state: 'detached', timeout: 30_000 });
    await copiesSection().getByText('No copies yet.').waitFor({ timeout: 20_000 });
    expect(await copies()).toEqual([]);
  });

  it('left no page errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
