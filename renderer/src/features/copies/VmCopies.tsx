// The copies of the VM shown (issue 16): one entry per host a copy of it is on, and the way to
// make a new one. Shown under the VM's summary when one VM is selected.
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api/error-text';
import type { HostStatus, Vm } from '../../api/contract';
import { useCopies, useVmCopies, vmKey } from '../../stores/copies';
import { useUi } from '../../stores/ui';
import { CopyEntry } from './CopyEntry';
import { useExport } from '../exports/use-export';

export function VmCopies({ vm, host }: { vm: Vm; host: HostStatus }) {
  const { t } = useTranslation();
  const headingId = useId();
  const copies = useVmCopies(host.id, vm.uuid);
  const load = useCopies((s) => s.loadByVm[vmKey(host.id, vm.uuid)]);
  const open = useUi((s) => s.open);
  const connected = host.state === 'connected';
  const exporting = useExport({ hostId: host.id, vm });

  useEffect(() => {
    void useCopies.getState().fetch(host.id, vm.uuid);
  }, [host.id, vm.uuid]);

  return (
    <section className="stack-sm vm-copies" aria-labelledby={headingId} data-testid="vm-copies">
      <div className="row">
        <h2 id={headingId} aria-label={t('copies.label', { vm: vm.name })}>{t('copies.title')}</h2>
        <span className="spacer" />
        <button type="button" className="btn btn-sm" disabled={!connected || exporting.busy} onClick={() => void exporting.start()} aria-label={t('exports.exportVmOf', { vm: vm.name })} title={t('exports.exportVmOf', { vm: vm.name })}>
          {t('exports.exportVm')}
        </button>
        <button type="button" className="btn btn-sm" disabled={!connected} onClick={() => open({ type: 'copyTo', vm })}>{t('copies.copyTo')}</button>
      </div>
      {load?.status === 'error' ? (
        <div className="callout callout-danger" role="alert">
          {t('copies.loadFailed')} {errorText(load.error)}
        </div>
      ) : copies.length > 0 ? (
        <ul className="copy-list">
          {copies.map((c) => <li key={c.id}><CopyEntry copy={c} connected={connected} /></li>)}
        </ul>
      ) : (
        <p className="muted" role="status">{!load || load.status === 'loading' ? t('copies.loading') : t('copies.none')}</p>
      )}
      {copies.length === 0 && load?.status === 'ready' && <p className="field-hint">{t('copies.intro', { vm: vm.name })}</p>}
    </section>
  );
}
