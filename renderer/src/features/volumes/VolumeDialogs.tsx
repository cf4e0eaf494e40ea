import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/api';
import { useSubmit } from '../../ui/use-submit';
import type { HostStatus, Snapshot } from '../../api/contract';
import { Dialog } from '../../ui/Dialog';
import { Callout, FormActions, SelectField, TextField } from '../../ui/Field';
import { runOperation } from '../../stores/operations';
import { useUi } from '../../stores/ui';
import { useHostVms } from '../../stores/vms';
import { descriptionProblem as descriptionRule, optionalNameProblem, resourceNameProblem } from '../field-rules';
import { nameProblemText, problemText } from '../../api/problem-text';
import { snapshotableDisks } from '../create/kind-rules';

/** Shared shell of the volume dialogs: a form that runs one operation and reports its error. */
function OperationForm<T>({ title, submitLabel, run, success, canSubmit, children, danger }: {
  title: string; submitLabel: string; run: () => Promise<T>; success: (v: T) => string;
  canSubmit: boolean; children: ReactNode; danger?: boolean;
}) {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const { busy, error, run: runSubmit } = useSubmit();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!canSubmit) return;
    await runSubmit(async () => {
      await runOperation(run(), success);
      close();
    });
  }

  return (
    <Dialog title={title} onClose={close} busy={busy}>
      <form className="stack" onSubmit={(e) => void submit(e)} aria-label={title}>
        {children}
        {error && <Callout tone="danger">{error}</Callout>}
        <FormActions>
          <button type="button" className="btn" onClick={close} disabled={busy}>{t('common.cancel')}</button>
          <button type="submit" className={danger ? 'btn btn-danger' : 'btn btn-primary'} disabled={busy || !canSubmit}>{submitLabel}</button>
        </FormActions>
      </form>
    </Dialog>
  );
}

export function CreateVolumeSnapshotDialog({ host, initialVmUuid }: { host: HostStatus; initialVmUuid?: string }) {
  const { t } = useTranslation();
  const vms = useHostVms(host.id);
  const [vmUuid, setVmUuid] = useState(initialVmUuid ?? vms[0]?.uuid ?? '');
  const vm = vms.find((v) => v.uuid === vmUuid);
  const disks = vm ? snapshotableDisks(vm) : [];
  const [disk, setDisk] = useState('');
  const chosenDisk = disks.includes(disk) ? disk : (disks[0] ?? '');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const nameProblem = optionalNameProblem(name);
  const descriptionProblem = descriptionRule(description);
  return (
    <OperationForm
      title={t('volume.createTitle')}
      submitLabel={t('create.submit')}
      canSubmit={Boolean(vm && chosenDisk) && !nameProblem && !descriptionProblem}
      run={() => unwrap(api().snapshots.createVolume({ hostId: host.id, vmUuid, disk: chosenDisk, ...(name.trim() ? { name: name.trim() } : {}), description }))}
      success={(s) => t('toast.created', { name: s.name })}
    >
      <SelectField label={t('create.vm')} value={vmUuid} onChange={setVmUuid} options={vms.map((v) => ({ value: v.uuid, label: v.name }))} />
      <SelectField label={t('volume.disk')} value={chosenDisk} onChange={setDisk} options={disks.map((d) => ({ value: d, label: d }))} />
      {vm?.state === 'running' && <Callout tone="warning" title={t('create.consistencyTitle')}>{t('volume.attachedWarning')}</Callout>}
      <TextField label={t('create.name')} value={name} onChange={setName} hint={t('volume.nameHint')} error={nameProblem ? nameProblemText(nameProblem) : null} />
      <TextField label={t('create.description')} value={description} onChange={setDescription} multiline error={descriptionProblem ? problemText(descriptionProblem) : null} />
    </OperationForm>
  );
}

export function VolumeRestoreDialog({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'inPlace' | 'asNew'>('asNew');
  const [newName, setNewName] = useState(`${snapshot.name}-volume`);
  const problem = mode === 'asNew' ? resourceNameProblem(newName) : null;
  return (
    <OperationForm
      title={t('volume.restoreTitle', { name: snapshot.name })}
      submitLabel={t('volume.restoreSubmit')}
      canSubmit={!problem}
      danger={mode === 'inPlace'}
      run={() => unwrap(api().snapshots.restoreVolume(mode === 'asNew' ? { id: snapshot.id, asNewName: newName.trim() } : { id: snapshot.id }))}
      success={(r) => t('toast.volumeRestored', { path: r.path })}
    >
      <Callout tone="info">{t('volume.sameSize')}</Callout>
      <div className="choices" role="radiogroup" aria-label={t('volume.restoreMode')}>
        {(['asNew', 'inPlace'] as const).map((m) => (
          <label key={m} className="choice">
            <input type="radio" name="mode" checked={mode === m} onChange={() => setMode(m)} />
            <span className="check-body"><strong>{t(`volume.mode.${m}`)}</strong><span className="field-hint">{t(`volume.modeExplain.${m}`)}</span></span>
          </label>
        ))}
      </div>
      {mode === 'asNew' && <TextField label={t('volume.newName')} value={newName} onChange={setNewName} error={problem ? nameProblemText(problem) : null} />}
      {mode === 'inPlace' && <Callout tone="warning">{t('volume.inPlaceWarning')}</Callout>}
    </OperationForm>
  );
}

export function ExtractVolumeDialog({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation();
  const targets = snapshot.disks.map((d) => d.target);
  const [disk, setDisk] = useState(targets[0] ?? '');
  const [name, setName] = useState('');
  const nameProblem = optionalNameProblem(name);
  return (
    <OperationForm
      title={t('volume.extractTitle')}
      submitLabel={t('volume.extractSubmit')}
      canSubmit={Boolean(disk) && !nameProblem}
      run={() => unwrap(api().snapshots.extractVolume({ id: snapshot.id, disk, ...(name.trim() ? { name: name.trim() } : {}) }))}
      success={(s) => t('toast.created', { name: s.name })}
    >
      <p className="muted">{t('volume.extractIntro', { name: snapshot.name })}</p>
      <SelectField label={t('volume.disk')} value={disk} onChange={setDisk} options={targets.map((d) => ({ value: d, label: d }))} />
      <TextField label={t('create.name')} value={name} onChange={setName} hint={t('volume.nameHint')} error={nameProblem ? nameProblemText(nameProblem) : null} />
    </OperationForm>
  );
}
