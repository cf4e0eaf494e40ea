import { lazy, Suspense } from 'react';
import type { HostStatus } from '../../api/contract';
import { useUi } from '../../stores/ui';

// A dialog's code is fetched when it first opens: none of it is needed for the first paint.
const CreateSnapshotDialog = lazy(() => import('../create/CreateSnapshotDialog').then((m) => ({ default: m.CreateSnapshotDialog })));
const DeleteSnapshotDialog = lazy(() => import('../manage/DeleteSnapshotDialog').then((m) => ({ default: m.DeleteSnapshotDialog })));
const EditSnapshotDialog = lazy(() => import('../manage/EditSnapshotDialog').then((m) => ({ default: m.EditSnapshotDialog })));
const RestoreAsNewWizard = lazy(() => import('../restore/RestoreAsNewWizard').then((m) => ({ default: m.RestoreAsNewWizard })));
const RemoveVmDialog = lazy(() => import('../manage/RemoveVmDialog').then((m) => ({ default: m.RemoveVmDialog })));
const RestoreDialog = lazy(() => import('../restore/RestoreDialog').then((m) => ({ default: m.RestoreDialog })));
const CopyToHostDialog = lazy(() => import('../copies/CopyToHostDialog').then((m) => ({ default: m.CopyToHostDialog })));
const RemoveCopyDialog = lazy(() => import('../copies/RemoveCopyDialog').then((m) => ({ default: m.RemoveCopyDialog })));
const ImportDialog = lazy(() => import('../exports/ImportDialog').then((m) => ({ default: m.ImportDialog })));
const KeyboardHelpDialog = lazy(() => import('./KeyboardHelpDialog').then((m) => ({ default: m.KeyboardHelpDialog })));
const HostManagerDialog = lazy(() => import('../sidebar/HostManagerDialog').then((m) => ({ default: m.HostManagerDialog })));
const CreateVolumeSnapshotDialog = lazy(() => import('../volumes/VolumeDialogs').then((m) => ({ default: m.CreateVolumeSnapshotDialog })));
const ExtractVolumeDialog = lazy(() => import('../volumes/VolumeDialogs').then((m) => ({ default: m.ExtractVolumeDialog })));
const VolumeRestoreDialog = lazy(() => import('../volumes/VolumeDialogs').then((m) => ({ default: m.VolumeRestoreDialog })));

/** The one open dialog, if any (schedule dialogs live with their screen). */
export function DialogHost({ host }: { host: HostStatus | null }) {
  const dialog = useUi((s) => s.dialog);
  if (!dialog) return null;
  return <Suspense fallback={null}>{dialogFor(dialog, host)}</Suspense>;
}

function dialogFor(dialog: NonNullable<ReturnType<typeof useUi.getState>['dialog']>, host: HostStatus | null) {
  switch (dialog.type) {
    case 'help': return <KeyboardHelpDialog />;
    case 'hosts': return <HostManagerDialog />;
    case 'edit': return <EditSnapshotDialog snapshot={dialog.snapshot} />;
    case 'delete': return <DeleteSnapshotDialog snapshot={dialog.snapshot} />;
    case 'restore': return <RestoreDialog snapshot={dialog.snapshot} />;
    case 'restoreAsNew': return <RestoreAsNewWizard snapshot={dialog.snapshot} />;
    case 'removeVm': return <RemoveVmDialog vm={dialog.vm} />;
    case 'copyTo': return host ? <CopyToHostDialog vm={dialog.vm} host={host} /> : null;
    case 'import': return host ? <ImportDialog host={host} /> : null;
    case 'removeCopy': return <RemoveCopyDialog copy={dialog.copy} />;
    case 'volumeRestore': return <VolumeRestoreDialog snapshot={dialog.snapshot} />;
    case 'extractVolume': return <ExtractVolumeDialog snapshot={dialog.snapshot} />;
    case 'create': return host ? <CreateSnapshotDialog host={host} initialVmUuid={dialog.vmUuid} /> : null;
    case 'createVolume': return host ? <CreateVolumeSnapshotDialog host={host} initialVmUuid={dialog.vmUuid} /> : null;
    case 'schedule':
    case 'deleteSchedule':
      return null;
  }
}
