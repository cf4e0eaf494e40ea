import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { listsSnapshots, useHosts, useSelectedHost } from '../../stores/hosts';
import { ensureHostData } from '../../stores/boot';
import { useUi } from '../../stores/ui';
import { Toasts } from '../../ui/Toasts';
import { HOME_RANK, isTextEntry, keepFocus, useFocusHome } from '../../ui/focus';
import { Sidebar } from '../sidebar/Sidebar';
import { HostNotice } from '../sidebar/HostNotice';
import { JobsDock } from '../jobs/JobsDock';
import { SnapshotBrowser } from '../snapshots/SnapshotBrowser';
import { SNAPSHOT_LIST_ID } from '../snapshots/SnapshotTable';
import { AppHeader } from './AppHeader';
import { DialogHost } from './DialogHost';

// Not needed for the first paint of the list: loaded when first shown.
const SchedulesScreen = lazy(() => import('../schedules/SchedulesScreen').then((m) => ({ default: m.SchedulesScreen })));

const MAIN_ID = 'main';

/** The skip link's target: the snapshot list when it is shown, else the main area. */
function skipToContent(): void {
  (document.getElementById(SNAPSHOT_LIST_ID) ?? document.getElementById(MAIN_ID))?.focus();
}

export function App() {
  const { t } = useTranslation();
  const host = useSelectedHost();
  const view = useUi((s) => s.view);
  const open = useUi((s) => s.open);
  const vmFilter = useUi((s) => s.filters.vmUuid);
  const connected = host?.state === 'connected';
  // A host still connecting shows what the store holds; what needs libvirt waits for it.
  const listed = host !== null && listsSnapshots(host);
  const hostId = host?.id ?? null;
  const hostsLoading = useHosts((s) => s.load.status === 'idle' || s.load.status === 'loading');

  useEffect(() => keepFocus(), []);
  useFocusHome(HOME_RANK.main, () => document.getElementById(MAIN_ID));

  // `?` opens the keyboard help, unless it is typed into a field or a dialog is open.
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== '?' || e.isComposing || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTextEntry(e.target)) return;
      if (useUi.getState().dialog) return;
      e.preventDefault();
      open({ type: 'help' });
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [open]);

  useEffect(() => {
    if (listed && hostId) ensureHostData(hostId);
  }, [listed, hostId]);

  let main;
  if (hostsLoading) main = <div className="empty" role="status"><p>{t('common.loading')}</p></div>;
  else if (!host || !listed) main = <HostNotice host={host} />;
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
        actions={<button type="button" className="btn btn-primary" disabled={!connected} onClick={() => open({ type: 'createVolume', vmUuid: vmFilter || undefined })}>{t('volume.create')}</button>}
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
        actions={<button type="button" className="btn btn-primary" disabled={!connected} onClick={() => open({ type: 'create', vmUuid: vmFilter || undefined })}>{t('actions.create')}</button>}
      />
    );
  }

  const listShown = listed && !hostsLoading && view !== 'schedules';
  return (
    <div className="app">
      <a className="skip-link" href={`#${MAIN_ID}`} onClick={(e) => { e.preventDefault(); skipToContent(); }}>
        {listShown ? t('help.skipToList') : t('help.skipToMain')}
      </a>
      <AppHeader />
      <Sidebar />
      <main className="main" id={MAIN_ID} tabIndex={-1}>{main}</main>
      <JobsDock />
      <DialogHost host={connected ? host : null} />
      <Toasts />
    </div>
  );
}
