/**
 * Demo incoming calls: messages taken by the support agents for colleagues and teams. Some are
 * pending now (for the demo agents and their groups), some postponed to later today or tomorrow
 * with their reasons (one of them twice, to show the history), and many finished — by hand or by
 * the action created from them — with notes.
 *
 * The server stamps registration and finishing with the real time: the demo does not forge them,
 * so every call is registered "now" (the time of the demo load). The history over past weeks is
 * carried by the date fields the API accepts (time entry dates, commercial activity dates, due dates).
 */
import { DEMO_CUSTOMERS } from '../demo-customers.ts';
import type { DemoApi, DemoStep, DemoStepContext } from '../demo-kit.ts';

type To = { user?: string; group?: string };
type DemoCall = {
  by: string;
  customer?: string;
  phone?: string;
  serial?: boolean;
  taxId?: boolean;
  type: string;
  to: To;
  text: string;
  notes?: Array<[string, string]>;
  /** Hours from now, reason, new destination: each one a postponement (the last one counts). */
  postpone?: Array<{ hours: number; reason: string; by: string; to: To }>;
  /** How it ends: finished by hand, or by an action created from it. */
  finish?: { by: string; how: 'hand' | 'activity' | 'time' | 'task' | 'commercial'; text?: string };
};

const CALLS: DemoCall[] = [
  // pending now
  { by: 'agarcia', customer: 'HOTMIR', type: 'AV', to: { group: 'TEC-SUR' }, text: 'La enfriadora de la cocina central da alarma de alta presión y se para cada media hora. Tienen banquete esta noche: piden técnico urgente.', notes: [['agarcia', 'Les he pedido que no la rearmen más de dos veces seguidas.']] },
  { by: 'jfernandez', customer: 'RESOLI', type: 'AV', to: { user: 'agarcia' }, text: 'El horno mixto marca error E34 al iniciar el ciclo de vapor. Preguntan si pueden seguir usándolo solo en convección.' },
  { by: 'mlopez', customer: 'CPMAY12', type: 'MT', to: { group: 'SAT' }, text: 'El administrador de la comunidad quiere fijar la revisión anual de la caldera centralizada antes de que empiece el frío.' },
  { by: 'agarcia', customer: 'AYTOVLL', type: 'AD', to: { user: 'jfernandez' }, text: 'Intervención pide copia de las facturas de mantenimiento del polideportivo del último trimestre, con el número de expediente.' },
  { by: 'eclarke', customer: 'COLSJO', type: 'CT', to: { user: 'agarcia' }, text: 'La conserje pregunta cómo programar la calefacción para que no arranque los fines de semana.' },
  { by: 'jfernandez', phone: '+34 611 204 387', type: 'CM', to: { user: 'lmartin' }, text: 'Particular interesado en cambiar su caldera de gasoil por una aerotermia. Pide presupuesto y si hay subvenciones.' },
  { by: 'mlopez', customer: 'CLIDSON', serial: true, type: 'GA', to: { group: 'SAT' }, text: 'El split de la sala de espera gotea agua por el frontal. Está en garantía: piden que se revise sin cargo.' },
  { by: 'agarcia', customer: 'PANSAN', type: 'AV', to: { group: 'TEC' }, text: 'La cámara frigorífica no baja de 8 °C desde esta mañana. Tienen género dentro.', notes: [['agarcia', 'Llamé a Pablo: está en Alcobendas, puede pasar a última hora.'], ['mlopez', 'El cliente ha vuelto a llamar: ya está a 10 °C.']] },
  { by: 'eclarke', customer: 'TXOKZA', type: 'RE', to: { user: 'lmartin' }, text: 'Queja: el técnico quedó en volver el martes con la pieza y nadie les ha avisado.' },
  { by: 'jfernandez', customer: 'MARBVI', taxId: true, type: 'CT', to: { user: 'mlopez' }, text: 'Preguntan si el contrato de mantenimiento incluye la limpieza de filtros de los fancoils de las habitaciones.' },
  // postponed
  { by: 'agarcia', customer: 'CAFCEN', type: 'AV', to: { user: 'agarcia' }, text: 'La cafetera de dos grupos no calienta el agua de infusión. El encargado entra a las 17:00.', postpone: [{ hours: 3, reason: 'El encargado solo está por la tarde; llamarle cuando entre.', by: 'agarcia', to: { user: 'agarcia' } }] },
  { by: 'mlopez', customer: 'RESPAZ', type: 'MT', to: { group: 'SAT' }, text: 'La directora quiere cambiar la fecha de la revisión de las calderas de la residencia.', postpone: [{ hours: 20, reason: 'Está en reunión de patronato todo el día; pide que la llamemos mañana a primera hora.', by: 'mlopez', to: { user: 'mlopez' } }] },
  { by: 'jfernandez', customer: 'GIMFIT', type: 'AV', to: { group: 'TEC-NORTE' }, text: 'No hay agua caliente en los vestuarios. La caldera muestra el error F28.', notes: [['jfernandez', 'Reinicio por teléfono sin éxito.']], postpone: [{ hours: 2, reason: 'Esperando que el cliente confirme si la llave del gas está abierta.', by: 'jfernandez', to: { user: 'jfernandez' } }, { hours: 22, reason: 'Sin respuesta; Aitor pasa mañana por la mañana por la zona.', by: 'jfernandez', to: { group: 'TEC-NORTE' } }] },
  { by: 'eclarke', customer: 'BARSOL', type: 'CM', to: { user: 'lmartin' }, text: 'El dueño quiere presupuesto de una máquina de hielo de 40 kg para la temporada de verano.', postpone: [{ hours: 26, reason: 'Lucía prepara la oferta mañana con la tarifa nueva.', by: 'lmartin', to: { user: 'lmartin' } }] },
  { by: 'agarcia', customer: 'HOSPUE', type: 'AD', to: { group: 'ADM' }, text: 'Reclaman un abono por una visita que se facturó dos veces.', postpone: [{ hours: 5, reason: 'Rosa revisa las facturas esta tarde.', by: 'agarcia', to: { group: 'ADM' } }] },
  // finished
  { by: 'agarcia', customer: 'SUPFAM', type: 'AV', to: { group: 'TEC-SUR' }, text: 'El mural de lácteos no enfría y salta el diferencial.', notes: [['agarcia', 'Pasado a David, que está en la zona.']], finish: { by: 'dnavarro', how: 'activity', text: 'Ventilador del condensador bloqueado; sustituido y probado.' } },
  { by: 'jfernandez', customer: 'CLIVET', type: 'CT', to: { user: 'jfernandez' }, text: 'Preguntan cómo cambiar la hora del termostato programable tras el cambio de horario.', finish: { by: 'jfernandez', how: 'hand' }, notes: [['jfernandez', 'Explicado por teléfono; queda resuelto.']] },
  { by: 'mlopez', customer: 'ASAGAL', type: 'MT', to: { user: 'mlopez' }, text: 'Confirmar la revisión de los equipos de aire acondicionado de la sede.', finish: { by: 'mlopez', how: 'task', text: 'Confirmar fecha de revisión con la gestora' } },
  { by: 'eclarke', customer: 'OFITEC', type: 'CT', to: { user: 'eclarke' }, text: 'The office manager asks how to switch the VRF system to heating mode.', finish: { by: 'eclarke', how: 'time', text: 'Remote help switching the VRF system to heating mode' } },
  { by: 'agarcia', customer: 'PIZNAP', type: 'AV', to: { group: 'TEC' }, text: 'El horno de pizza eléctrico no llega a temperatura.', finish: { by: 'psanchez', how: 'activity', text: 'Resistencia inferior abierta. Pedida la pieza.' } },
  { by: 'jfernandez', customer: 'HELFRA', type: 'CM', to: { user: 'lmartin' }, text: 'Quieren una oferta de mantenimiento para las vitrinas y el abatidor.', finish: { by: 'lmartin', how: 'commercial', text: 'Llamada de seguimiento: se envía oferta de contrato de mantenimiento preventivo.' } },
  { by: 'mlopez', customer: 'MESCAS', type: 'RE', to: { user: 'lmartin' }, text: 'Se quejan del ruido de la unidad exterior que da al patio de los vecinos.', notes: [['lmartin', 'Hablé con el dueño: mandamos técnico a poner silentblocks.']], finish: { by: 'lmartin', how: 'hand' } },
  { by: 'agarcia', customer: 'HOTATL', type: 'AV', to: { group: 'TEC-NORTE' }, text: 'La bomba de calor de la piscina climatizada da error de caudal.', finish: { by: 'aetxeberria', how: 'activity', text: 'Filtro de agua colmatado; limpiado. Caudal correcto.' } },
  { by: 'eclarke', customer: 'P000101', type: 'CT', to: { user: 'agarcia' }, text: 'El cliente pregunta si puede purgar los radiadores él mismo.', finish: { by: 'agarcia', how: 'hand' }, notes: [['agarcia', 'Le he enviado las instrucciones; no hace falta visita.']] },
  { by: 'jfernandez', customer: 'P000102', type: 'AV', to: { group: 'TEC-SUR' }, text: 'Caldera de condensación bloqueada con presión baja.', finish: { by: 'itorres', how: 'time', text: 'Rellenado del circuito y revisión del vaso de expansión' } },
  { by: 'mlopez', customer: 'P000103', type: 'GA', to: { group: 'SAT' }, text: 'Aire acondicionado nuevo que no enfría en el dormitorio.', finish: { by: 'mlopez', how: 'activity', text: 'Programado en modo ventilación por error. Explicado el mando.' } },
];

