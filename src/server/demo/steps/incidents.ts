/**
 * Demo incidents: the technical service's cases in every stage — open, diagnosed, resolved, closed
 * and reopened — on units under warranty, under a maintenance contract and out of both, with the
 * events a case collects (incoming and outgoing calls, e-mails, the technician's dispatch, notes),
 * supplies (spare parts and labour), one delegated to a group, one waiting for the customer (its
 * SLA clocks paused), one taken from a call and one call added to an existing case, one opened for a
 * new customer created on the spot, and a billable one closed with its invoice issued by the close
 * hook (the billing step before this one set up the company data).
 *
 * Everything goes through the API as the demo users (agents register, technicians diagnose and
 * resolve, the supervisor delegates and closes). Stamps are the real time of the load; how long ago
 * each case reached us is its `receivedAt`, the one date the API accepts from a client. The SLA step
 * keeps its own four cases on the 24×7 contract; this step leaves that contract's units alone.
 */
import type { DemoApi, DemoStep, DemoStepContext } from '../demo-kit.ts';
import { addDays } from '../demo-kit.ts';
import { cifFromNumber } from '../spanish-ids.ts';

type Coverage = 'warranty' | 'contract' | 'none';
type Step = { by: string };
type DemoIncident = {
  key: string;
  /** The agent who takes it. */
  by: string;
  coverage: Coverage;
  /** Item code prefixes the unit should have (the texts speak of that kind of equipment). */
  items: string[];
  hoursAgo: number;
  symptom: string;
  reason: [string, string];
  priority?: string;
  contactName?: string;
  /** Taken while the customer was on the line: a call registered first, the incident created from it. */
  fromCall?: boolean;
  /** Set by hand after intake (courtesy: goodwill on a unit out of warranty). */
  caseType?: 'courtesy' | 'billable';
  estimatedInDays?: number;
  /** [who ('owner' = the technician the owner rule chose), event type, text] */
  events?: Array<[string, string, string]>;
  delegate?: Step & { toGroup?: string; toUser?: string; note: string };
  diagnosis?: Step & { text: string };
  /** [item code, quantity] */
  supplies?: Array<[string, string]>;
  resolve?: Step & { solution: string; code: [string, string] };
  close?: Step;
  reopen?: Step & { reason: string; then?: [string, string, string] };
  /** A customer calls again about this case: the call is added to it as an incoming-call event. */
  callAgain?: Step & { text: string };
  statusCode?: string;
  /** Hours from intake to its last step (default 6, the time line of a case handled in the day). */
  span?: number;
  /** Share of the span before the first step (default: the steps spread evenly). */
  firstStepShare?: number;
};

