/**
 * Demo configuration ("Mantenimientos") of a Spanish after-sales service for heating, air
 * conditioning and catering equipment. It builds on the starter configuration every install gets
 * (migration 2026-11-29-0001): where a code is in both, the starter entry is the one used, so a
 * demo on a fresh install and a demo on empty tables read the same; the demo adds its own codes.
 * Entries whose code already exists are left as they are, so an administrator's own configuration
 * is never overwritten (the one exception: a starter solution type still without an automatic
 * action gets the demo's, e.g. "Requiere visita técnica" → create an incident once incidents exist).
 */
import { STARTER_CONFIGURATION } from '../../db/migrations/2026-11-29-0001-starter-configuration.ts';
import type { DemoApi, DemoStep } from '../demo-kit.ts';

type Entry = { code: string; descriptionEs: string; descriptionEn: string; [flag: string]: unknown };

const callStatuses: Entry[] = [
  { code: 'ED', descriptionEs: 'Esperando datos del cliente', descriptionEn: 'Waiting for customer details', pending: true },
];

const callTypes: Entry[] = [
  { code: 'MT', descriptionEs: 'Solicitud de mantenimiento', descriptionEn: 'Maintenance request' },
];

const activityStatuses: Entry[] = [
  { code: 'ER', descriptionEs: 'Esperando repuesto', descriptionEn: 'Waiting for a spare part', pending: true },
];

const origins: Entry[] = [
  { code: 'AR', descriptionEs: 'Alarma remota del equipo', descriptionEn: 'Remote equipment alarm' },
];

const problemTypes: Entry[] = [
  { code: 'FU', descriptionEs: 'Fuga (agua, gas o refrigerante)', descriptionEn: 'Leak (water, gas or refrigerant)' },
  { code: 'MP', descriptionEs: 'Mantenimiento preventivo', descriptionEn: 'Preventive maintenance' },
];

function solutionTypes(offered: string[]): Entry[] {
  const action = (a: string) => (offered.includes(a) ? a : 'none');
  return [
    { code: 'RT', descriptionEs: 'Resuelto por teléfono', descriptionEn: 'Solved by phone', automaticAction: 'none' },
    { code: 'VT', descriptionEs: 'Requiere visita técnica', descriptionEn: 'Technician visit required', automaticAction: action('create_incident') },
    {
      code: 'IE',
      descriptionEs: 'Instrucciones enviadas por e-mail',
      descriptionEn: 'Instructions sent by e-mail',
      automaticAction: action('email_customer'),
      emailSubjectEs: 'Instrucciones de nuestro servicio técnico',
      emailSubjectEn: 'Instructions from our technical service',
      emailBodyEs:
        'Estimado cliente ({{customer}}):\n\nComo le hemos indicado por teléfono, le enviamos los pasos para resolver la incidencia de su equipo:\n\n{{activity}}\n\nSi el problema persiste, llámenos al 900 100 200 y le enviaremos un técnico.\n\nUn saludo,\nServicio de Asistencia Técnica — Climasat',
      emailBodyEn:
        'Dear customer ({{customer}}),\n\nAs discussed on the phone, here are the steps to solve the problem with your equipment:\n\n{{activity}}\n\nIf the problem persists, call us on +34 900 100 200 and we will send a technician.\n\nKind regards,\nTechnical Service — Climasat',
    },
    { code: 'LL', descriptionEs: 'Volver a llamar al cliente', descriptionEn: 'Call the customer back', automaticAction: action('schedule_callback') },
    { code: 'PR', descriptionEs: 'Pedido de repuesto', descriptionEn: 'Spare part ordered', automaticAction: action('create_task') },
    { code: 'AS', descriptionEs: 'Escalado al supervisor', descriptionEn: 'Escalated to the supervisor', automaticAction: action('notify_user') },
    { code: 'SA', descriptionEs: 'Sin avería / uso incorrecto', descriptionEn: 'No fault / incorrect use', automaticAction: 'none' },
  ];
}