function customerByCode(code: string) {
  return DEMO_CUSTOMERS.find((c) => c.code === code);
}

function destination(state: DemoStepContext['state'], to: To) {
  return to.user ? { toUserId: state.users[to.user] } : { toGroupId: state.groups[to.group!] };
}

export const callsStep: DemoStep = {
  name: 'calls',
  async run(ctx) {
    const { state } = ctx;
    const serialOf = async (api: DemoApi, customerId: string) => (await api.get<{ items: Array<{ serialNumber: string }> }>(`/units?customerId=${customerId}&limit=1`)).items[0]?.serialNumber;
    const ids: string[] = [];
    let pending = 0;
    let postponed = 0;
    let finished = 0;
    for (const c of CALLS) {
      const api = await ctx.as(c.by);
      const customer = c.customer ? customerByCode(c.customer) : undefined;
      const customerId = c.customer ? state.customers[c.customer] : undefined;
      // Most callers are identified by the phone they call from, as in the inbox.
      const from: Record<string, unknown> = {};
      if (c.phone) from.phone = c.phone;
      else if (c.serial && customerId) from.serialNumber = await serialOf(api, customerId);
      else if (c.taxId && customer) from.taxId = customer.taxId;
      else if (customer?.phones[0]) from.phone = customer.phones[0];
      else if (customerId) from.customerId = customerId;
      const call = await api.post<{ id: string; customerId: string | null }>('/calls', { ...from, typeCode: c.type, description: c.text, ...destination(state, c.to) });
      ids.push(call.id);
      for (const [who, text] of c.notes ?? []) await (await ctx.as(who)).post(`/calls/${call.id}/notes`, { text });
      for (const p of c.postpone ?? []) {
        const until = new Date(Date.now() + p.hours * 3600_000).toISOString();
        await (await ctx.as(p.by)).post(`/calls/${call.id}/postpone`, { until, reason: p.reason, ...destination(state, p.to) });
      }
      if (c.postpone) postponed++;
      if (!c.finish) {
        if (!c.postpone) pending++;
        continue;
      }
      const fin = await ctx.as(c.finish.by);
      const target = call.customerId ?? customerId;
      const userId = state.users[c.finish.by];
      switch (c.finish.how) {
        case 'hand':
          await fin.post(`/calls/${call.id}/finish`, {});
          break;
        case 'activity':
          await fin.post('/activities', { customerId: target, originCode: 'TE', problem: c.text, statusCode: 'RE', solutionTypeCode: 'RT', solution: c.finish.text, fromCallId: call.id });
          break;
        case 'time':
          await fin.post(`/customers/${target}/quick-time`, { text: c.finish.text, userId, date: ctx.today, minutes: 30, fromCallId: call.id });
          break;
        case 'task':
          await fin.post('/tasks', { title: c.finish.text, customerId: target, assigneeUserId: userId, dueDate: ctx.today, fromCallId: call.id });
          break;
        case 'commercial':
          await fin.post('/commercial-activities', { customerId: target, typeCode: 'phone_call', description: c.finish.text, fromCallId: call.id });
          break;
      }
      finished++;
    }
    state.extra.calls = ids;
    return `${ids.length} llamadas (${pending} pendientes, ${postponed} aplazadas, ${finished} finalizadas)`;
  },
};

export const DEMO_CALL_COUNTS = {
  total: CALLS.length,
  postponed: CALLS.filter((c) => c.postpone && !c.finish).length,
  finished: CALLS.filter((c) => c.finish).length,
};