const INCIDENTS: DemoIncident[] = [
  {
    key: 'from-call',
    by: 'mlopez',
    coverage: 'warranty',
    items: ['AAC-'],
    hoursAgo: 0.3,
    fromCall: true,
    symptom: 'El split del despacho hace un golpeteo al arrancar y a los diez minutos se para con el código E6 en el display.',
    reason: ['CLI', 'CLI-CO'],
    contactName: 'Recepción',
    events: [['owner', 'EME', 'Enviado a recepción el número de incidencia y la franja de visita de esta tarde.']],
  },
  {
    key: 'new-customer',
    by: 'jfernandez',
    coverage: 'none',
    items: [],
    hoursAgo: 0.7,
    symptom: 'La máquina de hielo hace cubitos huecos y pequeños desde que cambiaron el filtro de agua. La compraron hace tres años en otra tienda.',
    reason: ['HOS', 'HOS-HI'],
    contactName: 'Tomás (encargado)',
    events: [['jfernandez', 'LLS', 'Llamo a Tomás: el filtro nuevo es de otra marca. Le pido una foto de la etiqueta para el técnico.']],
  },
  {
    key: 'scheduled',
    by: 'agarcia',
    coverage: 'none',
    items: ['CAL-'],
    hoursAgo: 26,
    symptom: 'La caldera se bloquea con error F28 (falta de llama) varias veces al día; el cliente la rearma y vuelve a funcionar un rato.',
    reason: ['CAL', 'CAL-NE'],
    estimatedInDays: 2,
    events: [['owner', 'LLS', 'Llamo al cliente: confirma que la llave del gas está abierta y que la cocina funciona. Quedamos mañana entre las 9 y las 11.']],
    statusCode: 'PL',
    callAgain: { by: 'agarcia', text: 'El cliente vuelve a llamar: hoy se ha bloqueado tres veces. Pide que adelantemos la visita si es posible.' },
  },
  {
    key: 'delegated',
    by: 'eclarke',
    coverage: 'contract',
    items: ['FRI-', 'HIE-'],
    hoursAgo: 5,
    priority: 'P2',
    symptom: 'La cámara de congelados no baja de -12 °C y el compresor no para. Han pasado el género a otra cámara.',
    reason: ['HOS', 'HOS-FR'],
    events: [['eclarke', 'EMR', 'El cliente envía por e-mail la gráfica del registrador de temperatura de las últimas 48 horas.']],
    delegate: { by: 'lmartin', toGroup: 'TEC-NORTE', note: 'El técnico de la zona está en una obra toda la semana: que lo coja quien esté de guardia en la zona norte.' },
  },
  {
    key: 'waiting',
    by: 'mlopez',
    coverage: 'none',
    items: ['AAC-'],
    hoursAgo: 50,
    symptom: 'La unidad interior del salón gotea agua por la parte de abajo cuando lleva un rato enfriando.',
    reason: ['CLI', 'CLI-AG'],
    events: [['mlopez', 'EME', 'Enviado e-mail al cliente pidiendo fotos de la unidad interior y de la salida del desagüe, y el número de serie de la etiqueta. Sin respuesta por ahora.']],
    statusCode: 'EC',
  },
  {
    key: 'diagnosed-part',
    by: 'jfernandez',
    coverage: 'warranty',
    items: ['HOR-'],
    hoursAgo: 74,
    priority: 'P2',
    symptom: 'El horno mixto no genera vapor: al iniciar el ciclo combinado marca error E34 y sigue solo en convección.',
    reason: ['HOS', 'HOS-HO'],
    estimatedInDays: 5,
    events: [
      ['owner', 'DES', 'Desplazamiento al local: salida a las 10:15, llegada a las 10:50.'],
      ['owner', 'NOT', 'Pedida la resistencia al fabricante por garantía; plazo de entrega de 3 a 4 días laborables.'],
    ],
    diagnosis: { by: 'owner', text: 'Resistencia del calderín del generador de vapor abierta (sin continuidad). Descalcificación correcta.' },
    supplies: [['REP-RESIST', '1']],
    statusCode: 'ER',
  },
  {
    key: 'diagnosed-contract',
    by: 'agarcia',
    coverage: 'contract',
    items: ['VRF-', 'AAC-CAS', 'AAC-CONS', 'BDC-'],
    hoursAgo: 98,
    symptom: 'Alarma de comunicación entre las unidades interiores y la exterior; dos plantas sin climatización desde el lunes.',
    reason: ['CLI', 'CLI-CO'],
    events: [
      ['owner', 'DES', 'Visita de diagnóstico con el esquema del bus de comunicación.'],
      ['owner', 'NOT', 'El cable del bus pasa por el falso techo del almacén, donde hubo obras la semana pasada.'],
    ],
    diagnosis: { by: 'owner', text: 'Cable del bus de comunicación pellizcado en el falso techo del almacén. Hay que sustituir 15 m de cable apantallado; lo cubre el contrato.' },
    statusCode: 'PL',
  },
  {
    key: 'resolved-warranty',
    by: 'mlopez',
    coverage: 'warranty',
    items: ['CAL-'],
    hoursAgo: 122,
    symptom: 'No hay agua caliente en la cocina ni en los baños; la calefacción funciona con normalidad.',
    reason: ['CAL', 'CAL-ACS'],
    events: [
      ['mlopez', 'LLS', 'Llamada al cliente para confirmar la visita del técnico mañana a primera hora.'],
      ['owner', 'DES', 'Visita: la válvula de tres vías no conmuta a ACS.'],
    ],
    diagnosis: { by: 'owner', text: 'Motor de la válvula de tres vías agarrotado: no conmuta a agua caliente sanitaria.' },
    supplies: [
      ['REP-VALV3', '1'],
      ['MO-HORA', '1.5'],
    ],
    resolve: { by: 'owner', solution: 'Sustituida la válvula de tres vías completa. Probado el servicio de ACS y de calefacción.', code: ['REP', 'REP-PZ'] },
  },
  {
    key: 'resolved-courtesy',
    by: 'eclarke',
    coverage: 'none',
    items: ['LAV-'],
    hoursAgo: 146,
    caseType: 'courtesy',
    symptom: 'El lavavajillas de capota no desagua al final del ciclo y deja agua sucia en la cuba.',
    reason: ['HOS', 'HOS-LV'],
    events: [['owner', 'DES', 'Desplazamiento: cliente habitual, la visita se hace por cortesía.']],
    diagnosis: { by: 'owner', text: 'Bomba de desagüe obstruida por restos de comida y un trozo de estropajo.' },
    supplies: [['MO-HORA', '0.5']],
    resolve: { by: 'owner', solution: 'Limpieza de la bomba de desagüe y del filtro de la cuba. Explicado al personal cómo limpiar el filtro cada noche.', code: ['REP', 'REP-LI'] },
  },
  {
    key: 'closed-warranty',
    by: 'agarcia',
    coverage: 'warranty',
    items: ['AAC-', 'BDC-'],
    hoursAgo: 216,
    symptom: 'El aire acondicionado enfría muy poco y la unidad exterior tiene escarcha en la llave de gas.',
    reason: ['CLI', 'CLI-FG'],
    events: [
      ['owner', 'DES', 'Visita con detector electrónico de fugas.'],
      ['owner', 'EME', 'Enviado al cliente el parte de trabajo firmado.'],
    ],
    diagnosis: { by: 'owner', text: 'Fuga en el abocardado de la línea de líquido, en la unidad interior.' },
    supplies: [
      ['REP-R32', '1.2'],
      ['REP-FILTRO', '1'],
      ['MO-HORA', '2'],
    ],
    resolve: { by: 'owner', solution: 'Rehecho el abocardado, prueba de estanqueidad con nitrógeno, vacío y carga de 1,2 kg de R-32.', code: ['REP', 'REP-RC'] },
    close: { by: 'lmartin' },
  },
  {
    key: 'closed-courtesy',
    by: 'jfernandez',
    coverage: 'none',
    items: ['CAF-'],
    hoursAgo: 288,
    caseType: 'courtesy',
    symptom: 'La cafetera no da presión en el grupo izquierdo; el derecho funciona.',
    reason: ['HOS', 'HOS-CA'],
    events: [['owner', 'LLS', 'Guiado por teléfono: el grupo izquierdo tenía el filtro ciego puesto desde la limpieza de la noche.']],
    diagnosis: { by: 'owner', text: 'Sin avería: filtro ciego de limpieza olvidado en el portafiltros.' },
    supplies: [['MO-DESPL', '1']],
    resolve: { by: 'owner', solution: 'Retirado el filtro ciego y explicado el procedimiento de limpieza. Desplazamiento sin cargo por cortesía.', code: ['SIN', 'SIN-US'] },
    close: { by: 'lmartin' },
  },
  {
    key: 'closed-billable',
    by: 'mlopez',
    coverage: 'none',
    items: ['CAL-'],
    hoursAgo: 192,
    symptom: 'La calefacción hace ruido de agua y los radiadores de arriba no calientan; la presión está bien.',
    reason: ['CAL', 'CAL-RU'],
    events: [
      ['mlopez', 'LLE', 'El cliente acepta el presupuesto de la bomba y la mano de obra por teléfono.'],
      ['owner', 'DES', 'Visita con la bomba de recambio.'],
    ],
    diagnosis: { by: 'owner', text: 'Bomba de circulación con el rodete roto: caudal insuficiente para la planta de arriba.' },
    supplies: [
      ['REP-BOMBA', '1'],
      ['MO-HORA', '1'],
      ['MO-DESPL', '1'],
    ],
    resolve: { by: 'owner', solution: 'Sustituida la bomba de circulación y purgado el circuito. Todos los radiadores calientan.', code: ['REP', 'REP-PZ'] },
    close: { by: 'lmartin' },
  },
  {
    key: 'reopened',
    by: 'agarcia',
    coverage: 'warranty',
    items: ['FRI-'],
    hoursAgo: 360,
    symptom: 'El armario frigorífico hace hielo en el evaporador y no baja de 9 °C.',
    reason: ['HOS', 'HOS-FR'],
    events: [['owner', 'DES', 'Visita: evaporador bloqueado de hielo.']],
    diagnosis: { by: 'owner', text: 'Sonda de desescarche fuera de su alojamiento: no se hacían los desescarches.' },
    supplies: [['MO-HORA', '1']],
    resolve: { by: 'owner', solution: 'Colocada la sonda de desescarche en su sitio y forzado un desescarche. Temperatura correcta a la hora.', code: ['REP', 'REP-AJ'] },
    close: { by: 'lmartin' },
    reopen: {
      by: 'agarcia',
      reason: 'El cliente llama: dos días después vuelve a hacer hielo en el evaporador.',
      then: ['agarcia', 'LLE', 'El cliente dice que la puerta no cierra bien desde que movieron el armario; el técnico revisará la junta.'],
    },
    statusCode: 'PL',
  },
];

