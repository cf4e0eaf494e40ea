import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/api';
import { errorText } from '../../api/error-text';
import { Dialog } from '../../ui/Dialog';
import { Callout, FormActions, TextField } from '../../ui/Field';
import { HostStateDot } from '../../ui/Badges';
import { DEMO_URI, SESSION_URI, SYSTEM_URI, useHosts } from '../../stores/hosts';
import { useUi } from '../../stores/ui';
import { uriProblem } from '../field-rules';

type TestOutcome = { ok: true; version: string | null } | { ok: false; text: string };

/** Connections by URI: add (after an optional test), connect, remove. */
export function HostManagerDialog() {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const toast = useUi((s) => s.toast);
  const { hosts, add, remove, connect } = useHosts();
  const [uri, setUri] = useState('');
  const [name, setName] = useState('');
  const [outcome, setOutcome] = useState<TestOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const uriOk = uriProblem(uri) === null;

  async function test() {
    setBusy(true);
    try {
      const r = await unwrap(api().hosts.test({ uri: uri.trim() }));
      setOutcome(r.ok ? { ok: true, version: r.libvirtVersion } : { ok: false, text: r.error ? errorText(r.error) : t('hosts.testFailed') });
    } catch (e) {
      setOutcome({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!uriOk) return;
    setBusy(true);
    try {
      const h = await add(uri.trim(), name.trim() || undefined);
      toast('success', t('toast.hostAdded', { name: h.name }));
      setUri('');
      setName('');
      setOutcome(null);
    } catch (err) {
      setOutcome({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }

  async function doRemove(hostId: string) {
    try {
      await remove(hostId);
      setConfirmRemove(null);
    } catch (e) {
      toast('error', errorText(e));
    }
  }

  return (
    <Dialog title={t('hosts.title')} onClose={close} wide>
      <table className="table" aria-label={t('sidebar.hosts')}>
        <thead><tr><th>{t('hosts.name')}</th><th>{t('hosts.uri')}</th><th>{t('hosts.state')}</th><th><span className="visually-hidden">{t('columns.actions')}</span></th></tr></thead>
        <tbody>
          {hosts.map((h) => (
            <tr key={h.id}>
              <td>{h.name}</td>
              <td className="mono">{h.uri}</td>
              <td><span className="row"><HostStateDot state={h.state} />{t(`hostState.${h.state}`)}{h.libvirtVersion && <span className="faint">libvirt {h.libvirtVersion}</span>}</span></td>
              <td>
                <div className="row">
                  {h.state !== 'connected' && <button type="button" className="btn btn-sm" onClick={() => void connect(h.id)}>{t('hosts.connect')}</button>}
                  {confirmRemove === h.id ? (
                    <>
                      <button type="button" className="btn btn-sm btn-danger" onClick={() => void doRemove(h.id)}>{t('hosts.confirmRemove')}</button>
                      <button type="button" className="btn btn-sm" onClick={() => setConfirmRemove(null)}>{t('common.cancel')}</button>
                    </>
                  ) : (
                    <button type="button" className="btn btn-sm" onClick={() => setConfirmRemove(h.id)}>{t('hosts.remove')}</button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="stack" onSubmit={(e) => void submit(e)} aria-label={t('hosts.addTitle')}>
        <h3>{t('hosts.addTitle')}</h3>
        <div className="row-wrap">
          {[SYSTEM_URI, SESSION_URI, DEMO_URI].map((u) => (
            <button key={u} type="button" className="btn btn-sm" onClick={() => { setUri(u); setOutcome(null); }}>{u}</button>
          ))}
        </div>
        <TextField label={t('hosts.uri')} value={uri} onChange={(v) => { setUri(v); setOutcome(null); }} placeholder="qemu+ssh://admin@host/system" hint={t('hosts.uriHint')} error={uri && !uriOk ? t('hosts.uriInvalid') : null} autoFocus />
        <TextField label={t('hosts.nameOptional')} value={name} onChange={setName} />
        {outcome && (outcome.ok
          ? <Callout tone="success">{t('hosts.testOk', { version: outcome.version ?? '?' })}</Callout>
          : <Callout tone="danger">{outcome.text}</Callout>)}
        <FormActions>
          <button type="button" className="btn" disabled={!uriOk || busy} onClick={() => void test()}>{t('hosts.test')}</button>
          <button type="submit" className="btn btn-primary" disabled={!uriOk || busy}>{t('hosts.add')}</button>
        </FormActions>
      </form>
    </Dialog>
  );
}
