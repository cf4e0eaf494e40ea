// Export and import through the UI (issue 17 items 1 and 2), in Chromium over the real handlers
// and services on the demo host (test:///default). The system's file dialog is the one stand-in:
// app.pickFile answers paths this test chose, in a temp folder, as main's Electron dialog would.
// The test driver's snapshots are internal, which an export does not carry: the VM's export is
// refused, naming the VM, and so is one snapshot alone, leaving no file; a file without
// snapshots (made by hand here) checks out and its import is refused with nothing defined: what
// these tests check, as the services report it. Exports of real snapshots from the app are in
// test/remote/export-import.test.ts and the CLI's.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { blockingViolations } from './axe';
import { createSnapshots, demoVm } from './demo-seed';
import { startApp, type App } from './harness';
import { exportOf, manifestOf, save } from '../unit/services/exports/archive-kit';

let app: App;
let page: Page;
let dir: string;
let source: { hostId: string; vmUuid: string };
/** What the next file dialogs answer (null: cancelled), and what each was asked. */
const answers: (string | null)[] = [];
const asked: { mode: string; defaultName?: string }[] = [];

const dialog = () => page.getByRole('dialog');

async function vmNames(): Promise<string[]> {
  const r = await app.api.vms.list({ hostId: source.hostId });
  if (!r.ok) throw new Error(r.error.code);
  return r.value.map((v) => v.name);
}

describe('export and import in the app', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'snapvisor-e2e-export-'));
    app = await startApp({
      uri: 'test:///default',
      seed: (_s, api) => createSnapshots(api, [{ name: 'inside' }]),
      pickFile: async (r) => {
        asked.push(r);
        const path = answers.shift() ?? null;
        return path === null ? null : { path };
      },
    });
    page = app.page;
    source = await demoVm(app.api);
    await page.locator('[data-vm-name="test"]').click({ timeout: 30_000 });
  });
  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('asks the save dialog, refuses a VM with no snapshot an export carries as a failed job, and never replaces a file', async () => {
    const button = page.getByRole('button', { name: 'Export test with its snapshots to a file…' });
    answers.push(null);
    await button.click();
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('[aria-label="Export test with its snapshots to a file…"]')?.disabled);
    expect(await readdir(dir)).toEqual([]);

    const output = join(dir, 'test-export.tar');
    answers.push(output);
    await button.click();
    await page.getByRole('alert').filter({ hasText: 'Nothing to export from “test”: the VM has no snapshot an export can carry' }).waitFor({ timeout: 30_000 });
    expect(asked.map((a) => a.mode)).toEqual(['save', 'save']);
    expect(asked[1]!.defaultName).toMatch(/^test-\d{4}-\d{2}-\d{2}\.tar$/);
    expect(await readdir(dir)).toEqual([]);
    const jobs = await app.api.jobs.list();
    if (!jobs.ok) throw new Error(jobs.error.code);
    expect(jobs.value.filter((j) => j.operation === 'export').map((j) => j.state)).toEqual(['failed']);

    // A file that is there already: an export never replaces a file, and says so in a toast.
    await writeFile(output, 'mine');
    answers.push(output);
    await button.click();
    await page.getByRole('alert').filter({ hasText: `It already exists: ${output}; choose another name.` }).waitFor({ timeout: 30_000 });
    expect(await readdir(dir)).toEqual(['test-export.tar']);
    await rm(output);
  });

  it('offers no export of an internal snapshot, which main refuses too, leaving no file', async () => {
    await page.locator('[role="row"][data-snapshot-id]', { hasText: 'inside' }).click();
    const button = page.getByRole('button', { name: 'Export snapshot “inside” to a file…' });
    await button.waitFor();
    expect(await button.isDisabled()).toBe(true);
    const list = await app.api.snapshots.list({ hostId: source.hostId, vmUuid: source.vmUuid });
    if (!list.ok) throw new Error(list.error.code);
    const inside = list.value.find((s) => s.name === 'inside')!;
    const one = join(dir, 'one.tar');
    expect(await app.api.exports.exportVm({ ...source, snapshotId: inside.id, output: one })).toEqual({ ok: false, error: { code: 'export_snapshot_unsupported', params: { name: 'inside' } } });
    expect(existsSync(one)).toBe(false);
  });

  it('Import…: a file that is not an export is named as such; Check only reads the export; the import refuses a file without snapshots and defines nothing', async () => {
    const notes = join(dir, 'notes.txt');
    await writeFile(notes, 'not an export\n'.repeat(200));
    const before = await vmNames();

    const open = page.getByRole('button', { name: /^Import a VM from an export file onto .+…$/ });
    await open.focus();
    await page.keyboard.press('Enter');
    await dialog().waitFor();
    expect(await blockingViolations(page)).toEqual([]);
    answers.push(notes);
    await dialog().getByRole('button', { name: 'Choose file…' }).click();
    await dialog().getByText(notes).waitFor();
    await dialog().getByRole('checkbox', { name: /Check only/ }).check();
    await dialog().getByRole('button', { name: 'Check', exact: true }).click();
    await dialog().getByRole('alert').filter({ hasText: `This is not a Snapvisor export file: ${notes}` }).waitFor({ timeout: 30_000 });

    const output = save(join(dir, 'empty-export.tar'), await exportOf(manifestOf([]), []));
    answers.push(output);
    await dialog().getByRole('button', { name: 'Choose another file…' }).click();
    await dialog().getByText(output).waitFor();
    await dialog().getByRole('button', { name: 'Check', exact: true }).click();
    await dialog().getByText(/^The file is sound: VM “vm-1” from .+, 0 snapshot\(s\), 0 file\(s\), 0 B\.$/).waitFor({ timeout: 30_000 });
    expect(await vmNames()).toEqual(before);

    await dialog().getByRole('checkbox', { name: /Check only/ }).uncheck();
    const name = dialog().getByLabel('Name of the new VM (optional)');
    await name.fill('test');
    await dialog().getByText('A VM on this host already has this name.').waitFor();
    expect(await dialog().getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    await name.fill('imported');
    await dialog().getByRole('button', { name: 'Import', exact: true }).click();
    await dialog().getByRole('alert').filter({ hasText: 'The export file’s manifest.json is not valid: no snapshots' }).waitFor({ timeout: 30_000 });
    expect(await vmNames()).toEqual(before);
    expect(asked.slice(-2).map((a) => a.mode)).toEqual(['open', 'open']);
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    expect(app.pageErrors).toEqual([]);
  });
});
