import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError, unwrap } from '../../api/api';
import { errorText } from '../../api/error-text';
import type { ApiError, DeletePlan, Snapshot } from '../../api/contract';
import { Dialog } from '../../ui/Dialog';
import { Callout, Checkbox, FormActions, TextField } from '../../ui/Field';
import { useSubmit } from '../../ui/use-submit';
import { nameConfirmed } from '../../../../shared/rules';
import { runOperation } from '../../stores/operations';
import { useHostSnapshots } from '../../stores/snapshots';
import { useUi } from '../../stores/ui';

/** Deletion: what goes with it, what moves, what refuses it; consent, and the typed name when protected. */
export function DeleteSnapshotDialog({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const closeDetail = useUi((s) => s.closeDetail);
  const hostRows = useHostSnapshots(snapshot.hostId);
  const [plan, setPlan] = useState<DeletePlan | null>(null);
  const [planError, setPlanError] = useState<ApiError | null>(null);
  const [consent, setConsent] = useState(false);
  const [typed, setTyped] = useState('');
  const { busy, error, run } = useSubmit();

  useEffect(() => {
    let live = true;
    unwrap(api().snapshots.deletePlan({ id: snapshot.id })).then(
      (p) => { if (live) setPlan(p); },
      (e: unknown) => { if (live) setPlanError(toApiError(e)); },
    );
    return () => { live = false; };
  }, [snapshot.id]);

  const newParent = plan?.newParentId ? (hostRows.find((r) => r.id === plan.newParentId)?.name ?? plan.newParentId) : null;
  const nameOk = !plan?.needsTypedName || nameConfirmed(typed, snapshot.name);
  const canDelete = Boolean(plan) && !plan?.blockedBy && consent && nameOk && !busy;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!canDelete || !plan) return;
    await run(async () => {
      const request = plan.needsTypedName ? { id: snapshot.id, confirmName: typed } : { id: snapshot.id };
      await runOperation(unwrap(api().snapshots.delete(request)), () => t('toast.deleted', { name: snapshot.name }));
      // The panel closes; the list selects the row that takes this one's place (SnapshotBrowser).
      closeDetail();
      close();
    });
  }

  return (
    <Dialog title={t('delete.title', { name: snapshot.name })} onClose={close} busy={busy}>
      {!plan && !planError && <p className="muted" role="status">{t('delete.planning')}</p>}
      {planError && <Callout tone="danger">{errorText(planError)}</Callout>}
      {plan && (
        <form className="stack" onSubmit={(e) => void submit(e)} aria-label={t('delete.title', { name: snapshot.name })}>
          {plan.blockedBy ? (
            <Callout tone="danger" title={t('delete.blocked')}>{errorText(plan.blockedBy)}</Callout>
          ) : (
            <Callout tone="warning" title={t('delete.irreversibleTitle')}>{t('delete.irreversible')}</Callout>
          )}
          <PlanList title={t('delete.dependents')} empty={t('delete.noDependents')} items={plan.dependents.map((d) => d.name)} testId="plan-dependents" />
          <PlanList
            title={t('delete.children')}
            empty={t('delete.noChildren')}
            items={plan.children.map((c) => t('delete.reparent', { child: c.name, parent: newParent ?? t('delete.noParent') }))}
            testId="plan-children"
          />
          {!plan.blockedBy && (
            <>
              {plan.needsTypedName && (
                <TextField
                  label={t('delete.typeName', { name: snapshot.name })}
                  hint={t('delete.protectedHint')}
                  value={typed}
                  onChange={setTyped}
                  error={typed && !nameOk ? t('delete.nameMismatch') : null}
                  autoFocus
                />
              )}
              <Checkbox label={t('delete.consent', { count: 1 + plan.dependents.length })} checked={consent} onChange={setConsent} />
            </>
          )}
          {error && <Callout tone="danger">{error}</Callout>}
          <FormActions>
            <button type="button" className="btn" onClick={close} disabled={busy}>{plan.blockedBy ? t('common.close') : t('common.cancel')}</button>
            {!plan.blockedBy && <button type="submit" className="btn btn-danger" disabled={!canDelete}>{busy ? t('delete.deleting') : t('delete.submit')}</button>}
          </FormActions>
        </form>
      )}
    </Dialog>
  );
}

function PlanList({ title, empty, items, testId }: { title: string; empty: string; items: string[]; testId: string }) {
  return (
    <div className="stack-sm" data-testid={testId}>
      <h3>{title}</h3>
      {items.length === 0 ? <p className="muted">{empty}</p> : <ul>{items.map((i) => <li key={i}>{i}</li>)}</ul>}
    </div>
  );
}
