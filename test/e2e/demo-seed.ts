// What the screen tests put on the demo host (test:///default) before the page loads, and the four
// looks (language × theme) they walk through.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { Result, SnapvisorApi } from '../../electron/ipc/contract';

export const VARIANTS = [
  { lang: 'en', theme: 'light' },
  { lang: 'en', theme: 'dark' },
  { lang: 'ko', theme: 'light' },
  { lang: 'ko', theme: 'dark' },
] as const;

export type Variant = (typeof VARIANTS)[number];

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code} ${JSON.stringify(r.error.params)}`);
  return r.value;
}

/** The demo host and its one VM, "test" (running). */
export async function demoVm(api: SnapvisorApi): Promise<{ hostId: string; vmUuid: string }> {
  const hostId = value(await api.hosts.list())[0]!.id;
  return { hostId, vmUuid: value(await api.vms.list({ hostId }))[0]!.uuid };
}

/** Memory snapshots of the demo VM, in this order (each the child of the one before). */
export async function createSnapshots(api: SnapvisorApi, specs: readonly { name: string; description?: string; protect?: boolean }[]): Promise<void> {
  const { hostId, vmUuid } = await demoVm(api);
  for (const s of specs) {
    value(await api.snapshots.create({ hostId, vmUuid, kind: 'memory', name: s.name, description: s.description ?? '', protect: s.protect ?? false }));
  }
}

/** Three snapshots (the first protected and described) and a schedule: every screen has content. */
export async function seedScreens(api: SnapvisorApi): Promise<void> {
  await createSnapshots(api, [{ name: 'before-upgrade', description: 'kernel 6.1 → 6.12', protect: true }, { name: 'after-upgrade' }, { name: 'nightly' }]);
  const { hostId, vmUuid } = await demoVm(api);
  value(await api.schedules.add({ hostId, vmUuid, kind: 'memory', intervalSeconds: 6 * 3600, keepLast: 7 }));
}

/** Reloads the page in this language and theme, and waits for the list's first row. */
export async function showVariant(page: Page, v: Variant): Promise<void> {
  await page.evaluate(([lang, theme]) => {
    localStorage.setItem('snapvisor.lang', lang);
    localStorage.setItem('snapvisor.theme', theme);
  }, [v.lang, v.theme] as const);
  await page.reload();
  await page.locator('[role="row"][data-snapshot-id]').first().waitFor({ timeout: 30_000 });
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(v.theme);
  expect(await page.evaluate(() => document.documentElement.lang)).toBe(v.lang);
}
