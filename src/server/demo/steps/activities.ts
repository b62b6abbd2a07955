/**
 * Demo technical activities (what the technicians and agents did for each customer: origin, problem,
 * solution), a few whose solution type runs its automatic action (call-back in the customer agenda,
 * task, notice to the registering user, e-mail to the customer), commercial activities dated over
 * the last weeks, and customer agenda call-backs (overdue, today, coming, done).
 * Registration stamps are the real time of the load (never forged).
 */
import { addDays, type DemoStep } from '../demo-kit.ts';

type Problem = { type: string; origin: string; problem: string; solutionType: string; solution: string; status: string };

// [problem type, problem, solution type, solution, status]
const PROBLEMS: Array<[string, string, string, string, string]> = [
  ['NE', 'La caldera no arranca; la pantalla está apagada.', 'RT', 'Fusible de placa fundido. Indicado al cliente cómo rearmar el magnetotérmico de la caldera.', 'RE'],
  ['RB', 'El aire acondicionado del comedor no enfría lo suficiente a mediodía.', 'SA', 'Filtros muy sucios. Limpieza de filtros y explicado el mantenimiento mensual.', 'RE'],
  ['CE', 'Código E9 en la pantalla del lavavajillas de capota.', 'RT', 'Error de nivel de agua: limpiado el presostato por teléfono con el encargado.', 'RE'],
  ['FU', 'Fuga de agua por debajo de la caldera mural.', 'PR', 'Válvula de seguridad defectuosa. Pedida la válvula de 3 bar al proveedor.', 'ER'],
  ['RU', 'Ruido fuerte en la unidad exterior al arrancar el compresor.', 'VT', 'Silentblocks desgastados; hay que sustituirlos en visita.', 'EP'],
  ['EL', 'Salta el diferencial al encender el horno mixto.', 'RT', 'Resistencia de la cámara derivada a masa. Sustituida y comprobado aislamiento.', 'RE'],
  ['MP', 'Revisión anual de la caldera centralizada de la comunidad.', 'RT', 'Revisión completa: análisis de combustión correcto, limpieza de quemador y vaso de expansión a 1,5 bar.', 'RE'],
  ['US', 'No saben programar el termostato semanal.', 'IE', 'Enviadas por e-mail las instrucciones paso a paso con capturas del termostato.', 'RE'],
  ['RB', 'La cámara de congelación no baja de −12 °C.', 'PR', 'Falta de gas R-452A por fuga en el evaporador. Pedido evaporador nuevo.', 'ER'],
  ['CE', 'La bomba de calor muestra el error P1 de alta presión.', 'LL', 'Reiniciada en remoto. Volver a llamar mañana para confirmar que no se repite.', 'HA'],
  ['NE', 'El fabricador de hielo no produce cubitos.', 'RT', 'Entrada de agua cerrada tras una obra. Abierta y comprobado el ciclo.', 'RE'],
  ['IN', 'Puesta en marcha de la enfriadora nueva de la cocina central.', 'RT', 'Puesta en marcha realizada; formación al personal de cocina.', 'RE'],
  ['FU', 'Gotea el split de la recepción.', 'SA', 'Desagüe obstruido por cal. Limpiado; se recomienda bomba de condensados.', 'RE'],
  ['EL', 'La campana extractora no arranca.', 'AS', 'Variador de frecuencia averiado; presupuesto alto, lo valora el supervisor con el cliente.', 'EP'],
  ['RB', 'Los radiadores de la segunda planta no calientan.', 'RT', 'Aire en el circuito: purgados los radiadores y ajustada la presión.', 'RE'],
  ['CE', 'La cafetera marca error de caudalímetro en el grupo 2.', 'PR', 'Caudalímetro averiado. Pedido repuesto original.', 'ER'],
  ['MP', 'Mantenimiento preventivo trimestral de los equipos de frío.', 'RT', 'Limpieza de condensadores, revisión de juntas y de temperaturas. Todo correcto.', 'RE'],
  ['NE', 'El abatidor no enciende tras un corte de luz.', 'LL', 'Rearmado el térmico. Llamar al cliente el lunes para comprobar que sigue bien.', 'HA'],
  ['US', 'Quieren cambiar las consignas de temperatura del VRF.', 'IE', 'Enviado el manual de usuario del control centralizado.', 'RE'],
  ['RU', 'Vibración en la lavadora industrial durante el centrifugado.', 'VT', 'Amortiguadores gastados. Hace falta visita con los recambios.', 'EP'],
  ['FU', 'Olor a gas junto a la cocina industrial.', 'AS', 'Cerrada la llave general y avisado al supervisor; revisar la instalación con el instalador autorizado.', 'EP'],
  ['RB', 'La caldera tarda mucho en dar agua caliente.', 'RT', 'Ajustado el caudal mínimo de arranque y limpiado el filtro de entrada.', 'RE'],
  ['CE', 'Error F28 en la caldera del gimnasio.', 'RT', 'Sin suministro de gas por corte de la compañía. Rearmada cuando volvió el gas.', 'RE'],
  ['EL', 'La vitrina refrigerada hace saltar el magnetotérmico.', 'PR', 'Ventilador del evaporador en cortocircuito; pedido uno nuevo.', 'ER'],
  ['MP', 'Revisión de los equipos de aire antes del verano.', 'RT', 'Limpieza de baterías y comprobación de presiones en los seis equipos.', 'RE'],
  ['NE', 'El horno de convección no calienta.', 'HA', 'Pendiente de diagnóstico: el cliente enviará foto de la placa de características.', 'HA'],
  ['IN', 'Instalación de termostatos wifi en las aulas.', 'RT', 'Instalados y vinculados a la app del colegio.', 'RE'],
  ['RB', 'La máquina de hielo produce cubitos huecos.', 'SA', 'Agua muy dura: recomendado descalcificador. Limpieza del evaporador.', 'RE'],
  ['CE', 'La enfriadora muestra alarma de baja presión.', 'LL', 'Rearmada; volver a llamar para revisar los datos del registro.', 'HA'],
  ['US', 'No saben activar el modo vacaciones de la aerotermia.', 'RT', 'Explicado por teléfono.', 'RE'],
  ['FU', 'Pérdida de presión continua en la calefacción.', 'VT', 'Posible fuga en suelo radiante: hace falta visita con detector.', 'EP'],
  ['RU', 'Pita la alarma de la cámara de refrigeración por la noche.', 'RT', 'Sonda de temperatura mal colocada tras limpieza; recolocada.', 'RE'],
  ['EL', 'La freidora no mantiene la temperatura del aceite.', 'PR', 'Termostato de regulación averiado; pedido.', 'ER'],
  ['MP', 'Revisión de las calderas de la residencia.', 'RT', 'Revisión y análisis de combustión de las tres calderas. Certificado entregado.', 'RE'],
  ['NE', 'El lavavajillas de túnel no arranca.', 'AS', 'Placa electrónica quemada, cliente molesto por el tiempo de espera: lo gestiona la supervisora.', 'EP'],
  ['RB', 'El aire de la sala de servidores no mantiene 22 °C.', 'RT', 'Ajustada la consigna y limpiado el filtro; se propone un segundo equipo de respaldo.', 'RE'],
  ['CE', 'Error E1 en el termo eléctrico del vestuario.', 'RT', 'Sonda desconectada; conectada de nuevo.', 'RE'],
  ['US', 'Dudas sobre el contrato de mantenimiento y qué cubre.', 'SA', 'Explicada la cobertura del contrato; no es una avería.', 'RE'],
  ['FU', 'Agua en el suelo junto a la cámara frigorífica.', 'RT', 'Desagüe de la cámara congelado; descongelado y aislado el tubo.', 'RE'],
  ['IN', 'Cambio de caldera de gasoil por aerotermia (estudio previo).', 'VT', 'Tomadas medidas; falta visita del técnico de instalación.', 'EP'],
];

