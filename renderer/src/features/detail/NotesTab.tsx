import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/api';
import { errorText } from '../../api/error-text';
import type { Note } from '../../api/contract';
import { formatDate } from '../../format';
import { currentLang } from '../../i18n';
import { TextField } from '../../ui/Field';
import { noteProblem } from '../field-rules';
import { problemText } from '../../api/problem-text';

export function NotesTab({ snapshotId, notes, onAdded }: { snapshotId: string; notes: Note[] | null; onAdded: () => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const problem = noteProblem(text);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (problem) return;
    setBusy(true);
    try {
      await unwrap(api().snapshots.addNote({ id: snapshotId, text: text.trim() }));
      setText('');
      setError(null);
      onAdded();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      {notes === null ? <p className="muted" role="status">{t('common.loading')}</p> : notes.length === 0 ? <p className="muted">{t('detail.noNotes')}</p> : (
        <ul className="tree-list stack-sm">
          {notes.map((n) => (
            <li key={n.id} className="callout callout-info">
              <div className="faint">{formatDate(n.at, lang)}</div>
              <div style={{ whiteSpace: 'pre-wrap' }}>{n.text}</div>
            </li>
          ))}
        </ul>
      )}
      <form className="stack-sm" onSubmit={(e) => void submit(e)}>
        <TextField label={t('detail.addNote')} multiline value={text} onChange={setText} error={error ?? (problem && problem.reason !== 'empty' ? problemText(problem) : null)} />
        <div className="row"><span className="spacer" /><button type="submit" className="btn" disabled={busy || problem !== null}>{t('detail.saveNote')}</button></div>
      </form>
    </div>
  );
}
