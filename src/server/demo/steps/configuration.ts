/**
 * Demo configuration ("Mantenimientos") of a Spanish after-sales service for heating, air
 * conditioning and catering equipment. Entries whose code already exists are left as they are, so
 * an administrator's own configuration is never overwritten.
 */
import type { DemoApi, DemoStep } from '../demo-kit.ts';

type Entry = { code: string; descriptionEs: string; descriptionEn: string; [flag: string]: unknown };

const callStatuses: Entry[] = [
  { code: 'PE', descriptionEs: 'Pendiente', descriptionEn: 'Pending', pending: true, defaultPending: true },
  { code: 'EC', descriptionEs: 'En curso', descriptionEn: 'In progress', pending: true },
  { code: 'ED', descriptionEs: 'Esperando datos del cliente', descriptionEn: 'Waiting for customer details', pending: true },
  { code: 'FI', descriptionEs: 'Finalizada', descriptionEn: 'Finished', pending: false, defaultFinished: true },
  { code: 'AN', descriptionEs: 'Anulada', descriptionEn: 'Cancelled', pending: false },
];

const callTypes: Entry[] = [
  { code: 'AV', descriptionEs: 'Aviso de avería', descriptionEn: 'Breakdown report', isDefault: true },
  { code: 'CT', descriptionEs: 'Consulta técnica', descriptionEn: 'Technical question' },
  { code: 'GA', descriptionEs: 'Reclamación de garantía', descriptionEn: 'Warranty claim' },
  { code: 'MT', descriptionEs: 'Solicitud de mantenimiento', descriptionEn: 'Maintenance request' },
  { code: 'CM', descriptionEs: 'Comercial / presupuesto', descriptionEn: 'Sales / quote' },
  { code: 'AD', descriptionEs: 'Administración y facturación', descriptionEn: 'Accounts and billing' },
  { code: 'RE', descriptionEs: 'Queja o reclamación', descriptionEn: 'Complaint' },
];

const activityStatuses: Entry[] = [
  { code: 'HA', descriptionEs: 'Habitual', descriptionEn: 'Usual', pending: true, isDefault: true },
  { code: 'EP', descriptionEs: 'En proceso', descriptionEn: 'In progress', pending: true },
  { code: 'ER', descriptionEs: 'Esperando repuesto', descriptionEn: 'Waiting for a spare part', pending: true },
  { code: 'RE', descriptionEs: 'Realizada', descriptionEn: 'Done', pending: false },
  { code: 'CA', descriptionEs: 'Cancelada', descriptionEn: 'Cancelled', pending: false },
];

const origins: Entry[] = [
  { code: 'TE', descriptionEs: 'Teléfono', descriptionEn: 'Phone', isDefault: true },
  { code: 'EM', descriptionEs: 'E-mail', descriptionEn: 'E-mail' },
  { code: 'WE', descriptionEs: 'Web', descriptionEn: 'Web' },
  { code: 'VI', descriptionEs: 'Visita', descriptionEn: 'Visit' },
  { code: 'AR', descriptionEs: 'Alarma remota del equipo', descriptionEn: 'Remote equipment alarm' },
];

const problemTypes: Entry[] = [
  { code: 'NE', descriptionEs: 'No enciende / no arranca', descriptionEn: 'Does not switch on / start' },
  { code: 'RB', descriptionEs: 'Rendimiento bajo (no calienta / no enfría)', descriptionEn: 'Low performance (not heating / cooling)' },
  { code: 'CE', descriptionEs: 'Código de error en pantalla', descriptionEn: 'Error code on display' },
  { code: 'FU', descriptionEs: 'Fuga (agua, gas o refrigerante)', descriptionEn: 'Leak (water, gas or refrigerant)' },
  { code: 'RU', descriptionEs: 'Ruidos o vibraciones', descriptionEn: 'Noise or vibration' },
  { code: 'EL', descriptionEs: 'Problema eléctrico', descriptionEn: 'Electrical problem' },
  { code: 'MP', descriptionEs: 'Mantenimiento preventivo', descriptionEn: 'Preventive maintenance' },
  { code: 'IN', descriptionEs: 'Instalación / puesta en marcha', descriptionEn: 'Installation / commissioning' },
  { code: 'US', descriptionEs: 'Duda de uso o programación', descriptionEn: 'Usage or programming question' },
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
  { code: 'AB', descriptionEs: 'Abierta', descriptionEn: 'Open', pending: true, isDefault: true, waitingForCustomer: false },
  { code: 'PL', descriptionEs: 'Visita planificada', descriptionEn: 'Visit scheduled', pending: true, waitingForCustomer: false },
  { code: 'DI', descriptionEs: 'Diagnosticada', descriptionEn: 'Diagnosed', pending: true, waitingForCustomer: false },
  { code: 'ER', descriptionEs: 'Esperando repuesto', descriptionEn: 'Waiting for a spare part', pending: true, waitingForCustomer: false },
  { code: 'EC', descriptionEs: 'Esperando al cliente', descriptionEn: 'Waiting for the customer', pending: true, waitingForCustomer: true },
  { code: 'RS', descriptionEs: 'Resuelta', descriptionEn: 'Resolved', pending: false, waitingForCustomer: false },
  { code: 'CE', descriptionEs: 'Cerrada', descriptionEn: 'Closed', pending: false, waitingForCustomer: false },
];