const ORIGINS = ['TE', 'TE', 'TE', 'EM', 'WE', 'VI', 'AR'];
const REGISTRARS = ['psanchez', 'cromero', 'dnavarro', 'itorres', 'aetxeberria', 'agarcia', 'jfernandez', 'mlopez'];

const COMMERCIAL: Array<{ customer: string; by: string; type: string; text: string; daysAgo: number; nextInDays: number | null }> = [
  { customer: 'HOTMIR', by: 'lmartin', type: 'visit', text: 'Visita al director para presentar el contrato de mantenimiento integral de la cocina.', daysAgo: 40, nextInDays: -5 },
  { customer: 'HOTMIR', by: 'lmartin', type: 'offer', text: 'Enviada oferta de contrato 24 h para la enfriadora y las cámaras.', daysAgo: 12, nextInDays: 2 },
  { customer: 'RESPAZ', by: 'lmartin', type: 'meeting', text: 'Reunión con la directora: renovación del contrato de calderas por tres años.', daysAgo: 25, nextInDays: 0 },
  { customer: 'AYTOVLL', by: 'lmartin', type: 'email', text: 'Enviada documentación para la licitación del mantenimiento de los edificios municipales.', daysAgo: 18, nextInDays: 10 },
  { customer: 'COLSJO', by: 'mlopez', type: 'phone_call', text: 'Interesados en cambiar los radiadores del pabellón; piden visita en vacaciones.', daysAgo: 9, nextInDays: 20 },
  { customer: 'GIMFIT', by: 'jfernandez', type: 'demo', text: 'Demostración del control remoto de la bomba de calor de la piscina.', daysAgo: 30, nextInDays: null },
  { customer: 'MARBVI', by: 'lmartin', type: 'follow_up', text: 'Seguimiento de la oferta de sustitución de fancoils: esperan aprobación de la junta.', daysAgo: 6, nextInDays: -1 },
  { customer: 'PIZNAP', by: 'agarcia', type: 'offer', text: 'Oferta de horno de pizza de gas con instalación incluida.', daysAgo: 15, nextInDays: 5 },
  { customer: 'SUPFAM', by: 'lmartin', type: 'visit', text: 'Visita para estudiar el cambio de los murales de lácteos a CO₂.', daysAgo: 50, nextInDays: null },
  { customer: 'HELFRA', by: 'eclarke', type: 'email', text: 'Sent the preventive maintenance price list requested by the owner.', daysAgo: 3, nextInDays: 7 },
  { customer: 'CLIDSON', by: 'mlopez', type: 'phone_call', text: 'Llamada de cortesía tras la instalación de los splits: muy contentos.', daysAgo: 20, nextInDays: null },
  { customer: 'HOTATL', by: 'lmartin', type: 'meeting', text: 'Reunión con la propiedad para la reforma de la climatización de las habitaciones.', daysAgo: 8, nextInDays: 14 },
];

