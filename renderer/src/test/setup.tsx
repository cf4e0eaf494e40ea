// Shared set-up for component specs: a fresh fake window.snapvisor, fresh stores, English.
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { setLang } from '../i18n';
import { useCopies } from '../stores/copies';
import { useHosts } from '../stores/hosts';
import { useJobs } from '../stores/jobs';
import { useSchedules } from '../stores/schedules';
import { useSnapshots } from '../stores/snapshots';
import { NO_FILTERS, useUi } from '../stores/ui';
import { useVms } from '../stores/vms';
import { HOST_ID, installFakeApi, type FakeApi } from './fake-api';

// happy-dom lays nothing out; the virtualized grid needs a viewport to render rows into.
for (const [prop, size] of [['clientHeight', 600], ['clientWidth', 1200]] as const) {
  const original = Object.getOwnPropertyDescriptor(window.HTMLElement.prototype, prop) ?? Object.getOwnPropertyDescriptor(window.Element.prototype, prop);
  Object.defineProperty(window.HTMLElement.prototype, prop, {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('grid-scroll') ? size : (original?.get?.call(this) as number | undefined) ?? 0;
    },
  });
}

export function resetStores(): void {
  useHosts.setState({ hosts: [], load: { status: 'idle' }, selectedHostId: null, chosen: false, connectErrors: {} });
  useVms.setState({ byHost: {}, loadByHost: {} });
  useSnapshots.setState({ byHost: {}, loadByHost: {} });
  useJobs.setState({ jobs: {}, bytes: {} });
  useCopies.setState({ byVm: {}, loadByVm: {} });
  useSchedules.setState({ byHost: {}, loadByHost: {} });
  useUi.setState({ view: 'snapshots', filters: NO_FILTERS, sort: { key: 'createdAt', dir: 'desc' }, treeView: false, selectedSnapshotId: null, detailOpen: true, dialog: null, toasts: [] });
}

/** Installs the fake, loads hosts, VMs and snapshots into the stores, then renders. */
export async function renderWithApi(
  ui: ReactElement,
  seed: Parameters<typeof installFakeApi>[0] = {},
  beforeLoad?: (api: FakeApi) => void,
): Promise<{ api: FakeApi; view: RenderResult }> {
  resetStores();
  setLang('en');
  const api = installFakeApi(seed);
  beforeLoad?.(api);
  await useHosts.getState().fetch();
  await useVms.getState().fetch(HOST_ID);
  await useSnapshots.getState().fetch(HOST_ID);
  const view = render(ui);
  return { api, view };
}
