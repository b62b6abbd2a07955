/**
 * SLA demo: service calendars for Madrid, Catalonia and the Canary Islands with their public
 * holidays of this year and the next (from date-holidays, through the API), a 24×7 calendar named by
 * a contract with its own targets, escalation e-mails on the critical priority, and incidents on that
 * contract that are on time, at risk, breached and paused (received earlier today: receivedAt is a
 * date the API accepts, so nothing is forged).
 */
import { DemoApiError, type DemoStep } from '../demo-kit.ts';
import { ensureEntries } from './configuration.ts';

const split = [
  { from: '08:00', to: '14:00' },
  { from: '15:30', to: '18:30' },
];
const canary = [{ from: '08:00', to: '15:00' }];

export const slaStep: DemoStep = {
  name: 'sla',
  async run({ api, state, today }) {
    const year = Number(today.slice(0, 4));
    const existing = await api.all<{ id: string; name: string }>('/service-calendars');
    const calendar = async (name: string, timeZone: string, week: unknown, region: string | null) => {
      const found = existing.find((c) => c.name === name);
      const cal = found ?? (await api.post<{ id: string }>('/service-calendars', { name, timeZone, week }));
      for (const y of [year, year + 1]) await api.post(`/service-calendars/${cal.id}/holidays/generate`, { year: y, regionCode: region });
      if (region) await api.patch(`/catalogs/regions/${region}`, { serviceCalendarId: cal.id });
      return cal.id;
    };
    const madrid = await calendar('Madrid', 'Europe/Madrid', [split, split, split, split, split, [], []], 'MD');
    await api.post(`/service-calendars/${madrid}/holidays`, { date: `${year + 1}-05-15`, name: 'San Isidro (Madrid capital)', kind: 'local' }).catch((error: unknown) => {
      // Already there (a 409 when the generated regional holidays hold that day); anything else is a failure.
      if (!(error instanceof DemoApiError && error.status === 409)) throw error;
    });
    await calendar('Cataluña', 'Europe/Madrid', [split, split, split, split, split, [], []], 'CT');
    await calendar('Canarias', 'Atlantic/Canary', [canary, canary, canary, canary, canary, [], []], 'CN');
    const allDay = existing.find((c) => c.name === '24×7')?.id ?? (await api.post<{ id: string }>('/service-calendars', { name: '24×7', week: Array(7).fill([{ from: '00:00', to: '24:00' }]) })).id;

    await api.patch('/catalogs/priorities/P1', { escalationEmails: ['guardia@frioservicio.example'], warningPercent: 75 });
    await api.patch('/catalogs/priorities/P2', { warningPercent: 80 });
    await ensureEntries(api, 'incident-event-types', [{ code: 'ES', descriptionEs: 'Escalado (SLA)', descriptionEn: 'Escalation (SLA)', isEscalation: true }]);

    // A 24×7 contract: its incidents show every SLA state whatever the hour the demo is loaded.
    let contractId: string | undefined;
    let unitId: string | undefined;
    for (const id of Object.values(state.contracts)) {
      const units = await api.get<{ items: Array<{ id: string }> }>(`/units?contractId=${id}&limit=1`);
      if (units.items.length) {
        contractId = id;
        unitId = units.items[0].id;
        break;
      }
    }
    if (!contractId || !unitId) return '4 calendarios de servicio';
    state.extra.slaContractId = contractId;
    await api.put(`/contracts/${contractId}/service-level`, { calendarId: allDay, targets: [{ priorityCode: 'P1', responseMinutes: 60, resolutionMinutes: 480 }] });
    const owner = state.users.psanchez ?? null;
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    const cases: Array<[string, number, boolean]> = [
      ['Cámara de congelados a -8 °C, sube despacio', 10, false],
      ['Alarma de alta presión en el VRF de quirófanos', 50, false],
      ['Máquina de hielo sin producción desde esta mañana', 180, false],
      ['Fuga de agua en el lavavajillas; el cliente envía fotos', 30, true],
    ];
    for (const [symptom, minutes, waiting] of cases) {
      const inc = await api.post<{ id: string }>('/incidents', { unitId, symptom, priorityCode: 'P1', receivedAt: ago(minutes), ...(owner ? { ownerUserId: owner } : {}) });
      if (waiting) await api.patch(`/incidents/${inc.id}`, { statusCode: 'EC' });
    }
    return `4 calendarios de servicio con festivos de ${year} y ${year + 1}, contrato 24×7 con ${cases.length} incidencias (en plazo, en riesgo, vencida, en pausa)`;
  },
};
