import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useHosts, useSelectedHost } from '../../stores/hosts';
import { ensureHostData } from '../../stores/boot';
import { startSync } from '../../stores/sync';
import { useUi } from '../../stores/ui';
import { Toasts } from '../../ui/Toasts';
import { Sidebar } from '../sidebar/Sidebar';
import { HostNotice } from '../sidebar/HostNotice';
import { JobsDock } from '../jobs/JobsDock';
import { SnapshotBrowser } from '../snapshots/SnapshotBrowser';
import { AppHeader } from './AppHeader';
import { DialogHost } from './DialogHost';

// Not needed for the first paint of the list: loaded when first shown.
const SchedulesScreen = lazy(() => import('../schedules/SchedulesScreen').then((m) => ({ default: m.SchedulesScreen })));

export function App() {
  const { t } = useTranslation();
  const host = useSelectedHost();
  const view = useUi((s) => s.view);
  const open = useUi((s) => s.open);
  const vmFilter = useUi((s) => s.filters.vmUuid);
  const connected = host?.state === 'connected';
  const hostId = host?.id ?? null;
  const hostsLoading = useHosts((s) => s.load.status === 'idle' || s.load.status === 'loading');

  useEffect(() => startSync(), []);

  useEffect(() => {
    if (connected && hostId) ensureHostData(hostId);
  }, [connected, hostId]);

  let main;
  if (hostsLoading) main = <div className="empty" role="status"><p>{t('common.loading')}</p></div>;
  else if (!host || !connected) main = <HostNotice host={host} />;
  else if (view === 'schedules') main = <Suspense fallback={null}><SchedulesScreen host={host} /></Suspense>;
  else if (view === 'volumes') {
    main = (
      <SnapshotBrowser
        key="volumes"
        host={host}
        title={t('nav.volumes')}
        fixedKind="volume"
        emptyTitle={t('volume.emptyTitle')}
        emptyText={t('volume.emptyText')}
        actions={<button type="button" className="btn btn-primary" onClick={() => open({ type: 'createVolume', vmUuid: vmFilter || undefined })}>{t('volume.create')}</button>}
      />
    );
  } else {
    main = (
      <SnapshotBrowser
        key="snapshots"
        host={host}
        title={t('nav.snapshots')}
        emptyTitle={t('list.emptyTitle')}
        emptyText={t('list.emptyText')}
        actions={<button type="button" className="btn btn-primary" onClick={() => open({ type: 'create', vmUuid: vmFilter || undefined })}>{t('actions.create')}</button>}
      />
    );
  }

  return (
    <div className="app">
      <AppHeader />
      <Sidebar />
      <main className="main">{main}</main>
      <JobsDock />
      <DialogHost host={connected ? host : null} />
      <Toasts />
    </div>
  );
}
