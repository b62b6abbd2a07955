import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, DIALECTS, ok, type Response, type TestApp } from '../../../../test/harness.ts';

const split = [
  { from: '08:00', to: '14:00' },
  { from: '15:30', to: '18:30' },
];
const officeWeek = [split, split, split, split, [{ from: '08:00', to: '15:00' }], [], []];

describe.each(DIALECTS)('service calendars on %s', (dialect) => {
  let t: TestApp;
  let agent: Agent;
  let readonly: Agent;

  const fieldOf = (res: Response) => res.body?.errors?.[0]?.field;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    agent = (await t.userWithRole('agent')).agent;
    readonly = (await t.userWithRole('readonly')).agent;
    ok(await t.admin.post('/catalogs/regions', { code: 'CT', descriptionEs: 'Cataluña', descriptionEn: 'Catalonia' }), 201);
    ok(await t.admin.post('/catalogs/regions', { code: 'CAN', descriptionEs: 'Canarias', descriptionEn: 'Canary Islands', holidayRegion: 'CN' }), 201);
    ok(await t.admin.post('/catalogs/regions', { code: 'XX', descriptionEs: 'Extranjero', descriptionEn: 'Abroad' }), 201);
    ok(await t.admin.post('/catalogs/priorities', { code: 'P1', descriptionEs: 'Crítica', descriptionEn: 'Critical', responseMinutes: 60, resolutionMinutes: 480, escalationMarginMinutes: 15 }), 201);
  });
  afterAll(() => t.close());

  it('starts with a default calendar: Madrid, Monday to Friday, split shift', async () => {
    const list = ok(await readonly.get('/service-calendars'));
    const general = list.items.find((c: { isDefault: boolean }) => c.isDefault);
    expect(general).toMatchObject({ name: 'Calendario general', timeZone: 'Europe/Madrid', weeklyMinutes: 5 * 540 });
    expect(general.week[0]).toEqual(split);
    expect(general.week[5]).toEqual([]);
  });

  it('creates, reads and changes a calendar; only catalogs.write may', async () => {
    const body = { name: 'Canarias', timeZone: 'Atlantic/Canary', week: officeWeek };
    expect((await agent.post('/service-calendars', body)).status).toBe(403);
    expect((await t.anonymous.post('/service-calendars', body)).status).toBe(401);
    const created = ok(await t.admin.post('/service-calendars', body), 201);
    expect(created).toMatchObject({ name: 'Canarias', timeZone: 'Atlantic/Canary', isDefault: false, weeklyMinutes: 4 * 540 + 420, version: 1 });
    expect(ok(await readonly.get(`/service-calendars/${created.id}`)).week).toEqual(officeWeek);
    const changed = ok(await t.admin.patch(`/service-calendars/${created.id}`, { week: [...officeWeek.slice(0, 5), [{ from: '09:00', to: '13:00' }], []] }));
    expect(changed.weeklyMinutes).toBe(4 * 540 + 420 + 240);
    expect(changed.version).toBe(2);
    // Default time zone
    expect(ok(await t.admin.post('/service-calendars', { name: 'Sin zona', week: officeWeek }), 201).timeZone).toBe('Europe/Madrid');
    const audit = ok(await t.admin.get(`/audit?entityType=service_calendar&entityId=${created.id}`));
    expect(audit.items.map((e: { action: string }) => e.action).sort()).toEqual(['create', 'update']);
  });

  it.each([
    ['an unknown time zone', { name: 'A', timeZone: 'Europe/Atlantis', week: officeWeek }, 'timeZone', 'invalid_time_zone'],
    ['a shift ending before it starts', { name: 'B', week: [[{ from: '14:00', to: '08:00' }], [], [], [], [], [], []] }, 'week.0.0.to', 'shift_order'],
    ['overlapping shifts', { name: 'C', week: [[{ from: '08:00', to: '14:00' }, { from: '13:00', to: '18:00' }], [], [], [], [], [], []] }, 'week.0', 'shift_overlap'],
    ['a week without hours', { name: 'D', week: [[], [], [], [], [], [], []] }, 'week', 'calendar_without_hours'],
    ['six days', { name: 'E', week: officeWeek.slice(0, 6) }, 'week', undefined],
    ['25:00', { name: 'F', week: [[{ from: '08:00', to: '25:00' }], [], [], [], [], [], []] }, 'week.0.0.to', undefined],
    ['a server-set field', { name: 'G', week: officeWeek, version: 7 }, undefined, undefined],
    ['a name already used', { name: 'Calendario general', week: officeWeek }, 'name', 'duplicate'],
  ])('refuses %s with a 400 naming the field, in both languages', async (_n, body, field, code) => {
    const before = ok(await t.admin.get('/service-calendars?limit=200')).items.length;
    const res = await t.admin.post('/service-calendars', body);
    expect(res.status, res.text).toBe(400);
    if (field) expect(fieldOf(res)).toBe(field);
    if (code) expect(res.body.errors[0].code).toBe(code);
    expect(res.body.errors?.[0]?.message ?? res.body.detail).toBeTruthy();
    const en = await t.admin.withLanguage('en').post('/service-calendars', body);
    expect(en.body.errors?.[0]?.message ?? en.body.detail).not.toBe(res.body.errors?.[0]?.message ?? res.body.detail);
    expect(ok(await t.admin.get('/service-calendars?limit=200')).items.length).toBe(before);
  });

  it('loads the national and regional holidays of a year, keeps what is there, and takes local ones by hand', async () => {
    const cal = ok(await t.admin.post('/service-calendars', { name: 'Cataluña', week: officeWeek }), 201);
    ok(await t.admin.post(`/service-calendars/${cal.id}/holidays`, { date: '2026-09-24', name: 'La Mercè (Barcelona)' }), 201);
    const loaded = ok(await t.admin.post(`/service-calendars/${cal.id}/holidays/generate`, { year: 2026, regionCode: 'CT' }));
    expect(loaded.subdivision).toBe('ES-CT');
    expect(loaded.added).toContainEqual({ date: '2026-09-11', name: expect.stringContaining('Cataluña'), kind: 'regional' });
    expect(loaded.added).toContainEqual({ date: '2026-10-12', name: expect.stringContaining('Fiesta Nacional'), kind: 'national' });
    const again = ok(await t.admin.post(`/service-calendars/${cal.id}/holidays/generate`, { year: 2026, regionCode: 'CT' }));
    expect(again.added).toEqual([]);
    expect(again.alreadyThere).toBe(loaded.added.length);
    const list = ok(await readonly.get(`/service-calendars/${cal.id}/holidays?year=2026`)).items;
    expect(list.map((h: { date: string }) => h.date)).toEqual([...list.map((h: { date: string }) => h.date)].sort());
    expect(list).toContainEqual({ date: '2026-09-24', name: 'La Mercè (Barcelona)', kind: 'local' });
    expect(list).toHaveLength(loaded.added.length + 1);
    expect(ok(await readonly.get(`/service-calendars/${cal.id}/holidays?year=2027`)).items).toEqual([]);

    // Removing one by hand (a company that works on Sant Esteve) makes it a working day again.
    const version = ok(await t.admin.get(`/service-calendars/${cal.id}`)).version;
    expect((await t.admin.delete(`/service-calendars/${cal.id}/holidays/2026-12-26`)).status).toBe(204);
    expect((await t.admin.delete(`/service-calendars/${cal.id}/holidays/2026-12-26`)).status).toBe(404);
    expect(ok(await t.admin.get(`/service-calendars/${cal.id}`)).version).toBe(version + 1);
    expect((await t.admin.post(`/service-calendars/${cal.id}/holidays`, { date: '2026-09-24', name: 'Otra vez' })).status).toBe(409);
    expect((await agent.post(`/service-calendars/${cal.id}/holidays`, { date: '2026-09-25', name: 'No' })).status).toBe(403);

    // A region whose code is not a community's names one in its attribute; one naming none is refused.
    const canary = ok(await t.admin.post('/service-calendars', { name: 'Canarias festivos', timeZone: 'Atlantic/Canary', week: officeWeek }), 201);
    const cn = ok(await t.admin.post(`/service-calendars/${canary.id}/holidays/generate`, { year: 2026, regionCode: 'CAN' }));
    expect(cn.added).toContainEqual({ date: '2026-05-30', name: 'Día de Canarias', kind: 'regional' });
    const bad = await t.admin.post(`/service-calendars/${canary.id}/holidays/generate`, { year: 2026, regionCode: 'XX' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'regionCode', code: 'unknown_holiday_region' });
    expect(fieldOf(await t.admin.post(`/service-calendars/${canary.id}/holidays/generate`, { year: 2026, regionCode: 'ZZ' }))).toBe('regionCode');
    // National only
    const es = ok(await t.admin.post('/service-calendars', { name: 'España', week: officeWeek }), 201);
    const national = ok(await t.admin.post(`/service-calendars/${es.id}/holidays/generate`, { year: 2026 }));
    expect(national.added.every((h: { kind: string }) => h.kind === 'national')).toBe(true);
    expect(national.added.some((h: { date: string }) => h.date === '2026-09-11')).toBe(false);
  });

  it('keeps exactly one default calendar', async () => {
    const general = ok(await t.admin.get('/service-calendars?limit=200')).items.find((c: { isDefault: boolean }) => c.isDefault);
    expect((await t.admin.patch(`/service-calendars/${general.id}`, { isDefault: false })).status).toBe(409);
    expect((await t.admin.delete(`/service-calendars/${general.id}`)).status).toBe(409);
    const other = ok(await t.admin.post('/service-calendars', { name: 'Nuevo por defecto', week: officeWeek, isDefault: true }), 201);
    const all = ok(await t.admin.get('/service-calendars?limit=200')).items;
    expect(all.filter((c: { isDefault: boolean }) => c.isDefault).map((c: { id: string }) => c.id)).toEqual([other.id]);
    ok(await t.admin.patch(`/service-calendars/${general.id}`, { isDefault: true }));
    expect(ok(await t.admin.get(`/service-calendars/${other.id}`)).isDefault).toBe(false);
  });

  it('pages calendars by name with a cursor', async () => {
    for (const n of ['Zeta 1', 'Zeta 2', 'Zeta 3']) ok(await t.admin.post('/service-calendars', { name: n, week: officeWeek }), 201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ name: string }>; nextCursor: string | null } = ok(await readonly.get(`/service-calendars?limit=2${cursor ? `&cursor=${cursor}` : ''}`));
      seen.push(...page.items.map((c) => c.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain('Zeta 3');
    expect((await readonly.get('/service-calendars?cursor=nonsense')).status).toBe(400);
  });

  it('lets a region and a contract name a calendar, and refuses to delete a calendar in use', async () => {
    const cal = ok(await t.admin.post('/service-calendars', { name: '24×7', week: Array(7).fill([{ from: '00:00', to: '24:00' }]) }), 201);
    expect(cal.weeklyMinutes).toBe(7 * 1440);
    const customer = ok(await agent.post('/customers', { code: 'SLA-C1', name: 'Hospital Central' }), 201);
    const contract = ok(await agent.post('/contracts', { code: 'SLA-24H', customerId: customer.id, startDate: '2026-01-01', endDate: '2026-12-31' }), 201);
    expect(ok(await readonly.get(`/contracts/${contract.id}/service-level`))).toMatchObject({ calendarId: null, targets: [] });
    const level = { calendarId: cal.id, targets: [{ priorityCode: 'P1', responseMinutes: 30, resolutionMinutes: 240 }] };
    expect((await agent.put(`/contracts/${contract.id}/service-level`, level)).status).toBe(403);
    expect(ok(await t.admin.put(`/contracts/${contract.id}/service-level`, level))).toMatchObject({ contractId: contract.id, calendarId: cal.id, calendarName: '24×7', targets: level.targets });
    expect(fieldOf(await t.admin.put(`/contracts/${contract.id}/service-level`, { ...level, calendarId: '999999' }))).toBe('calendarId');
    expect(fieldOf(await t.admin.put(`/contracts/${contract.id}/service-level`, { ...level, targets: [{ ...level.targets[0], priorityCode: 'P9' }] }))).toBe('targets.0.priorityCode');
    expect(fieldOf(await t.admin.put(`/contracts/${contract.id}/service-level`, { ...level, targets: [level.targets[0], level.targets[0]] }))).toBe('targets.1.priorityCode');
    expect((await t.admin.put('/contracts/999999/service-level', level)).status).toBe(404);
    expect(ok(await readonly.get(`/contracts/${contract.id}/service-level`)).targets).toEqual(level.targets);

    const res = await t.admin.delete(`/service-calendars/${cal.id}`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('calendar_in_use');
    ok(await t.admin.put(`/contracts/${contract.id}/service-level`, { calendarId: null, targets: [] }));

    // A region naming a calendar that does not exist is refused on that field, and nothing changes.
    const unknown = await t.admin.patch('/catalogs/regions/CT', { serviceCalendarId: '999999' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'serviceCalendarId', code: 'unknown_reference' });
    expect((await t.admin.get('/catalogs/regions/CT')).body.serviceCalendarId ?? null).toBeNull();
    expect(fieldOf(await t.admin.post('/catalogs/regions', { code: 'ZZ', descriptionEs: 'Z', descriptionEn: 'Z', serviceCalendarId: '999999' }))).toBe('serviceCalendarId');
    ok(await t.admin.patch('/catalogs/regions/CT', { serviceCalendarId: cal.id }));
    expect((await t.admin.delete(`/service-calendars/${cal.id}`)).body.code).toBe('calendar_in_use');
    ok(await t.admin.patch('/catalogs/regions/CT', { serviceCalendarId: null }));
    expect((await t.admin.delete(`/service-calendars/${cal.id}`)).status).toBe(204);
    expect((await t.admin.get(`/service-calendars/${cal.id}`)).status).toBe(404);
  });

  it('lists the communities it can load holidays for', async () => {
    const items = ok(await readonly.get('/service-calendars/holiday-regions')).items;
    expect(items).toContainEqual({ code: 'CN', subdivision: 'ES-CN', name: 'Islas Canarias' });
    expect(items).toHaveLength(19);
  });
});