/**
 * Cases of the last six weeks, handled and closed: most within their SLA targets, a few not (a
 * response days late, a part that took ten days), so the compliance figures and the incident time
 * analysis have a believable history. Warranty, contract or courtesy: closing them issues no invoice.
 */
type History = {
  daysAgo: number;
  by: string;
  coverage: 'warranty' | 'contract';
  items: string[];
  reason: [string, string];
  symptom: string;
  diagnosis: string;
  solution: string;
  code: [string, string];
  supplies: Array<[string, string]>;
  priority?: string;
  /** Late: the response days after the case reached us, or only the resolution. */
  late?: 'response' | 'resolution';
  courtesy?: boolean;
};

const HISTORY: History[] = [
  { daysAgo: 41, by: 'agarcia', coverage: 'warranty', items: ['CAL-'], reason: ['CAL', 'CAL-PR'], symptom: 'La caldera pierde presión cada dos o tres días y hay que rellenar.', diagnosis: 'Vaso de expansión sin carga de aire.', solution: 'Sustituido el vaso de expansión y ajustada la presión del circuito.', code: ['REP', 'REP-PZ'], supplies: [['REP-VASO', '1'], ['MO-HORA', '1']] },
  { daysAgo: 38, by: 'mlopez', coverage: 'contract', items: ['FRI-', 'HIE-'], reason: ['HOS', 'HOS-FR'], symptom: 'El botellero no baja de 10 °C por la tarde, con el bar lleno.', diagnosis: 'Condensador sucio de grasa y polvo.', solution: 'Limpieza del condensador y del ventilador; temperatura correcta en una hora.', code: ['REP', 'REP-LI'], supplies: [['MO-HORA', '1']], late: 'resolution' },
  { daysAgo: 33, by: 'eclarke', coverage: 'warranty', items: ['HOR-'], reason: ['HOS', 'HOS-HO'], symptom: 'El horno tarda más de una hora en llegar a 200 °C.', diagnosis: 'Junta de puerta rota: pierde calor por el lateral.', solution: 'Cambiada la junta de la puerta; llega a 200 °C en 15 minutos.', code: ['REP', 'REP-PZ'], supplies: [['REP-JUNTA', '1'], ['MO-HORA', '1']], priority: 'P2' },
  { daysAgo: 30, by: 'agarcia', coverage: 'contract', items: ['VRF-', 'AAC-CAS', 'AAC-CONS', 'BDC-'], reason: ['CLI', 'CLI-FG'], symptom: 'Aviso de baja presión en la unidad exterior; enfría poco.', diagnosis: 'Fuga en una tuerca de la línea de gas.', solution: 'Reapretada la unión, prueba de estanqueidad y recarga de refrigerante.', code: ['REP', 'REP-RC'], supplies: [['REP-R32', '0.8'], ['MO-HORA', '2']], late: 'response' },
  { daysAgo: 24, by: 'jfernandez', coverage: 'warranty', items: ['CAL-'], reason: ['CAL', 'CAL-NE'], symptom: 'La caldera no arranca por la mañana; a mediodía sí.', diagnosis: 'Termopar de seguridad con mala lectura en frío.', solution: 'Sustituido el termopar; diez arranques seguidos sin fallo.', code: ['REP', 'REP-PZ'], supplies: [['REP-TERMO', '1'], ['MO-HORA', '1']] },
  { daysAgo: 18, by: 'agarcia', coverage: 'warranty', items: ['AAC-'], reason: ['CLI', 'CLI-AG'], symptom: 'Gotea agua de la unidad interior del comedor.', diagnosis: 'Desagüe de condensados obstruido.', solution: 'Desatascado y limpiado el desagüe; bandeja tratada con bactericida.', code: ['REP', 'REP-LI'], supplies: [['MO-HORA', '0.5']] },
  { daysAgo: 13, by: 'jfernandez', coverage: 'contract', items: ['VRF-', 'AAC-CAS', 'AAC-CONS', 'BDC-'], reason: ['CLI', 'CLI-CO'], symptom: 'Error de comunicación intermitente en dos unidades interiores.', diagnosis: 'Conector del bus oxidado en la caja de derivación.', solution: 'Sustituido el conector y protegida la caja de la humedad.', code: ['REP', 'REP-PZ'], supplies: [['MO-HORA', '1.5']] },
  { daysAgo: 11, by: 'eclarke', coverage: 'warranty', items: ['CAL-'], reason: ['CAL', 'CAL-ACS'], symptom: 'El agua caliente sale tibia en la ducha de arriba.', diagnosis: 'Válvula de tres vías que no abre del todo.', solution: 'Sustituida la válvula de tres vías.', code: ['REP', 'REP-PZ'], supplies: [['REP-VALV3', '1'], ['MO-HORA', '1']], late: 'resolution' },
  { daysAgo: 7, by: 'mlopez', coverage: 'contract', items: ['FRI-', 'HIE-'], reason: ['HOS', 'HOS-FR'], symptom: 'La cámara de refrigeración hace hielo en la puerta.', diagnosis: 'Resistencia del marco de la puerta cortada.', solution: 'Empalmada la resistencia del marco; sin hielo al día siguiente.', code: ['REP', 'REP-AJ'], supplies: [['MO-HORA', '1']] },
  { daysAgo: 3, by: 'eclarke', coverage: 'warranty', items: ['CAL-'], reason: ['CAL', 'CAL-RU'], symptom: 'Ruido de silbido en la caldera al calentar agua.', diagnosis: 'Intercambiador con cal.', solution: 'Desincrustado el intercambiador de placas.', code: ['REP', 'REP-LI'], supplies: [['MO-HORA', '1.5']] },
];