const incidentStatuses: Entry[] = [
  { code: 'DI', descriptionEs: 'Diagnosticada', descriptionEn: 'Diagnosed', pending: true, waitingForCustomer: false },
];


type Tree = Array<Entry & { children: Entry[] }>;

const reasonCodes: Tree = [
  {
    code: 'CAL',
    descriptionEs: 'Calefacción y ACS',
    descriptionEn: 'Heating and hot water',
    children: [
      { code: 'CAL-NE', descriptionEs: 'La caldera no enciende', descriptionEn: 'Boiler does not light' },
      { code: 'CAL-PR', descriptionEs: 'Pierde presión', descriptionEn: 'Loses pressure' },
      { code: 'CAL-ACS', descriptionEs: 'Sin agua caliente sanitaria', descriptionEn: 'No domestic hot water' },
      { code: 'CAL-RU', descriptionEs: 'Ruidos en la caldera', descriptionEn: 'Boiler noises' },
    ],
  },
  {
    code: 'CLI',
    descriptionEs: 'Climatización',
    descriptionEn: 'Air conditioning',
    children: [
      { code: 'CLI-NF', descriptionEs: 'No enfría', descriptionEn: 'Does not cool' },
      { code: 'CLI-FG', descriptionEs: 'Fuga de refrigerante', descriptionEn: 'Refrigerant leak' },
      { code: 'CLI-AG', descriptionEs: 'Gotea agua la unidad interior', descriptionEn: 'Indoor unit drips water' },
      { code: 'CLI-CO', descriptionEs: 'Error de comunicación interior-exterior', descriptionEn: 'Indoor-outdoor communication error' },
    ],
  },
  {
    code: 'HOS',
    descriptionEs: 'Equipos de hostelería',
    descriptionEn: 'Catering equipment',
    children: [
      { code: 'HOS-HO', descriptionEs: 'El horno no alcanza temperatura', descriptionEn: 'Oven does not reach temperature' },
      { code: 'HOS-LV', descriptionEs: 'El lavavajillas no lava o no desagua', descriptionEn: 'Dishwasher does not wash or drain' },
      { code: 'HOS-FR', descriptionEs: 'Cámara o armario frigorífico no enfría', descriptionEn: 'Cold room or fridge does not cool' },
      { code: 'HOS-HI', descriptionEs: 'La máquina de hielo no fabrica', descriptionEn: 'Ice maker does not make ice' },
      { code: 'HOS-CA', descriptionEs: 'La cafetera no da presión', descriptionEn: 'Coffee machine has no pressure' },
    ],
  },
  {
    code: 'ELE',
    descriptionEs: 'Eléctrico y electrónico',
    descriptionEn: 'Electrical and electronics',
    children: [
      { code: 'ELE-DI', descriptionEs: 'Salta el diferencial', descriptionEn: 'Trips the RCD' },
      { code: 'ELE-PL', descriptionEs: 'Fallo de placa electrónica', descriptionEn: 'Control board failure' },
    ],
  },
];

