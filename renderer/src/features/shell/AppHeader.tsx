import { useTranslation } from 'react-i18next';
import { currentLang, setLang, type Lang } from '../../i18n';
import { useUi, type Theme, type View } from '../../stores/ui';
import { FailedSchedulesBadge } from '../schedules/FailedSchedulesBadge';

const VIEWS: View[] = ['snapshots', 'volumes', 'schedules'];
const THEMES: Theme[] = ['system', 'light', 'dark'];

export function AppHeader() {
  const { t } = useTranslation();
  const view = useUi((s) => s.view);
  const setView = useUi((s) => s.setView);
  const theme = useUi((s) => s.theme);
  const setTheme = useUi((s) => s.setTheme);
  const open = useUi((s) => s.open);
  const lang = currentLang();
  const nextTheme = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length]!;

  return (
    <header className="app-header">
      <div className="brand"><span className="brand-mark" aria-hidden="true" />Snapvisor</div>
      <nav className="nav" aria-label={t('nav.label')}>
        {VIEWS.map((v) => (
          <button key={v} type="button" className="nav-item" aria-current={view === v ? 'page' : undefined} onClick={() => setView(v)}>
            {t(`nav.${v}`)}{v === 'schedules' && <FailedSchedulesBadge />}
          </button>
        ))}
      </nav>
      <span className="spacer" />
      <label className="row">
        <span className="muted">{t('header.language')}</span>
        <select className="select" value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-testid="language">
          <option value="en">English</option>
          <option value="ko">한국어</option>
        </select>
      </label>
      <button type="button" className="btn" onClick={() => open({ type: 'help' })} aria-label={t('help.open')} title={`${t('help.open')} (?)`} aria-keyshortcuts="?">?</button>
      <button type="button" className="btn" onClick={() => setTheme(nextTheme)} aria-label={t('header.themeSwitch', { theme: t(`header.theme.${theme}`) })} data-testid="theme">
        {t(`header.theme.${theme}`)}
      </button>
    </header>
  );
}
