// What Snapvisor keeps on the host for the VM shown (its files and their size) and the layers of
// deleted snapshots still waiting to be merged: shown above the list when one VM is selected.
import { useTranslation } from 'react-i18next';
import type { Vm } from '../../api/contract';
import { formatBytes, formatNumber } from '../../format';
import { currentLang } from '../../i18n';

export function VmSummary({ vm }: { vm: Vm }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const files = vm.snapvisorFiles ?? 0;
  const pending = vm.pendingMerges ?? 0;
  return (
    <p className="muted" data-testid="vm-summary" aria-label={t('vmSummary.label', { vm: vm.name })}>
      {files === 0
        ? t('vmSummary.noFiles')
        : t('vmSummary.files', { count: files, size: formatBytes(vm.snapvisorBytes ?? 0, lang), files: formatNumber(files, lang) })}
      {pending > 0 && <> · <span title={t('vmSummary.pendingHint')}>{t('vmSummary.pending', { count: pending })}</span></>}
    </p>
  );
}
