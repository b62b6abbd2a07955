import Holidays from 'date-holidays';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { loadStarterConfiguration, STARTER_CONFIGURATION } from '../../db/migrations/2026-11-29-0001-starter-configuration.ts';

const codes = (res: { body: { items: Array<{ code: string }> } }) => res.body.items.map((e) => e.code);

describe.each(DIALECTS)('starter configuration on %s', (dialect) => {
  describe('a fresh install', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect, {}, { starterConfiguration: true });
    });
    afterAll(() => t.close());

    it('takes the first call, registers the first activity and finishes the call with no configuration step', async () => {
      const call = await t.admin.post('/calls', { phone: '600 111 222', description: 'La caldera no enciende', toUserId: t.adminId });
      expect(call.status).toBe(201);
      expect(call.body).toMatchObject({ statusCode: 'PE', typeCode: 'AV', pending: true });
      const activity = await t.admin.post('/activities', { problem: 'La caldera no enciende', fromCallId: call.body.id });
      expect(activity.status).toBe(201);
      expect(activity.body).toMatchObject({ statusCode: 'HA', originCode: 'TE' });
      const finished = await t.admin.get(`/calls/${call.body.id}`);
      expect(finished.body).toMatchObject({ pending: false, statusCode: 'FI', finishedByActionType: 'activity' });
      const second = await t.admin.post('/calls', { phone: '600 111 333', description: 'Otra', toUserId: t.adminId });
      expect((await t.admin.post(`/calls/${second.body.id}/finish`, {})).body).toMatchObject({ pending: false, statusCode: 'FI' });
    });

    it('has Spanish and English texts, one default per one-of flag, and the flags the other areas rely on', async () => {
      const statuses = (await t.admin.get('/catalogs/call-statuses')).body.items;
      expect(statuses.filter((s: any) => s.defaultPending).map((s: any) => s.code)).toEqual(['PE']);
      expect(statuses.filter((s: any) => s.defaultFinished).map((s: any) => s.code)).toEqual(['FI']);
      const incident = (await t.admin.get('/catalogs/incident-statuses')).body.items;
      expect(incident.filter((s: any) => s.waitingForCustomer).map((s: any) => s.code)).toEqual(['EC']);
      expect(incident.find((s: any) => s.isDefault)).toMatchObject({ code: 'AB', pending: true });
      const events = (await t.admin.get('/catalogs/incident-event-types')).body.items;
      expect(events.filter((e: any) => e.countsAsResponse).map((e: any) => e.code).sort()).toEqual(['DES', 'EME', 'LLS']);
      const priorities = (await t.admin.withLanguage('en').get('/catalogs/priorities')).body.items;
      expect(priorities.map((p: any) => [p.code, p.responseMinutes, p.resolutionMinutes])).toEqual([
        ['P1', 60, 480],
        ['P2', 120, 960],
        ['P3', 480, 1440],
        ['P4', 960, 4800],
      ]);
      const terms = (await t.admin.get('/catalogs/payment-terms')).body.items;
      expect(terms.map((p: any) => [p.descriptionEs, p.dueDays])).toEqual([
        ['Contado', [0]],
        ['30 días', [30]],
        ['30, 60 y 90 días', [30, 60, 90]],
      ]);
      const vat = (await t.admin.get('/catalogs/vat-rates')).body.items;
      expect(vat.map((v: any) => v.rate)).toEqual([2100, 1000, 400, 0]);
      for (const catalog of Object.keys(STARTER_CONFIGURATION)) {
        const items = (await t.admin.get(`/catalogs/${catalog}`)).body.items;
        expect(items.length, catalog).toBe(STARTER_CONFIGURATION[catalog]!.length);
        for (const e of items) expect(e.descriptionEs && e.descriptionEn && e.active, `${catalog}/${e.code}`).toBeTruthy();
      }
    });

    it('lists the 17 autonomous communities and Ceuta and Melilla with codes of ISO 3166-2:ES', async () => {
      const regions = codes(await t.admin.get('/catalogs/regions'));
      expect(regions).toHaveLength(19);
      // date-holidays names the Spanish subdivisions by the same ISO 3166-2:ES codes.
      expect(regions.sort()).toEqual(Object.keys(new Holidays().getStates('ES') ?? {}).sort());
    });

    it('lets an administrator edit or retire a starter entry like any other', async () => {
      expect((await t.admin.patch('/catalogs/call-types/RE', { active: false })).status).toBe(200);
      expect((await t.admin.patch('/catalogs/origins/WE', { descriptionEs: 'Formulario web' })).body.descriptionEs).toBe('Formulario web');
      expect(codes(await t.admin.get('/catalogs/call-types?active=true'))).not.toContain('RE');
    });
  });

  describe('an existing database', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect); // configuration tables empty, as before the starter existed
    });
    afterAll(() => t.close());

    it('gets the starter only in the tables that are empty, and an administrator’s entries are left alone', async () => {
      expect((await t.admin.post('/catalogs/call-statuses', { code: 'AB', descriptionEs: 'Abierta', descriptionEn: 'Open', pending: true, defaultPending: true })).status).toBe(201);
      expect((await t.admin.post('/catalogs/regions', { code: 'NORTE', descriptionEs: 'Zona norte', descriptionEn: 'North' })).status).toBe(201);
      // The database was migrated before the starter existed: run the migration as an upgrade does.
      await t.database.db.deleteFrom('schema_migrations' as never).where('name' as never, '=', '2026-11-29-0001-starter-configuration' as never).execute();
      expect(await migrateToLatest(t.database.db)).toEqual(['2026-11-29-0001-starter-configuration']);

      expect(codes(await t.admin.get('/catalogs/call-statuses'))).toEqual(['AB']);
      expect(codes(await t.admin.get('/catalogs/regions'))).toEqual(['NORTE']);
      expect(codes(await t.admin.get('/catalogs/call-types'))).toContain('AV');
      expect(codes(await t.admin.get('/catalogs/vat-rates'))).toEqual(['G21', 'R10', 'S4', 'EX']);
      // A catalog the administrator emptied out… cannot be: entries are retired, never deleted, so
      // loading again changes nothing that is there.
      expect((await t.admin.patch('/catalogs/call-types/AV', { descriptionEs: 'Avería (mío)' })).status).toBe(200);
      expect(await loadStarterConfiguration(t.database.db)).toEqual([
        // only the catalogs still empty: none of the starter ones
      ]);
      expect((await t.admin.get('/catalogs/call-types/AV')).body.descriptionEs).toBe('Avería (mío)');
    });
  });
});
