import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api/error-text';
import { api, toApiError, unwrap } from '../../api/api';
import { useSubmit } from '../../ui/use-submit';
import type { HostStatus, Vm } from '../../api/contract';
import { Dialog } from '../../ui/Dialog';
import { Callout, Checkbox, FormActions, SelectField, TextField } from '../../ui/Field';
import { useHostVms } from '../../stores/vms';
import { runOperation } from '../../stores/operations';
import { useUi } from '../../stores/ui';
import { allVmKinds, defaultKind, kindVerdict, snapshotableDisks, type VmKind } from './kind-rules';
import { descriptionProblem as descriptionRule, nameProblem } from '../field-rules';
import { nameProblemText, problemText } from '../../api/problem-text';
import { useDefaultName } from './use-default-name';

export function CreateSnapshotDialog({ host, initialVmUuid }: { host: HostStatus; initialVmUuid?: string }) {
  const { t } = useTranslation();
  const vms = useHostVms(host.id);
  const close = useUi((s) => s.close);
  const [vmUuid, setVmUuid] = useState(initialVmUuid ?? vms[0]?.uuid ?? '');
  const vm = vms.find((v) => v.uuid === vmUuid) ?? null;

  return (
    <Dialog title={t('create.title')} onClose={close} wide>
      {vms.length === 0 ? (
        <Callout tone="info">{t('create.noVms')}</Callout>
      ) : (
        <SelectField label={t('create.vm')} value={vmUuid} onChange={setVmUuid} options={vms.map((v) => ({ value: v.uuid, label: `${v.name} — ${t(`vmState.${v.state}`)}` }))} />
      )}
      {vm && <CreateForm key={vm.uuid} host={host} vm={vm} onDone={close} />}
    </Dialog>
  );
}

function CreateForm({ host, vm, onDone }: { host: HostStatus; vm: Vm; onDone: () => void }) {
  const { t } = useTranslation();
  const caps = host.capabilities;
  const [kind, setKind] = useState<VmKind | null>(() => defaultKind(vm, caps));
  // The suggested name until the user types their own.
  const [typedName, setTypedName] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const allDisks = snapshotableDisks(vm);
  const [disks, setDisks] = useState<string[]>(allDisks);
  // Quiesce by default where a guest agent answers: the snapshot is then application-consistent.
  const [quiesce, setQuiesce] = useState(vm.guestAgent === true);
  const [protect, setProtect] = useState(false);
  const { busy, error, run } = useSubmit();
  // A kind this VM cannot take now, with the nearest one it can (its internal snapshots): one click away.
  const [nearest, setNearest] = useState<VmKind | null>(null);
  const suggested = useDefaultName(host.id, vm.uuid);

  const name = typedName ?? suggested;
  const nameTouched = typedName !== null;
  const problem = nameProblem(name);
  const showNameError = nameTouched && problem;
  const descriptionProblem = descriptionRule(description);
  const canSubmit = !busy && kind !== null && !problem && !descriptionProblem && disks.length > 0;

  async function send(orNearest: boolean) {
    if (!kind) return;
    const request = {
      hostId: host.id, vmUuid: vm.uuid, kind, name: name.trim(), description,
      disks: disks.length === allDisks.length ? undefined : disks,
      quiesce: kind === 'hot' ? quiesce : undefined,
      protect,
      ...(orNearest ? { orNearest: true } : {}),
    };
    await run(async () => {
      try {
        await runOperation(unwrap(api().snapshots.create(request)), (s) => t('toast.created', { name: s.name }));
      } catch (err) {
        const offered = toApiError(err);
        const other = offered.code === 'mixed_chain' ? offered.params.nearest : undefined;
        setNearest(other === 'memory' || other === 'cold' ? other : null);
        throw err;
      }
      onDone();
    });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (typedName === null) setTypedName(name);
    if (!canSubmit) return;
    setNearest(null);
    await send(false);
  }

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} aria-label={t('create.title')}>
      <TextField
        label={t('create.name')}
        value={name}
        onChange={setTypedName}
        error={showNameError ? nameProblemText(problem) : null}
        hint={t('create.nameHint')}
        autoFocus
      />
      <TextField label={t('create.description')} value={description} onChange={setDescription} multiline error={descriptionProblem ? problemText(descriptionProblem) : null} />
      <fieldset>
        <legend>{t('create.kind')}</legend>
        <div className="choices" role="radiogroup" aria-label={t('create.kind')}>
          {allVmKinds().map((k) => {
            const verdict = kindVerdict(k, vm, caps);
            return (
              <label key={k} className="choice">
                <input type="radio" name="kind" value={k} checked={kind === k} disabled={!verdict.ok} onChange={() => setKind(k)} />
                <span className="check-body">
                  <strong>{t(`kind.${k}.label`)}</strong>
                  <span className="field-hint">{t(`kind.${k}.explain`)}</span>
                  {!verdict.ok && <span className="field-hint choice-reason" data-testid={`kind-reason-${k}`}>{t(`create.reason.${verdict.reason}`, { vm: vm.name })}</span>}
                </span>
              </label>
            );
          })}
        </div>
        {caps?.storage === 'unavailable' && caps.storageError && <Callout tone="danger">{errorText(caps.storageError)}</Callout>}
        {kind === null && <Callout tone="warning">{t('create.noKind', { vm: vm.name, state: t(`vmState.${vm.state}`) })}</Callout>}
      </fieldset>
      {kind === 'hot' && !quiesce && (
        <Callout tone="warning" title={t('create.consistencyTitle')}>{t('create.consistencyWarning')}</Callout>
      )}
      {kind === 'hot' && (
        <Checkbox
          label={t('create.quiesce')}
          hint={vm.guestAgent ? t('create.quiesceHint') : t('create.noAgent', { vm: vm.name })}
          checked={quiesce}
          onChange={setQuiesce}
          disabled={!vm.guestAgent}
        />
      )}
      {allDisks.length > 0 && (
        <fieldset>
          <legend>{t('create.disks')}</legend>
          <div className="stack-sm">
            {allDisks.map((d) => {
              const info = vm.disks.find((x) => x.target === d);
              return (
                <Checkbox
                  key={d}
                  label={<>{d} <span className="muted mono">{info?.source ?? ''}</span></>}
                  checked={disks.includes(d)}
                  onChange={(on) => setDisks((prev) => (on ? [...prev, d] : prev.filter((x) => x !== d)))}
                />
              );
            })}
            {disks.length === 0 && <div className="field-error" role="alert">{t('create.noDisks')}</div>}
          </div>
        </fieldset>
      )}
      <Checkbox label={t('create.protect')} hint={t('create.protectHint')} checked={protect} onChange={setProtect} />
      {error && <Callout tone="danger">{error}</Callout>}
      {error && nearest && (
        <button type="button" className="btn" disabled={busy} onClick={() => void send(true)} data-testid="take-nearest">
          {t('create.takeNearest', { kind: t(`kind.${nearest}.short`) })}
        </button>
      )}
      <FormActions>
        <button type="button" className="btn" onClick={onDone} disabled={busy}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn-primary" disabled={!canSubmit}>{busy ? t('create.creating') : t('create.submit')}</button>
      </FormActions>
    </form>
  );
}
