/**
 * Saved views: no page of its own — the "Vistas guardadas" menu (saved-views-menu.tsx) sits on the
 * list pages; this module brings its texts (namespace `saved-views`).
 */
import type { WebModule } from '../app/module.ts';
import { en, es } from './i18n.ts';

export const savedViewsModule: WebModule = { id: 'saved-views', i18n: { es, en }, routes: [] };
