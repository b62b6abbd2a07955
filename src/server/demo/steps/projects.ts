/**
 * Demo tasks (pending, overdue, done; for users and for groups) and quick time entries over the
 * past weeks for several customers — the quick entry finds or creates each customer's project and
 * task, exactly as "Registrar dedicación" does. The dates are the work dates the API accepts.
 */
import { addDays, type DemoStep } from '../demo-kit.ts';

const TIME: Array<{ customer: string; by: string; text: string; minutes: number }> = [
  { customer: 'HOTMIR', by: 'dnavarro', text: 'Revisión de la enfriadora y ajuste de presostatos', minutes: 120 },
  { customer: 'HOTMIR', by: 'dnavarro', text: 'Limpieza de condensadores de las cámaras', minutes: 90 },
  { customer: 'RESOLI', by: 'psanchez', text: 'Diagnóstico del horno mixto, error E34', minutes: 60 },
  { customer: 'RESOLI', by: 'psanchez', text: 'Cambio de placa de control del horno', minutes: 150 },
  { customer: 'CPMAY12', by: 'psanchez', text: 'Revisión anual de la caldera centralizada', minutes: 180 },
  { customer: 'AYTOVLL', by: 'cromero', text: 'Mantenimiento de climatización del polideportivo', minutes: 240 },
  { customer: 'AYTOVLL', by: 'lmartin', text: 'Preparación de facturas del expediente de mantenimiento', minutes: 45 },
  { customer: 'COLSJO', by: 'agarcia', text: 'Ayuda por teléfono con la programación de la calefacción', minutes: 20 },
  { customer: 'CLIDSON', by: 'itorres', text: 'Revisión en garantía del split de la sala de espera', minutes: 75 },
  { customer: 'PANSAN', by: 'psanchez', text: 'Reparación de la cámara frigorífica: carga de gas', minutes: 135 },
  { customer: 'TXOKZA', by: 'aetxeberria', text: 'Sustitución de la bomba de desagüe del lavavajillas', minutes: 90 },
  { customer: 'MARBVI', by: 'dnavarro', text: 'Revisión de fancoils de la planta 3', minutes: 210 },
  { customer: 'GIMFIT', by: 'aetxeberria', text: 'Revisión de la caldera de los vestuarios', minutes: 60 },
  { customer: 'RESPAZ', by: 'psanchez', text: 'Revisión de las tres calderas y análisis de combustión', minutes: 240 },
  { customer: 'RESPAZ', by: 'mlopez', text: 'Coordinación de la revisión con la dirección', minutes: 30 },
  { customer: 'SUPFAM', by: 'dnavarro', text: 'Cambio del ventilador del condensador del mural', minutes: 105 },
  { customer: 'HOTATL', by: 'aetxeberria', text: 'Limpieza del filtro de la bomba de calor de la piscina', minutes: 80 },
  { customer: 'PIZNAP', by: 'psanchez', text: 'Sustitución de la resistencia inferior del horno', minutes: 95 },
  { customer: 'MESCAS', by: 'itorres', text: 'Colocación de silentblocks en la unidad exterior', minutes: 70 },
  { customer: 'HELFRA', by: 'cromero', text: 'Mantenimiento de vitrinas y abatidor', minutes: 120 },
];

const TASKS: Array<{ title: string; customer?: string; user?: string; group?: string; due: number | null; follow?: number; done?: boolean; description?: string }> = [
  { title: 'Montar la válvula de seguridad cuando llegue', customer: 'CPMAY12', user: 'psanchez', due: 2, description: 'Válvula de 3 bar pedida al proveedor.' },
  { title: 'Enviar presupuesto de la máquina de hielo', customer: 'BARSOL', user: 'lmartin', due: -2 },
  { title: 'Revisar la factura duplicada y emitir el abono', customer: 'HOSPUE', group: 'ADM', due: -1 },
  { title: 'Planificar revisiones de calderas de comunidades', group: 'TEC-SUR', due: 7, follow: 1 },
  { title: 'Llamar al proveedor por el evaporador de la cámara', customer: 'PANSAN', user: 'agarcia', due: 0 },
  { title: 'Preparar la documentación de la licitación municipal', customer: 'AYTOVLL', user: 'lmartin', due: 10, follow: 3 },
  { title: 'Formación del personal de cocina en la enfriadora nueva', customer: 'HOTMIR', user: 'dnavarro', due: -4 },
  { title: 'Sustituir amortiguadores de la lavadora industrial', customer: 'HOTATL', group: 'TEC-NORTE', due: 4 },
  { title: 'Actualizar la hoja de precios de mantenimiento', user: 'rmoreno', due: 14 },
  { title: 'Revisar la instalación de gas con el instalador autorizado', customer: 'TXOKZA', user: 'aetxeberria', due: -3, follow: 0 },
  { title: 'Enviar certificado de revisión de calderas', customer: 'RESPAZ', user: 'mlopez', due: -8, done: true },
  { title: 'Cambiar la placa del horno mixto', customer: 'RESOLI', user: 'psanchez', due: -5, done: true },
  { title: 'Confirmar la visita de mantenimiento de verano', customer: 'MARBVI', user: 'jfernandez', due: -10, done: true },
  { title: 'Call the office manager about the VRF schedule', customer: 'OFITEC', user: 'eclarke', due: 1 },
];

export const projectsStep: DemoStep = {
  name: 'projects',
  async run(ctx) {
    const { state, today, random } = ctx;
    // Quick entries over the last five weeks, weekdays, oldest first (so the task's follow-up is the latest one).
    const days: string[] = [];
    for (let d = -35; d <= 0; d++) {
      const date = addDays(today, d);
      const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
      if (weekday !== 0 && weekday !== 6) days.push(date);
    }
    let entries = 0;
    for (let round = 0; round < 2; round++) {
      for (const [i, e] of TIME.entries()) {
        const api = await ctx.as(e.by);
        const date = days[Math.min(days.length - 1, Math.floor(((i + round * TIME.length) / (TIME.length * 2)) * days.length))];
        await api.post(`/customers/${state.customers[e.customer]}/quick-time`, {
          text: round === 0 ? e.text : `${e.text} (seguimiento)`,
          userId: state.users[e.by],
          date,
          minutes: Math.max(15, e.minutes + random.int(-2, 2) * 15),
          nextFollowUpDate: round === 1 && i % 4 === 0 ? addDays(today, random.int(-2, 6)) : null,
        });
        entries++;
      }
    }

    for (const task of TASKS) {
      // Billing cannot write support records: the supervisor assigns theirs.
      const api = await ctx.as(task.user && task.user !== 'rmoreno' ? task.user : 'lmartin');
      const created = await api.post<{ id: string }>('/tasks', {
        title: task.title,
        description: task.description ?? null,
        customerId: task.customer ? state.customers[task.customer] : null,
        assigneeUserId: task.user ? state.users[task.user] : null,
        assigneeGroupId: task.group ? state.groups[task.group] : null,
        dueDate: task.due === null ? null : addDays(today, task.due),
        nextFollowUpDate: task.follow === undefined ? null : addDays(today, task.follow),
      });
      if (task.done) await api.patch(`/tasks/${created.id}`, { status: 'done' });
    }
    return `${entries} dedicaciones, ${TASKS.length} tareas`;
  },
};

export const DEMO_PROJECT_COUNTS = { timeEntries: TIME.length * 2, tasks: TASKS.length, doneTasks: TASKS.filter((t) => t.done).length };
