import type { HostStatus } from '../../api/contract';
import { useUi } from '../../stores/ui';
import { CreateSnapshotDialog } from '../create/CreateSnapshotDialog';
import { DeleteSnapshotDialog } from '../manage/DeleteSnapshotDialog';
import { EditSnapshotDialog } from '../manage/EditSnapshotDialog';
import { RestoreAsNewWizard } from '../restore/RestoreAsNewWizard';
import { RestoreDialog } from '../restore/RestoreDialog';
import { HostManagerDialog } from '../sidebar/HostManagerDialog';
import { CreateVolumeSnapshotDialog, ExtractVolumeDialog, VolumeRestoreDialog } from '../volumes/VolumeDialogs';

/** The one open dialog, if any (schedule dialogs live with their screen). */
export function DialogHost({ host }: { host: HostStatus | null }) {
  const dialog = useUi((s) => s.dialog);
  if (!dialog) return null;
  switch (dialog.type) {
    case 'hosts': return <HostManagerDialog />;
    case 'edit': return <EditSnapshotDialog snapshot={dialog.snapshot} />;
    case 'delete': return <DeleteSnapshotDialog snapshot={dialog.snapshot} />;
    case 'restore': return <RestoreDialog snapshot={dialog.snapshot} />;
    case 'restoreAsNew': return <RestoreAsNewWizard snapshot={dialog.snapshot} />;
    case 'volumeRestore': return <VolumeRestoreDialog snapshot={dialog.snapshot} />;
    case 'extractVolume': return <ExtractVolumeDialog snapshot={dialog.snapshot} />;
    case 'create': return host ? <CreateSnapshotDialog host={host} initialVmUuid={dialog.vmUuid} /> : null;
    case 'createVolume': return host ? <CreateVolumeSnapshotDialog host={host} initialVmUuid={dialog.vmUuid} /> : null;
    case 'schedule':
    case 'deleteSchedule':
      return null;
  }
}
