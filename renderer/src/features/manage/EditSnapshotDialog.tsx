import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/api';
import { useSubmit } from '../../ui/use-submit';
import type { Snapshot } from '../../api/contract';
import { Dialog } from '../../ui/Dialog';
import { Callout, FormActions, TextField } from '../../ui/Field';
import { useSnapshots } from '../../stores/snapshots';
import { useUi } from '../../stores/ui';
import { descriptionProblem as descriptionRule, nameProblem as nameRule } from '../field-rules';
import { nameProblemText, problemText } from '../../api/problem-text';

export function EditSnapshotDialog({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const toast = useUi((s) => s.toast);
  const [name, setName] = useState(snapshot.name);
  const [description, setDescription] = useState(snapshot.description);
  const { busy, error, run } = useSubmit();
  const nameProblem = nameRule(name);
  const descriptionProblem = descriptionRule(description);
  const problem = nameProblem ?? descriptionProblem;
  const unchanged = name === snapshot.name && description === snapshot.description;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (problem || unchanged) return;
    await run(async () => {
      const updated = await unwrap(api().snapshots.edit({
        id: snapshot.id,
        ...(name !== snapshot.name ? { name: name.trim() } : {}),
        ...(description !== snapshot.description ? { description } : {}),
      }));
      useSnapshots.getState().patch(updated);
      toast('success', t('toast.edited', { name: updated.name }));
      close();
    });
  }

  return (
    <Dialog title={t('edit.title')} onClose={close} busy={busy}>
      <form className="stack" onSubmit={(e) => void submit(e)} aria-label={t('edit.title')}>
        <TextField label={t('create.name')} value={name} onChange={setName} error={nameProblem ? nameProblemText(nameProblem) : null} autoFocus />
        <TextField label={t('create.description')} value={description} onChange={setDescription} multiline error={descriptionProblem ? problemText(descriptionProblem) : null} />
        {error && <Callout tone="danger">{error}</Callout>}
        <FormActions>
          <button type="button" className="btn" onClick={close} disabled={busy}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={busy || Boolean(problem) || unchanged}>{t('common.save')}</button>
        </FormActions>
      </form>
    </Dialog>
  );
}