const priorities: Entry[] = [
  { code: 'P1', descriptionEs: 'Crítica (equipo parado en negocio)', descriptionEn: 'Critical (equipment down at a business)', responseMinutes: 60, resolutionMinutes: 480, escalationMarginMinutes: 15, sortOrder: 1 },
  { code: 'P2', descriptionEs: 'Alta', descriptionEn: 'High', responseMinutes: 120, resolutionMinutes: 960, escalationMarginMinutes: 30, sortOrder: 2 },
  { code: 'P3', descriptionEs: 'Normal', descriptionEn: 'Normal', responseMinutes: 480, resolutionMinutes: 1440, escalationMarginMinutes: 60, isDefault: true, sortOrder: 3 },
  { code: 'P4', descriptionEs: 'Baja (mantenimiento programable)', descriptionEn: 'Low (maintenance that can be scheduled)', responseMinutes: 960, resolutionMinutes: 4800, escalationMarginMinutes: 240, sortOrder: 4 },
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

const incidentEventTypes: Entry[] = [
  { code: 'LLE', descriptionEs: 'Llamada entrante', descriptionEn: 'Incoming call', countsAsResponse: false },
  { code: 'LLS', descriptionEs: 'Llamada saliente', descriptionEn: 'Outgoing call', countsAsResponse: true },
  { code: 'EMR', descriptionEs: 'E-mail recibido', descriptionEn: 'E-mail received', countsAsResponse: false },
  { code: 'EME', descriptionEs: 'E-mail enviado', descriptionEn: 'E-mail sent', countsAsResponse: true },
  { code: 'DES', descriptionEs: 'Desplazamiento del técnico', descriptionEn: 'Technician dispatched', countsAsResponse: true },
  { code: 'NOT', descriptionEs: 'Nota interna', descriptionEn: 'Internal note', countsAsResponse: false, isDefault: true },
];

const paymentTerms: Entry[] = [
  { code: 'CON', descriptionEs: 'Contado', descriptionEn: 'Cash on delivery', dueDays: [0] },
  { code: 'T30', descriptionEs: 'Transferencia a 30 días', descriptionEn: 'Bank transfer, 30 days', dueDays: [30], isDefault: true },
  { code: 'R30', descriptionEs: 'Recibo domiciliado a 30 días', descriptionEn: 'Direct debit, 30 days', dueDays: [30] },
  { code: 'R3060', descriptionEs: 'Recibo domiciliado 30 y 60 días', descriptionEn: 'Direct debit, 30 and 60 days', dueDays: [30, 60] },
  { code: 'R306090', descriptionEs: 'Recibo domiciliado 30, 60 y 90 días', descriptionEn: 'Direct debit, 30, 60 and 90 days', dueDays: [30, 60, 90] },
];

/** Comunidades autónomas with their ISO 3166-2:ES codes. */
export const DEMO_REGIONS: Entry[] = [
  { code: 'MD', descriptionEs: 'Comunidad de Madrid', descriptionEn: 'Community of Madrid' },
  { code: 'CT', descriptionEs: 'Cataluña', descriptionEn: 'Catalonia' },
  { code: 'AN', descriptionEs: 'Andalucía', descriptionEn: 'Andalusia' },
  { code: 'VC', descriptionEs: 'Comunidad Valenciana', descriptionEn: 'Valencian Community' },
  { code: 'PV', descriptionEs: 'País Vasco', descriptionEn: 'Basque Country' },
  { code: 'GA', descriptionEs: 'Galicia', descriptionEn: 'Galicia' },
  { code: 'AR', descriptionEs: 'Aragón', descriptionEn: 'Aragon' },
  { code: 'CL', descriptionEs: 'Castilla y León', descriptionEn: 'Castile and León' },
  { code: 'MC', descriptionEs: 'Región de Murcia', descriptionEn: 'Region of Murcia' },
  { code: 'IB', descriptionEs: 'Illes Balears', descriptionEn: 'Balearic Islands' },
  { code: 'CN', descriptionEs: 'Canarias', descriptionEn: 'Canary Islands' },
];

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

const vatRates: Entry[] = [
  { code: 'G21', descriptionEs: 'IVA general 21 %', descriptionEn: 'Standard VAT 21 %', rate: 2100, isDefault: true },
  { code: 'R10', descriptionEs: 'IVA reducido 10 %', descriptionEn: 'Reduced VAT 10 %', rate: 1000 },
  { code: 'S4', descriptionEs: 'IVA superreducido 4 %', descriptionEn: 'Super-reduced VAT 4 %', rate: 400 },
  { code: 'EX', descriptionEs: 'Exento de IVA', descriptionEn: 'VAT exempt', rate: 0 },
];

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
    n += await ensureEntries(api, 'call-statuses', callStatuses);
    n += await ensureEntries(api, 'call-types', callTypes);
    n += await ensureEntries(api, 'activity-statuses', activityStatuses);
    n += await ensureEntries(api, 'origins', origins);
    n += await ensureEntries(api, 'problem-types', problemTypes);
    n += await ensureEntries(api, 'solution-types', solutionTypes(automaticActions));
    n += await ensureEntries(api, 'incident-statuses', incidentStatuses);
    n += await ensureEntries(api, 'priorities', priorities);
    n += await ensureTree(api, 'reason-codes', reasonCodes);
    n += await ensureTree(api, 'resolution-codes', resolutionCodes);
    n += await ensureEntries(api, 'incident-event-types', incidentEventTypes);
    n += await ensureEntries(api, 'payment-terms', paymentTerms);
    n += await ensureEntries(api, 'regions', DEMO_REGIONS);
    n += await ensureEntries(api, 'service-types', serviceTypes);
    n += await ensureEntries(api, 'unit-types', DEMO_UNIT_TYPES);
    n += await ensureEntries(api, 'vat-rates', vatRates);
    return `${n} entradas de configuración`;
  },
};
