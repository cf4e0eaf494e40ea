// i18next set up once with both languages bundled (no network: resources are in the bundle).
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { langFromLocale, isLang, type Lang } from '../../../shared/vocabulary';
import { en } from './en';
import { ko } from './ko';

export type { Lang };
export const LANG_STORAGE_KEY = 'snapvisor.lang';

function initialLang(): Lang {
  const saved = globalThis.localStorage?.getItem(LANG_STORAGE_KEY);
  if (saved && isLang(saved)) return saved;
  return langFromLocale(globalThis.navigator?.language);
}

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, ko: { translation: ko } },
  lng: initialLang(),
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

export function currentLang(): Lang {
  const l = i18next.language;
  return isLang(l) ? l : 'en';
}

export function setLang(lang: Lang): void {
  globalThis.localStorage?.setItem(LANG_STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  void i18next.changeLanguage(lang);
}

export { i18next };
