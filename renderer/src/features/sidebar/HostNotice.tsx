import { useTranslation } from 'react-i18next';
import { errorText } from '../../api/error-text';
import type { HostStatus } from '../../api/contract';
import { DEMO_URI, SESSION_URI, hostFailure, isPermissionDenied, useHosts } from '../../stores/hosts';
import { useUi } from '../../stores/ui';

/** What to do when the selected host is not usable: connect, fix permissions, or try the demo host. */
export function HostNotice({ host }: { host: HostStatus | null }) {
  const { t } = useTranslation();
  const { hosts, connectErrors, connect, add } = useHosts();
  const toast = useUi((s) => s.toast);
  const hasDemo = hosts.some((h) => h.uri === DEMO_URI);

  async function addHost(uri: string) {
    try {
      const h = await add(uri);
      if (h.state !== 'connected') await connect(h.id);
    } catch (e) {
      toast('error', errorText(e));
    }
  }
  const demoButton = !hasDemo && (
    <button type="button" className="btn btn-primary" onClick={() => void addHost(DEMO_URI)}>{t('hosts.openDemo')}</button>
  );

  if (!host) {
    return (
      <div className="empty" role="status">
        <h2>{t('hosts.noneTitle')}</h2>
        <p>{t('hosts.noneText')}</p>
        <div className="row">{demoButton}</div>
      </div>
    );
  }
  if (host.state === 'connecting') {
    return <div className="empty" role="status"><p>{t('hosts.connecting', { name: host.name })}</p></div>;
  }
  const connectError = connectErrors[host.id];
  if (isPermissionDenied(host, connectError)) {
    return (
      <div className="empty" role="alert">
        <h2>{t('hosts.permissionTitle', { uri: host.uri })}</h2>
        <p>{t('hosts.permissionText')}</p>
        <pre className="callout callout-info mono" style={{ textAlign: 'left' }}>{'sudo usermod -aG libvirt $USER\n# ' + t('hosts.permissionRelogin')}</pre>
        <p className="muted">{t('hosts.permissionPolkit')}</p>
        <div className="row">
          {!hosts.some((h) => h.uri === SESSION_URI) && <button type="button" className="btn btn-primary" onClick={() => void addHost(SESSION_URI)}>{t('hosts.useSession')}</button>}
          <button type="button" className="btn" onClick={() => void connect(host.id)}>{t('common.retry')}</button>
        </div>
      </div>
    );
  }
  const failure = hostFailure(host, connectError);
  return (
    <div className="empty" role="alert">
      <h2>{t('hosts.unreachableTitle', { name: host.name })}</h2>
      <p>{failure ? errorText(failure) : t('hosts.disconnected')}</p>
      {/* A specific failure (SSH, the far side) says what to do itself; the daemon hint fits the rest. */}
      {(!failure || failure.code === 'host_unreachable') && <p className="muted">{t('hosts.unreachableHint')}</p>}
      <div className="row">
        <button type="button" className="btn" onClick={() => void connect(host.id)}>{t('hosts.connect')}</button>
        {demoButton}
      </div>
    </div>
  );
}
