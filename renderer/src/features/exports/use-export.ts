// "Export…" on a VM or a snapshot: the save dialog (suggesting `<vm>-<date>.tar`), then
// exports.exportVm. The export runs as a job, so the dock shows its bytes and rate and offers
// Cancel (a cancelled or failed export leaves no file); its outcome is a toast.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/api';
import { errorText } from '../../api/error-text';
import { formatBytes } from '../../format';
import { currentLang } from '../../i18n';
import { useUi } from '../../stores/ui';
import { exportFileName } from './export-rules';

export interface ExportTarget {
  hostId: string;
  vm: { name: string; uuid: string };
  /** One snapshot alone; absent: the VM with its whole snapshot tree. */
  snapshotId?: string;
}

export function useExport(target: ExportTarget): { busy: boolean; start: () => Promise<void> } {
  const { t } = useTranslation();
  const toast = useUi((s) => s.toast);
  const [busy, setBusy] = useState(false);
  const { hostId, vm, snapshotId } = target;

  const start = useCallback(async () => {
    setBusy(true);
    try {
      const picked = await unwrap(api().app.pickFile({ mode: 'save', defaultName: exportFileName(vm.name, new Date()) }));
      if (!picked) return;
      const done = await unwrap(api().exports.exportVm({ hostId, vmUuid: vm.uuid, output: picked.path, ...(snapshotId ? { snapshotId } : {}) }));
      const size = formatBytes(done.bytes, currentLang());
      toast('success', t('toast.exported', { vm: done.vm.name, count: done.snapshots, size, file: done.file })
        + (done.skipped.length > 0 ? ` ${t('toast.exportSkipped', { count: done.skipped.length })}` : ''));
    } catch (e) {
      toast('error', errorText(e));
    } finally {
      setBusy(false);
    }
  }, [hostId, vm.name, vm.uuid, snapshotId, t, toast]);

  return { busy, start };
}
