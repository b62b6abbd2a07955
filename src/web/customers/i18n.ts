import type { SameKeys } from '../app/i18n.ts';
import enTexts from './i18n.en.json';
import esTexts from './i18n.es.json';

/** The area's texts: Spanish first, English with the same keys (checked here and by i18n.test.ts). */
export const es = esTexts;
export const en: SameKeys<typeof es> = enTexts;
