/**
 * i18next with Spanish (default) and English. The shell's own texts (the `common` namespace)
 * live in `i18n.es.json` / `i18n.en.json` beside this file, one resource file per language as
 * i18next and translation tools expect; each area keeps its own pair the same way and adds its
 * namespace with `registerBundle` (see modules.ts). A component reads it with
 * `useTranslation('<area>')` — `common` keys work there too. `i18n.test.ts` checks that both
 * languages have the same keys and the same {{placeholders}}.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import enTexts from './i18n.en.json';
import esTexts from './i18n.es.json';

export const LANGUAGES = ['es', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const es = esTexts;

type Bundle = typeof es;
type DeepString<T> = { [K in keyof T]: T[K] extends string ? string : DeepString<T[K]> };

const en: DeepString<Bundle> = enTexts;

export function initI18n(language: Language = 'es') {
  if (i18n.isInitialized) return i18n;
  void i18n.use(initReactI18next).init({
    resources: { es: { common: es }, en: { common: en } },
    lng: language,
    fallbackLng: 'es',
    supportedLngs: [...LANGUAGES],
    ns: ['common'],
    defaultNS: 'common',
    fallbackNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  if (typeof document !== 'undefined') {
    document.documentElement.lang = i18n.language;
    i18n.on('languageChanged', (lng) => {
      document.documentElement.lang = lng;
    });
  }
  return i18n;
}

/** Adds an area's texts under its own namespace. `es` and `en` must have the same keys. */
export function registerBundle(namespace: string, bundles: { es: object; en: object }) {
  i18n.addResourceBundle('es', namespace, bundles.es, true, true);
  i18n.addResourceBundle('en', namespace, bundles.en, true, true);
}

/** Type helper for an area's English bundle: the same keys as its Spanish one. */
export type SameKeys<T> = DeepString<T>;

export { i18n };