const resolutionCodes: Tree = [
  {
    code: 'REP',
    descriptionEs: 'Reparación',
    descriptionEn: 'Repair',
    children: [
      { code: 'REP-PZ', descriptionEs: 'Sustitución de pieza', descriptionEn: 'Part replaced' },
      { code: 'REP-AJ', descriptionEs: 'Ajuste o regulación', descriptionEn: 'Adjustment' },
      { code: 'REP-LI', descriptionEs: 'Limpieza', descriptionEn: 'Cleaning' },
      { code: 'REP-RC', descriptionEs: 'Recarga de refrigerante', descriptionEn: 'Refrigerant recharge' },
    ],
  },
  {
    code: 'CON',
    descriptionEs: 'Configuración',
    descriptionEn: 'Configuration',
    children: [
      { code: 'CON-PA', descriptionEs: 'Reprogramación de parámetros', descriptionEn: 'Parameters reprogrammed' },
      { code: 'CON-FW', descriptionEs: 'Actualización de firmware', descriptionEn: 'Firmware updated' },
    ],
  },
  {
    code: 'SIN',
    descriptionEs: 'Sin avería',
    descriptionEn: 'No fault found',
    children: [
      { code: 'SIN-US', descriptionEs: 'Error de uso', descriptionEn: 'User error' },
      { code: 'SIN-EX', descriptionEs: 'Causa externa (suministro eléctrico, agua o gas)', descriptionEn: 'External cause (power, water or gas supply)' },
    ],
  },
  {
    code: 'SUS',
    descriptionEs: 'Sustitución',
    descriptionEn: 'Replacement',
    children: [{ code: 'SUS-EQ', descriptionEs: 'Sustitución del equipo completo', descriptionEn: 'Whole unit replaced' }],
  },
];


const paymentTerms: Entry[] = [
  { code: 'R30', descriptionEs: 'Recibo domiciliado a 30 días', descriptionEn: 'Direct debit, 30 days', dueDays: [30] },
  { code: 'R3060', descriptionEs: 'Recibo domiciliado 30 y 60 días', descriptionEn: 'Direct debit, 30 and 60 days', dueDays: [30, 60] },
];

/** Regions: the 17 autonomous communities and Ceuta and Melilla of the starter configuration. */
export const DEMO_REGIONS: Entry[] = STARTER_CONFIGURATION.regions as Entry[];

const serviceTypes: Entry[] = [
  { code: 'MP', descriptionEs: 'Mantenimiento preventivo', descriptionEn: 'Preventive maintenance' },
  { code: 'MC', descriptionEs: 'Mantenimiento correctivo', descriptionEn: 'Corrective maintenance' },
  { code: 'TR', descriptionEs: 'Todo riesgo (piezas y mano de obra)', descriptionEn: 'Full cover (parts and labour)' },
  { code: '24H', descriptionEs: 'Servicio 24 horas, 365 días', descriptionEn: '24/7 service' },
  { code: 'RITE', descriptionEs: 'Revisión reglamentaria RITE', descriptionEn: 'Statutory RITE inspection' },
  { code: 'INS', descriptionEs: 'Instalación y puesta en marcha', descriptionEn: 'Installation and commissioning' },
];

export const DEMO_UNIT_TYPES: Entry[] = [
  { code: 'CAL', descriptionEs: 'Caldera', descriptionEn: 'Boiler' },
  { code: 'AAC', descriptionEs: 'Aire acondicionado (split)', descriptionEn: 'Air conditioner (split)' },
  { code: 'BDC', descriptionEs: 'Bomba de calor / aerotermia', descriptionEn: 'Heat pump' },
  { code: 'VRF', descriptionEs: 'Sistema VRF de caudal variable', descriptionEn: 'VRF system' },
  { code: 'HOR', descriptionEs: 'Horno profesional', descriptionEn: 'Professional oven' },
  { code: 'LAV', descriptionEs: 'Lavavajillas industrial', descriptionEn: 'Commercial dishwasher' },
  { code: 'FRI', descriptionEs: 'Frío comercial (cámara, armario)', descriptionEn: 'Commercial refrigeration' },
  { code: 'HIE', descriptionEs: 'Máquina de hielo', descriptionEn: 'Ice maker' },
  { code: 'CAF', descriptionEs: 'Cafetera profesional', descriptionEn: 'Professional coffee machine' },
];


/** The starter entries of a catalog, then the demo's own (a code in both keeps the starter's). */
function withStarter(catalog: string, demo: Entry[]): Entry[] {
  const starter = (STARTER_CONFIGURATION[catalog] ?? []) as Entry[];
  const codes = new Set(starter.map((e) => e.code));
  return [...starter, ...demo.filter((e) => !codes.has(e.code))];
}

