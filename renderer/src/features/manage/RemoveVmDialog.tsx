import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError, unwrap } from '../../api/api';
import { errorText } from '../../api/error-text';
import type { ApiError, Vm, VmRemovalPlan } from '../../api/contract';
import { Dialog } from '../../ui/Dialog';
import { Callout, Checkbox, FormActions, TextField } from '../../ui/Field';
import { useSubmit } from '../../ui/use-submit';
import { nameConfirmed } from '../../../../shared/rules';
import { formatBytes } from '../../format';
import { currentLang } from '../../i18n';
import { runOperation } from '../../stores/operations';
import { useUi } from '../../stores/ui';

/**
 * Removing a VM Snapvisor made: one confirmation listing everything that goes (its files in
 * Snapvisor's pool, its snapshots, its NVRAM), what refuses it, and the typed name when protected.
 */
export function RemoveVmDialog({ vm }: { vm: Vm }) {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const [plan, setPlan] = useState<VmRemovalPlan | null>(null);
  const [planError, setPlanError] = useState<ApiError | null>(null);
  const [consent, setConsent] = useState(false);
  const [typed, setTyped] = useState('');
  const { busy, error, run } = useSubmit();
  const lang = currentLang();

  useEffect(() => {
    let live = true;
    unwrap(api().vms.removalPlan({ hostId: vm.hostId, vmUuid: vm.uuid })).then(
      (p) => { if (live) setPlan(p); },
      (e: unknown) => { if (live) setPlanError(toApiError(e)); },
    );
    return () => { live = false; };
  }, [vm.hostId, vm.uuid]);

  const nameOk = !plan?.needsTypedName || nameConfirmed(typed, vm.name);
  const canRemove = Boolean(plan) && !plan?.blockedBy && consent && nameOk && !busy;
  const title = t('removeVm.title', { name: vm.name });

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!canRemove || !plan) return;
    await run(async () => {
      const request = { hostId: vm.hostId, vmUuid: vm.uuid, ...(plan.needsTypedName ? { confirmName: typed } : {}) };
      await runOperation(unwrap(api().vms.remove(request)), () => t('toast.vmRemoved', { name: vm.name }));
      close();
    });
  }

  return (
    <Dialog title={title} onClose={close} busy={busy}>
      {!plan && !planError && <p className="muted" role="status">{t('removeVm.planning')}</p>}
      {planError && <Callout tone="danger">{errorText(planError)}</Callout>}
      {plan && (
        <form className="stack" onSubmit={(e) => void submit(e)} aria-label={title}>
          {plan.blockedBy ? (
            <Callout tone="danger" title={t('removeVm.blocked')}>{errorText(plan.blockedBy)}</Callout>
          ) : (
            <Callout tone="warning" title={t('delete.irreversibleTitle')}>{t('removeVm.irreversible')}</Callout>
          )}
          <div className="stack-sm" data-testid="removal-files">
            <h3>{t('removeVm.files')}</h3>
            {plan.files.length === 0 ? <p className="muted">{t('removeVm.noFiles')}</p>
              : <ul>{plan.files.map((f) => <li key={f.path}><code>{f.path}</code> · {formatBytes(f.bytes, lang)}</li>)}</ul>}
            {plan.nvram && <p><code>{plan.nvram}</code> · {t('removeVm.nvram')}</p>}
          </div>
          <div className="stack-sm" data-testid="removal-snapshots">
            <h3>{t('removeVm.snapshots')}</h3>
            {plan.snapshots.length === 0 ? <p className="muted">{t('removeVm.noSnapshots')}</p> : <ul>{plan.snapshots.map((s) => <li key={s.id}>{s.name}</li>)}</ul>}
          </div>
          {!plan.blockedBy && (
            <>
              {plan.needsTypedName && (
                <TextField
                  label={t('delete.typeName', { name: vm.name })}
                  hint={t('removeVm.protectedHint')}
                  value={typed}
                  onChange={setTyped}
                  error={typed && !nameOk ? t('delete.nameMismatch') : null}
                  autoFocus
                />
              )}
              <Checkbox label={t('removeVm.consent')} checked={consent} onChange={setConsent} />
            </>
          )}
          {error && <Callout tone="danger">{error}</Callout>}
          <FormActions>
            <button type="button" className="btn" onClick={close} disabled={busy}>{plan.blockedBy ? t('common.close') : t('common.cancel')}</button>
            {!plan.blockedBy && <button type="submit" className="btn btn-danger" disabled={!canRemove}>{busy ? t('removeVm.removing') : t('removeVm.submit')}</button>}
          </FormActions>
        </form>
      )}
    </Dialog>
  );
}
