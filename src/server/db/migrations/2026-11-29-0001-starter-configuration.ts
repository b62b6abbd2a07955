import type { Kysely } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * The starter configuration: what a Spanish after-sales service needs to take its first call and
 * register its first activity, in Spanish and English. It is loaded into every catalog that is
 * still EMPTY when this migration runs — on a fresh install that is all of them; on an existing
 * database only the tables nobody has filled yet — so an administrator's own entries are never
 * touched, and it runs once (an administrator may edit or retire any of these afterwards).
 *
 * This file is frozen with the migration (migrations never import app code). The demo company
 * (src/server/demo/steps/configuration.ts) builds on these same entries and adds its own.
 */
export type StarterEntry = {
  code: string;
  descriptionEs: string;
  descriptionEn: string;
  pending?: boolean;
  isDefault?: boolean;
  defaultPending?: boolean;
  defaultFinished?: boolean;
  parentCode?: string;
  [attribute: string]: unknown;
};

export const STARTER_CONFIGURATION: Record<string, StarterEntry[]> = {
  'call-statuses': [
    { code: 'PE', descriptionEs: 'Pendiente', descriptionEn: 'Pending', pending: true, defaultPending: true },
    { code: 'EC', descriptionEs: 'En curso', descriptionEn: 'In progress', pending: true },
    { code: 'FI', descriptionEs: 'Finalizada', descriptionEn: 'Finished', pending: false, defaultFinished: true },
    { code: 'AN', descriptionEs: 'Anulada', descriptionEn: 'Cancelled', pending: false },
  ],
  'call-types': [
    { code: 'AV', descriptionEs: 'Aviso de avería', descriptionEn: 'Breakdown report', isDefault: true },
    { code: 'CT', descriptionEs: 'Consulta técnica', descriptionEn: 'Technical question' },
    { code: 'GA', descriptionEs: 'Reclamación de garantía', descriptionEn: 'Warranty claim' },
    { code: 'CM', descriptionEs: 'Comercial / presupuesto', descriptionEn: 'Sales / quote' },
    { code: 'AD', descriptionEs: 'Administración y facturación', descriptionEn: 'Accounts and billing' },
    { code: 'RE', descriptionEs: 'Queja o reclamación', descriptionEn: 'Complaint' },
  ],
  'activity-statuses': [
    { code: 'HA', descriptionEs: 'Habitual', descriptionEn: 'Usual', pending: true, isDefault: true },
    { code: 'EP', descriptionEs: 'En proceso', descriptionEn: 'In progress', pending: true },
    { code: 'RE', descriptionEs: 'Realizada', descriptionEn: 'Done', pending: false },
    { code: 'CA', descriptionEs: 'Cancelada', descriptionEn: 'Cancelled', pending: false },
  ],
  origins: [
    { code: 'TE', descriptionEs: 'Teléfono', descriptionEn: 'Phone', isDefault: true },
    { code: 'EM', descriptionEs: 'E-mail', descriptionEn: 'E-mail' },
    { code: 'WE', descriptionEs: 'Web', descriptionEn: 'Web' },
    { code: 'VI', descriptionEs: 'Visita', descriptionEn: 'Visit' },
  ],
  'problem-types': [
    { code: 'NE', descriptionEs: 'No enciende / no arranca', descriptionEn: 'Does not switch on / start' },
    { code: 'CE', descriptionEs: 'Código de error en pantalla', descriptionEn: 'Error code on display' },
    { code: 'RB', descriptionEs: 'Funciona mal o rinde poco', descriptionEn: 'Works badly or underperforms' },
    { code: 'RU', descriptionEs: 'Ruidos o vibraciones', descriptionEn: 'Noise or vibration' },
    { code: 'EL', descriptionEs: 'Problema eléctrico', descriptionEn: 'Electrical problem' },
    { code: 'IN', descriptionEs: 'Instalación / puesta en marcha', descriptionEn: 'Installation / commissioning' },
    { code: 'US', descriptionEs: 'Duda de uso o programación', descriptionEn: 'Usage or programming question' },
  ],
  'solution-types': [
    { code: 'RT', descriptionEs: 'Resuelto por teléfono', descriptionEn: 'Solved by phone', automaticAction: 'none' },
    { code: 'VT', descriptionEs: 'Requiere visita técnica', descriptionEn: 'Technician visit required', automaticAction: 'none' },
    { code: 'LL', descriptionEs: 'Volver a llamar al cliente', descriptionEn: 'Call the customer back', automaticAction: 'schedule_callback' },
    { code: 'PR', descriptionEs: 'Pedido de repuesto', descriptionEn: 'Spare part ordered', automaticAction: 'create_task' },
    { code: 'SA', descriptionEs: 'Sin avería / uso incorrecto', descriptionEn: 'No fault / incorrect use', automaticAction: 'none' },
  ],
  'incident-statuses': [
    { code: 'AB', descriptionEs: 'Abierta', descriptionEn: 'Open', pending: true, isDefault: true, waitingForCustomer: false },
    { code: 'PL', descriptionEs: 'Visita planificada', descriptionEn: 'Visit scheduled', pending: true, waitingForCustomer: false },
    { code: 'ER', descriptionEs: 'Esperando repuesto', descriptionEn: 'Waiting for a spare part', pending: true, waitingForCustomer: false },
    { code: 'EC', descriptionEs: 'Esperando al cliente', descriptionEn: 'Waiting for the customer', pending: true, waitingForCustomer: true },
    { code: 'RS', descriptionEs: 'Resuelta', descriptionEn: 'Resolved', pending: false, waitingForCustomer: false },
    { code: 'CE', descriptionEs: 'Cerrada', descriptionEn: 'Closed', pending: false, waitingForCustomer: false },
  ],
  'incident-event-types': [
    { code: 'LLE', descriptionEs: 'Llamada entrante', descriptionEn: 'Incoming call', countsAsResponse: false },
    { code: 'LLS', descriptionEs: 'Llamada saliente', descriptionEn: 'Outgoing call', countsAsResponse: true },
    { code: 'EMR', descriptionEs: 'E-mail recibido', descriptionEn: 'E-mail received', countsAsResponse: false },
    { code: 'EME', descriptionEs: 'E-mail enviado', descriptionEn: 'E-mail sent', countsAsResponse: true },
    { code: 'DES', descriptionEs: 'Desplazamiento del técnico', descriptionEn: 'Technician dispatched', countsAsResponse: true },
    { code: 'NOT', descriptionEs: 'Nota interna', descriptionEn: 'Internal note', countsAsResponse: false, isDefault: true },
  ],
  priorities: [
    { code: 'P1', descriptionEs: 'Crítica', descriptionEn: 'Critical', responseMinutes: 60, resolutionMinutes: 480, escalationMarginMinutes: 15 },
    { code: 'P2', descriptionEs: 'Alta', descriptionEn: 'High', responseMinutes: 120, resolutionMinutes: 960, escalationMarginMinutes: 30 },
    { code: 'P3', descriptionEs: 'Normal', descriptionEn: 'Normal', responseMinutes: 480, resolutionMinutes: 1440, escalationMarginMinutes: 60, isDefault: true },
    { code: 'P4', descriptionEs: 'Baja', descriptionEn: 'Low', responseMinutes: 960, resolutionMinutes: 4800, escalationMarginMinutes: 240 },
  ],
  'payment-terms': [
    { code: 'CON', descriptionEs: 'Contado', descriptionEn: 'Cash', dueDays: [0] },
    { code: 'T30', descriptionEs: '30 días', descriptionEn: '30 days', dueDays: [30], isDefault: true },
    { code: 'R306090', descriptionEs: '30, 60 y 90 días', descriptionEn: '30, 60 and 90 days', dueDays: [30, 60, 90] },
  ],
  'vat-rates': [
    { code: 'G21', descriptionEs: 'IVA general 21 %', descriptionEn: 'Standard VAT 21 %', rate: 2100, isDefault: true },
    { code: 'R10', descriptionEs: 'IVA reducido 10 %', descriptionEn: 'Reduced VAT 10 %', rate: 1000 },
    { code: 'S4', descriptionEs: 'IVA superreducido 4 %', descriptionEn: 'Super-reduced VAT 4 %', rate: 400 },
    { code: 'EX', descriptionEs: 'Exento de IVA (0 %)', descriptionEn: 'VAT exempt (0 %)', rate: 0 },
  ],
  // The 17 autonomous communities and the two autonomous cities. The code is the subdivision of
  // ISO 3166-2:ES without the "ES-" prefix (MD → ES-MD), which is also date-holidays' state code.
  regions: [
    { code: 'AN', descriptionEs: 'Andalucía', descriptionEn: 'Andalusia' },
    { code: 'AR', descriptionEs: 'Aragón', descriptionEn: 'Aragon' },
    { code: 'AS', descriptionEs: 'Principado de Asturias', descriptionEn: 'Asturias' },
    { code: 'IB', descriptionEs: 'Illes Balears', descriptionEn: 'Balearic Islands' },
    { code: 'CN', descriptionEs: 'Canarias', descriptionEn: 'Canary Islands' },
    { code: 'CB', descriptionEs: 'Cantabria', descriptionEn: 'Cantabria' },
    { code: 'CL', descriptionEs: 'Castilla y León', descriptionEn: 'Castile and León' },
    { code: 'CM', descriptionEs: 'Castilla-La Mancha', descriptionEn: 'Castile-La Mancha' },
    { code: 'CT', descriptionEs: 'Cataluña', descriptionEn: 'Catalonia' },
    { code: 'VC', descriptionEs: 'Comunidad Valenciana', descriptionEn: 'Valencian Community' },
    { code: 'EX', descriptionEs: 'Extremadura', descriptionEn: 'Extremadura' },
    { code: 'GA', descriptionEs: 'Galicia', descriptionEn: 'Galicia' },
    { code: 'MD', descriptionEs: 'Comunidad de Madrid', descriptionEn: 'Community of Madrid' },
    { code: 'MC', descriptionEs: 'Región de Murcia', descriptionEn: 'Region of Murcia' },
    { code: 'NC', descriptionEs: 'Comunidad Foral de Navarra', descriptionEn: 'Navarre' },
    { code: 'PV', descriptionEs: 'País Vasco', descriptionEn: 'Basque Country' },
    { code: 'RI', descriptionEs: 'La Rioja', descriptionEn: 'La Rioja' },
    { code: 'CE', descriptionEs: 'Ciudad Autónoma de Ceuta', descriptionEn: 'Ceuta' },
    { code: 'ML', descriptionEs: 'Ciudad Autónoma de Melilla', descriptionEn: 'Melilla' },
  ],
};