const CALLBACKS: Array<{ customer: string; user: string; title: string; days: number; hour: number; done?: boolean }> = [
  { customer: 'CPMAY12', user: 'agarcia', title: 'Llamar al administrador para cerrar la fecha de la revisión', days: -2, hour: 10 },
  { customer: 'RESOLI', user: 'agarcia', title: 'Confirmar que el horno funciona tras el cambio de placa', days: 0, hour: 12 },
  { customer: 'TXOKZA', user: 'lmartin', title: 'Llamar al dueño para disculparnos y dar fecha de la pieza', days: 0, hour: 17 },
  { customer: 'BARSOL', user: 'jfernandez', title: 'Preguntar si recibieron la oferta de la máquina de hielo', days: 1, hour: 11 },
  { customer: 'ASAGAL', user: 'mlopez', title: 'Recordar la revisión de los equipos de la sede', days: 3, hour: 9 },
  { customer: 'MESCAS', user: 'lmartin', title: 'Comprobar que el ruido de la unidad exterior ya no molesta', days: -6, hour: 10, done: true },
  { customer: 'OFITEC', user: 'eclarke', title: 'Call the office manager to check the heating schedule', days: 2, hour: 16 },
];

function dueAt(today: string, days: number, hour: number): string {
  // Europe/Madrid is UTC+1 in winter, UTC+2 in summer; an hour off is fine for demo call-backs.
  return `${addDays(today, days)}T${String(hour - 1).padStart(2, '0')}:00:00.000Z`;
}

export const activitiesStep: DemoStep = {
  name: 'activities',
  async run(ctx) {
    const { state, random, today } = ctx;
    const customerCodes = Object.keys(state.customers);
    let automatic = 0;
    for (const [i, [problemType, problem, solutionType, solution, status]] of PROBLEMS.entries()) {
      const p: Problem = { type: problemType, origin: ORIGINS[i % ORIGINS.length], problem, solutionType, solution, status };
      const api = await ctx.as(REGISTRARS[i % REGISTRARS.length]);
      // Two in three for the named customers (the ones the demo shows most), the rest spread.
      const code = i % 3 === 2 ? random.pick(customerCodes) : customerCodes[i % 22];
      const created = await api.post<{ automaticAction: unknown }>('/activities', {
        customerId: state.customers[code],
        originCode: p.origin,
        problemTypeCode: p.type,
        problem: p.problem,
        solutionTypeCode: p.solutionType === 'HA' ? null : p.solutionType,
        solution: p.solutionType === 'HA' ? '' : p.solution,
        statusCode: p.status,
      });
      if (created.automaticAction) automatic++;
    }

    for (const c of COMMERCIAL) {
      const api = await ctx.as(c.by);
      await api.post('/commercial-activities', {
        customerId: state.customers[c.customer],
        typeCode: c.type,
        description: c.text,
        date: addDays(today, -c.daysAgo),
        userId: state.users[c.by],
        nextActionDate: c.nextInDays === null ? null : addDays(today, c.nextInDays),
      });
    }

    for (const e of CALLBACKS) {
      const api = await ctx.as(e.user);
      const event = await api.post<{ id: string }>('/customer-events', {
        customerId: state.customers[e.customer],
        kind: 'callback',
        title: e.title,
        dueAt: dueAt(today, e.days, e.hour),
        assigneeUserId: state.users[e.user],
      });
      if (e.done) await api.patch(`/customer-events/${event.id}`, { status: 'done' });
    }
    return `${PROBLEMS.length} actividades técnicas (${automatic} con acción automática), ${COMMERCIAL.length} actividades comerciales, ${CALLBACKS.length} llamadas en la agenda de clientes`;
  },
};

export const DEMO_ACTIVITY_COUNTS = { activities: PROBLEMS.length, commercial: COMMERCIAL.length, callbacks: CALLBACKS.length };