/** A past case as the intake and steps above: responded and solved in hours, or late as it says. */
function historyCase(h: History, k: number): DemoIncident {
  // Days late: a response five days after, a resolution ten days after (past any target of the
  // priorities, also across a weekend and holidays).
  const span = h.late === 'resolution' ? 240 : h.late === 'response' ? 150 : 8;
  return {
    key: `history-${k}`,
    by: h.by,
    coverage: h.coverage,
    items: h.items,
    hoursAgo: h.daysAgo * 24 + 2 + (k % 5),
    symptom: h.symptom,
    reason: h.reason,
    priority: h.priority,
    caseType: h.courtesy ? 'courtesy' : undefined,
    events: [['owner', h.late === 'response' ? 'LLS' : 'DES', h.late === 'response' ? 'Llamo al cliente para disculpar el retraso y concertar la visita.' : 'Visita del técnico.']],
    diagnosis: { by: 'owner', text: h.diagnosis },
    supplies: h.supplies,
    resolve: { by: 'owner', solution: h.solution, code: h.code },
    close: { by: 'lmartin' },
    span,
    firstStepShare: h.late === 'response' ? 0.8 : undefined,
  };
}

type Unit = {
  id: string;
  serialNumber: string;
  itemCode: string;
  customerId: string;
  saleDate: string;
  warrantyEnd: string | null;
  warranty: { underWarranty: boolean };
  contract: { underContract: boolean; contractId: string | null };
};

