import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/api';
import { useSubmit } from '../../ui/use-submit';
import type { AfterRevert, Snapshot } from '../../api/contract';
import { Dialog } from '../../ui/Dialog';
import { Callout, Checkbox, FormActions } from '../../ui/Field';
import { runOperation } from '../../stores/operations';
import { useUi } from '../../stores/ui';
import { useVms } from '../../stores/vms';

/** The states the VM may end in: memory snapshots resume (or stay paused or off); disk-only ones stay off or boot. */
export function afterStateChoices(snapshot: Snapshot): AfterRevert[] {
  return snapshot.kind === 'memory' ? ['running', 'paused', 'shutoff'] : ['shutoff', 'running'];
}

export function RestoreDialog({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const vm = useVms((s) => s.byHost[snapshot.hostId]?.find((v) => v.uuid === snapshot.vm.uuid) ?? null);
  const choices = afterStateChoices(snapshot);
  const [afterState, setAfterState] = useState<AfterRevert>(choices[0]!);
  const [safety, setSafety] = useState(true);
  const { busy, error, run } = useSubmit();

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const call = api().snapshots.revert({ id: snapshot.id, safetySnapshot: safety, afterState });
      await runOperation(unwrap(call), (r) => t('toast.restored', { vm: snapshot.vm.name, name: snapshot.name, state: t(`vmState.${r.vmState}`, { defaultValue: r.vmState }) }));
      close();
    });
  }

  return (
    <Dialog title={t('restore.title')} onClose={close} busy={busy} description={t('restore.intro', { vm: snapshot.vm.name, name: snapshot.name })}>
      <form className="stack" onSubmit={(e) => void submit(e)} aria-label={t('restore.title')}>
        <Callout tone="warning" title={t('restore.lossTitle')}>{t('restore.loss', { vm: snapshot.vm.name })}</Callout>
        {vm?.state === 'running' && snapshot.kind !== 'memory' && <Callout tone="info">{t('restore.willStop', { vm: vm.name })}</Callout>}
        <Checkbox label={t('restore.safety')} hint={t('restore.safetyHint')} checked={safety} onChange={setSafety} />
        <fieldset>
          <legend>{t('restore.afterState')}</legend>
          <div className="choices" role="radiogroup" aria-label={t('restore.afterState')}>
            {choices.map((c) => (
              <label key={c} className="choice">
                <input type="radio" name="after" value={c} checked={afterState === c} onChange={() => setAfterState(c)} />
                <span className="check-body">
                  <strong>{t(`restore.after.${c}`)}</strong>
                  <span className="field-hint">{t(`restore.afterExplain.${snapshot.kind === 'memory' ? 'memory' : 'disk'}.${c}`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        {error && <Callout tone="danger">{error}</Callout>}
        <FormActions>
          <button type="button" className="btn" onClick={close} disabled={busy}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? t('restore.restoring') : t('restore.submit')}</button>
        </FormActions>
      </form>
    </Dialog>
  );
}
