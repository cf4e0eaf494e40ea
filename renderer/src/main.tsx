import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles/theme.css';
import './styles/app.css';
import { currentLang } from './i18n';
import { applyTheme, useUi } from './stores/ui';
import { App } from './features/shell/App';
import { boot } from './stores/boot';

document.documentElement.lang = currentLang();
applyTheme(useUi.getState().theme);
boot();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