/**
 * Whether the unit had this coverage on the day the case reached us (the incident copies it as of
 * that day), with a margin so that a warranty ending around then is never picked for either side.
 */
function covered(u: Unit, coverage: Coverage, receivedDay: string) {
  const before = addDays(receivedDay, -30);
  if (u.saleDate > before) return false;
  if (coverage === 'contract') return u.contract.underContract;
  if (u.contract.underContract) return false;
  if (coverage === 'warranty') return u.warranty.underWarranty && u.warrantyEnd !== null && u.warrantyEnd > addDays(receivedDay, 30);
  return u.warrantyEnd === null || u.warrantyEnd < before;
}

export const DEMO_INCIDENT_COUNTS = {
  total: INCIDENTS.length + HISTORY.length,
  /** Customers created on the spot at intake. */
  newCustomers: 1,
  /** Calls this step registers: the one an incident is created from, and the ones added to a case. */
  calls: INCIDENTS.filter((i) => i.fromCall).length + INCIDENTS.filter((i) => i.callAgain).length,
};

export const incidentsStep: DemoStep = {
  name: 'incidents',
  async run(ctx: DemoStepContext) {
    const { api, state } = ctx;
    const usernameById = new Map(Object.entries(state.users).map(([username, id]) => [id, username]));
    // The SLA step's 24×7 contract keeps its own cases; these go on other units.
    const slaContract = (state.extra.slaContractId as string | undefined) ?? null;
    const units = (await api.all<Unit>('/units?active=true')).filter((u) => !slaContract || u.contract.contractId !== slaContract);
    const used = new Set<string>();
    const pick = (coverage: Coverage, prefixes: string[], hoursAgo: number, again = false) => {
      const receivedDay = addDays(ctx.today, -Math.ceil(hoursAgo / 24));
      const fitting = units.filter((u) => covered(u, coverage, receivedDay));
      // Past cases may come back to a customer who has another one; the current ones each have their own.
      const free = again ? [...fitting.filter((u) => !used.has(u.customerId)), ...fitting] : fitting.filter((u) => !used.has(u.customerId));
      const fits = (u: Unit) => prefixes.some((p) => u.itemCode.startsWith(p));
      // "Under contract" shows best on a unit whose own warranty is over.
      const unit = free.find((u) => fits(u) && !(coverage === 'contract' && u.warranty.underWarranty)) ?? free.find(fits) ?? free[0];
      if (unit) used.add(unit.customerId);
      return unit;
    };
    const items = Object.fromEntries((await api.all<{ id: string; code: string }>('/items')).map((i) => [i.code, i.id]));
    const start = Date.now();
    const ago = (hours: number) => new Date(start - hours * 3600_000).toISOString();
    const byStage: Record<string, number> = {};
    let invoices = 0;
    let created = 0;

    for (const spec of [...INCIDENTS, ...HISTORY.map(historyCase)]) {
      const agent = await ctx.as(spec.by);
      const body: Record<string, unknown> = {
        symptom: spec.symptom,
        reasonCode: spec.reason[0],
        specificReasonCode: spec.reason[1],
        originCode: 'TE',
        receivedAt: ago(spec.hoursAgo),
        ...(spec.priority ? { priorityCode: spec.priority } : {}),
        ...(spec.contactName ? { contactName: spec.contactName } : {}),
        ...(spec.estimatedInDays ? { estimatedCloseDate: addDays(ctx.today, spec.estimatedInDays) } : {}),
      };
      if (spec.key === 'new-customer') {
        body.newCustomer = { name: 'Bar Restaurante El Olivo', phone: '+34 925 214 077', taxId: cifFromNumber('B', 4_512_037) };
        body.itemId = items['HIE-40'];
        body.contactPhone = '+34 925 214 077';
      } else {
        const unit = pick(spec.coverage, spec.items, spec.hoursAgo, spec.key.startsWith('history-'));
        if (!unit) continue;
        body.serialNumber = unit.serialNumber;
        if (spec.fromCall) {
          const call = await agent.post<{ id: string }>('/calls', { serialNumber: unit.serialNumber, typeCode: 'AV', description: spec.symptom, toGroupId: state.groups.SAT });
          body.fromCallId = call.id;
          delete body.receivedAt;
        }
      }

      // The case's own time line: registered a few minutes after it reached us, then each step spread
      // over `span` hours (the stamps, the first response and the SLA clocks are those instants); what
      // happens today (a billable close that issues its invoice, a call taken now) runs on the real clock.
      const steps: Array<{ now?: boolean; run: () => Promise<void> }> = [];
      let id = '';
      let ownerName = 'psanchez';
      const as = (who: string): Promise<DemoApi> => ctx.as(who === 'owner' ? ownerName : who);
      if (spec.caseType) steps.push({ run: async () => void (await agent.patch(`/incidents/${id}`, { caseType: spec.caseType })) });
      for (const [who, typeCode, text] of spec.events ?? []) steps.push({ run: async () => void (await (await as(who)).post(`/incidents/${id}/events`, { typeCode, text })) });
      if (spec.delegate) {
        const d = spec.delegate;
        const to = d.toGroup ? { toGroupId: state.groups[d.toGroup] } : { toUserId: state.users[d.toUser!] };
        steps.push({ run: async () => void (await (await as(d.by)).post(`/incidents/${id}/delegate`, { ...to, note: d.note })) });
      }
      if (spec.diagnosis) {
        const d = spec.diagnosis;
        steps.push({ run: async () => void (await (await as(d.by)).post(`/incidents/${id}/diagnose`, { diagnosis: d.text })) });
      }
      if (spec.supplies?.length) {
        const lines = spec.supplies;
        steps.push({
          run: async () => {
            const tech = await as('owner');
            for (const [code, quantity] of lines) await tech.post(`/incidents/${id}/supplies`, { itemId: items[code], quantity });
          },
        });
      }
      if (spec.resolve) {
        const r = spec.resolve;
        steps.push({
          run: async () => {
            await (await as(r.by)).post(`/incidents/${id}/resolve`, { solution: r.solution, resolutionCode: r.code[0], specificResolutionCode: r.code[1] });
            // The configurable status follows the stage, as a technician would set it.
            await (await as('owner')).patch(`/incidents/${id}`, { statusCode: spec.close ? 'CE' : 'RS' });
          },
        });
      }
      if (spec.close) {
        const by = spec.close.by;
        steps.push({
          // Closing a billable case with supplies issues its invoice: today, after billing's history.
          now: spec.caseType === undefined && spec.coverage === 'none' && Boolean(spec.supplies?.length),
          run: async () => {
            const closed = await (await as(by)).post<{ invoiceId: string | null }>(`/incidents/${id}/close`, {});
            if (closed.invoiceId) invoices++;
          },
        });
      }
      if (spec.reopen) {
        const r = spec.reopen;
        steps.push({ run: async () => void (await (await as(r.by)).post(`/incidents/${id}/reopen`, { reason: r.reason })) });
        if (r.then) {
          const [who, typeCode, text] = r.then;
          steps.push({ run: async () => void (await (await as(who)).post(`/incidents/${id}/events`, { typeCode, text })) });
        }
      }
      if (spec.statusCode) {
        const statusCode = spec.statusCode;
        steps.push({ run: async () => void (await agent.patch(`/incidents/${id}`, { statusCode })) });
      }
      if (spec.callAgain) {
        const c = spec.callAgain;
        steps.push({
          now: true,
          run: async () => {
            const caller = await as(c.by);
            const call = await caller.post<{ id: string }>('/calls', { serialNumber: body.serialNumber, typeCode: 'AV', description: c.text, toUserId: state.users[c.by] });
            await caller.post(`/incidents/${id}/events`, { typeCode: 'LLE', text: c.text, fromCallId: call.id });
          },
        });
      }

      const backdated = !spec.fromCall;
      const at = (hoursAgo: number, fn: () => Promise<void>) => (backdated ? ctx.asOfHours(Math.max(0, hoursAgo) + (Date.now() - start) / 3600_000, fn) : fn());
      const intakeAgo = Math.max(0, spec.hoursAgo - 0.05);
      await at(intakeAgo, async () => {
        const incident = await agent.post<{ id: string; ownerUserId: string | null }>('/incidents', body);
        id = incident.id;
        ownerName = (incident.ownerUserId && usernameById.get(incident.ownerUserId)) || 'psanchez';
      });
      created++;
      // The first step (the response, as a rule) within the hour and a half unless the case says it
      // came late, the others spread evenly up to the span.
      const span = Math.min(spec.span ?? 6, intakeAgo * 0.8);
      const timed = steps.filter((step) => !step.now).length;
      const first = spec.firstStepShare !== undefined ? span * spec.firstStepShare : Math.min(span / Math.max(timed, 1), 1.5);
      let k = 0;
      for (const step of steps) {
        if (step.now) {
          await step.run();
          continue;
        }
        const after = timed <= 1 ? first : first + ((span - first) * k) / (timed - 1);
        k++;
        await at(intakeAgo - after, step.run);
      }
      const stage = spec.reopen ? 'reabierta' : spec.close ? 'cerrada' : spec.resolve ? 'resuelta' : spec.diagnosis ? 'diagnosticada' : 'abierta';
      byStage[stage] = (byStage[stage] ?? 0) + 1;
    }
    const parts = Object.entries(byStage).map(([stage, n]) => `${n} ${stage}${n > 1 ? 's' : ''}`);
    return `${created} incidencias (${parts.join(', ')}; ${invoices} facturada al cerrar)`;
  },
};