/** A solution type still without an automatic action (as the starter ships it) gets the demo's. */
async function upgradeAutomaticActions(api: DemoApi, demo: Entry[]): Promise<number> {
  const current = (await api.get<{ items: Array<{ code: string; automaticAction?: string }> }>('/catalogs/solution-types')).items;
  let changed = 0;
  for (const entry of demo) {
    const present = current.find((e) => e.code === entry.code);
    if (!present || (present.automaticAction ?? 'none') !== 'none' || entry.automaticAction === 'none') continue;
    const { code: _code, descriptionEs: _es, descriptionEn: _en, ...rest } = entry;
    await api.patch(`/catalogs/solution-types/${entry.code}`, rest);
    changed++;
  }
  return changed;
}

/** Adds the entries of a catalog that are not there yet; returns how many were added. */
export async function ensureEntries(api: DemoApi, catalog: string, entries: Entry[]): Promise<number> {
  const current = (await api.get<{ items: Array<Record<string, unknown> & { code: string }> }>(`/catalogs/${catalog}`)).items;
  const existing = new Set(current.map((e) => e.code));
  // A default the administrator already chose stays the default.
  const taken = ['isDefault', 'defaultPending', 'defaultFinished'].filter((flag) => current.some((e) => e[flag] === true));
  let added = 0;
  for (const [i, entry] of entries.entries()) {
    if (existing.has(entry.code)) continue;
    const body: Record<string, unknown> = { sortOrder: (i + 1) * 10, ...entry };
    for (const flag of taken) delete body[flag];
    await api.post(`/catalogs/${catalog}`, body);
    added++;
  }
  return added;
}

async function ensureTree(api: DemoApi, catalog: string, tree: Tree): Promise<number> {
  let added = 0;
  for (const { children, ...general } of tree) {
    added += await ensureEntries(api, catalog, [general]);
    added += await ensureEntries(
      api,
      catalog,
      children.map((c) => ({ ...c, parentCode: general.code })),
    );
  }
  return added;
}

export const configurationStep: DemoStep = {
  name: 'configuration',
  async run({ api }) {
    const { automaticActions } = await api.get<{ automaticActions: string[] }>('/catalogs');
    let n = 0;
    n += await ensureEntries(api, 'call-statuses', withStarter('call-statuses', callStatuses));
    n += await ensureEntries(api, 'call-types', withStarter('call-types', callTypes));
    n += await ensureEntries(api, 'activity-statuses', withStarter('activity-statuses', activityStatuses));
    n += await ensureEntries(api, 'origins', withStarter('origins', origins));
    n += await ensureEntries(api, 'problem-types', withStarter('problem-types', problemTypes));
    const demoSolutionTypes = solutionTypes(automaticActions);
    n += await ensureEntries(api, 'solution-types', withStarter('solution-types', demoSolutionTypes));
    n += await upgradeAutomaticActions(api, demoSolutionTypes);
    n += await ensureEntries(api, 'incident-statuses', withStarter('incident-statuses', incidentStatuses));
    n += await ensureEntries(api, 'priorities', withStarter('priorities', []));
    n += await ensureTree(api, 'reason-codes', reasonCodes);
    n += await ensureTree(api, 'resolution-codes', resolutionCodes);
    n += await ensureEntries(api, 'incident-event-types', withStarter('incident-event-types', []));
    n += await ensureEntries(api, 'payment-terms', withStarter('payment-terms', paymentTerms));
    n += await ensureEntries(api, 'regions', DEMO_REGIONS);
    n += await ensureEntries(api, 'service-types', serviceTypes);
    n += await ensureEntries(api, 'unit-types', DEMO_UNIT_TYPES);
    n += await ensureEntries(api, 'vat-rates', withStarter('vat-rates', []));
    return `${n} entradas de configuración`;
  },
};