const ATTRIBUTE_KEYS_EXCLUDED = new Set(['code', 'descriptionEs', 'descriptionEn', 'pending', 'isDefault', 'defaultPending', 'defaultFinished', 'parentCode']);

/** Loads the starter entries into every catalog that has no entry at all. Returns the catalogs filled. */
export async function loadStarterConfiguration(db: Kysely<any>): Promise<string[]> {
  const k = migrationKit(db);
  const bool = (v: boolean | undefined) => (k.pg ? Boolean(v) : v ? 1 : 0);
  const now = new Date().toISOString();
  const filled: string[] = [];
  for (const [catalog, entries] of Object.entries(STARTER_CONFIGURATION)) {
    const present = await db.selectFrom('catalog_entries').select('code').where('catalog', '=', catalog).limit(1).executeTakeFirst();
    if (present) continue;
    await db
      .insertInto('catalog_entries')
      .values(
        entries.map((e, i) => ({
          catalog,
          code: e.code,
          description_es: e.descriptionEs,
          description_en: e.descriptionEn,
          active: bool(true),
          sort_order: (i + 1) * 10,
          parent_code: e.parentCode ?? null,
          pending: bool(e.pending ?? e.defaultPending),
          is_default: bool(e.isDefault),
          default_pending: bool(e.defaultPending),
          default_finished: bool(e.defaultFinished),
          attributes: JSON.stringify(Object.fromEntries(Object.entries(e).filter(([key]) => !ATTRIBUTE_KEYS_EXCLUDED.has(key)))),
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    filled.push(catalog);
  }
  return filled;
}

export async function up(db: Kysely<any>): Promise<void> {
  await loadStarterConfiguration(db);
}

export async function down(): Promise<void> {
  // The entries may be in use (and edited) by now; an administrator retires them instead.
}
