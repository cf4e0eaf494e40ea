import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/api';
import { useSubmit } from '../../ui/use-submit';
import type { HostStatus, Schedule } from '../../api/contract';
import { VM_SNAPSHOT_KINDS as VM_KINDS } from '../../../../shared/vocabulary';
import { Dialog } from '../../ui/Dialog';
import { Callout, Checkbox, FormActions, SelectField, TextField } from '../../ui/Field';
import { useHosts } from '../../stores/hosts';
import { useUi } from '../../stores/ui';
import { useHostVms } from '../../stores/vms';
import { draftFromSchedule, inputFromDraft, scheduleProblems, INTERVAL_UNITS, type IntervalUnit, type ScheduleDraft } from './schedule-rules';
import type { VmKind } from '../create/kind-rules';

/** The copy-host choice that reveals a URI field (no URI has a space). */
const OTHER_HOST = 'other host';

export function ScheduleDialog({ host, schedule, onSaved }: { host: HostStatus; schedule: Schedule | null; onSaved: () => void }) {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const toast = useUi((s) => s.toast);
  const vms = useHostVms(host.id);
  const [draft, setDraft] = useState<ScheduleDraft>(() => draftFromSchedule(schedule, vms[0]?.uuid ?? ''));
  const [attempted, setAttempted] = useState(false);
  const { busy, error, run } = useSubmit();
  const copyHosts = useHosts((s) => s.hosts).filter((h) => h.id !== host.id);
  // A URI typed here stays in its field while it is typed, even when it becomes a known host's.
  const [typedCopyTo, setTypedCopyTo] = useState(() => draft.copy && !copyHosts.some((h) => h.uri === draft.copyTo));
  const problems = scheduleProblems(draft, host.uri);
  const patch = (p: Partial<ScheduleDraft>) => setDraft((d) => ({ ...d, ...p }));
  const shown = (k: keyof typeof problems) => (attempted && problems[k] ? t(problems[k]) : null);
  const offered = VM_KINDS.filter((k) => host.capabilities?.kinds.includes(k) ?? true);
  const chooseCopyHost = (choice: string) => {
    setTypedCopyTo(choice === OTHER_HOST);
    patch(choice === OTHER_HOST ? { copy: true, copyTo: '' } : { copy: choice !== '', copyTo: choice });
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempted(true);
    if (Object.keys(problems).length) return;
    await run(async () => {
      const input = inputFromDraft(draft, host.id);
      if (schedule) await unwrap(api().schedules.update({ id: schedule.id, ...input }));
      else await unwrap(api().schedules.add(input));
      toast('success', t('toast.scheduleSaved'));
      onSaved();
      close();
    });
  }

  return (
    <Dialog title={schedule ? t('schedules.editTitle') : t('schedules.addTitle')} onClose={close} busy={busy} wide>
      <form className="stack" onSubmit={(e) => void submit(e)} aria-label={schedule ? t('schedules.editTitle') : t('schedules.addTitle')} noValidate>
        <div className="row-wrap">
          <SelectField label={t('create.vm')} value={draft.vmUuid} onChange={(vmUuid) => patch({ vmUuid })} options={vms.map((v) => ({ value: v.uuid, label: v.name }))} />
          <SelectField<VmKind> label={t('create.kind')} value={draft.kind} onChange={(kind) => patch({ kind })} options={offered.map((k) => ({ value: k, label: t(`kind.${k}.label`) }))} />
        </div>
        {shown('vmUuid') && <div className="field-error" role="alert">{shown('vmUuid')}</div>}
        <div className="choices" role="radiogroup" aria-label={t('schedules.trigger')}>
          {(['interval', 'cron'] as const).map((tr) => (
            <label key={tr} className="choice">
              <input type="radio" name="trigger" checked={draft.trigger === tr} onChange={() => patch({ trigger: tr })} />
              <span className="check-body"><strong>{t(`schedules.triggerKind.${tr}`)}</strong></span>
            </label>
          ))}
        </div>
        {draft.trigger === 'interval' ? (
          <div className="row-wrap">
            <TextField type="number" min={1} label={t('schedules.every')} value={draft.every} onChange={(every) => patch({ every })} error={shown('every')} />
            <SelectField<IntervalUnit> label={t('schedules.unit')} value={draft.unit} onChange={(unit) => patch({ unit })} options={(Object.keys(INTERVAL_UNITS) as IntervalUnit[]).map((u) => ({ value: u, label: t(`schedules.units.${u}`) }))} />
          </div>
        ) : (
          <TextField label={t('schedules.cron')} value={draft.cron} onChange={(cron) => patch({ cron })} error={shown('cron')} hint={t('schedules.cronHint')} />
        )}
        <TextField label={t('schedules.namePattern')} value={draft.namePattern} onChange={(namePattern) => patch({ namePattern })} error={shown('namePattern')} hint={t('schedules.namePatternHint')} />
        <div className="row-wrap">
          <TextField type="number" min={1} label={t('schedules.keepLast')} value={draft.keepLast} onChange={(keepLast) => patch({ keepLast })} error={shown('keepLast')} hint={t('schedules.blankNoLimit')} />
          <TextField type="number" min={1} label={t('schedules.maxAgeDays')} value={draft.maxAgeDays} onChange={(maxAgeDays) => patch({ maxAgeDays })} error={shown('maxAgeDays')} hint={t('schedules.blankNoLimit')} />
        </div>
        <Callout tone="info">{t('schedules.retentionNote')}</Callout>
        <SelectField
          label={t('schedules.copyTo')}
          value={typedCopyTo ? OTHER_HOST : draft.copy ? draft.copyTo : ''}
          onChange={chooseCopyHost}
          options={[
            { value: '', label: t('schedules.noCopy') },
            ...copyHosts.map((h) => ({ value: h.uri, label: h.name === h.uri ? h.uri : `${h.name} (${h.uri})` })),
            { value: OTHER_HOST, label: t('schedules.copyToOther') },
          ]}
          hint={t('schedules.copyToHint')}
        />
        {typedCopyTo && (
          <TextField label={t('schedules.copyToUri')} value={draft.copyTo} onChange={(copyTo) => patch({ copyTo })} error={shown('copyTo')} placeholder="qemu+ssh://user@backup/system" />
        )}
        {draft.copy && (
          <TextField type="number" min={1} label={t('schedules.copyKeep')} value={draft.copyKeep} onChange={(copyKeep) => patch({ copyKeep })} error={shown('copyKeep')} hint={t('schedules.copyKeepHint')} />
        )}
        <Checkbox label={t('schedules.enabled')} checked={draft.enabled} onChange={(enabled) => patch({ enabled })} />
        {error && <Callout tone="danger">{error}</Callout>}
        <FormActions>
          <button type="button" className="btn" onClick={close} disabled={busy}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={busy}>{t('common.save')}</button>
        </FormActions>
      </form>
    </Dialog>
  );
}
