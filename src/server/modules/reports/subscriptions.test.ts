/**
 * Scheduled reports: subscribing (filters checked like the report's own), and the job sending each
 * period once with the PDF attached, even when two passes race.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type Agent, type TestApp } from '../../../../test/harness.ts';
import { pdfText } from '../../../../test/pdf.ts';
import { systemCtx } from '../../context.ts';
import { sendDueReports } from './subscriptions.service.ts';

describe.each(DIALECTS)('scheduled reports on %s', (dialect) => {
  let t: TestApp;
  let jefa: { agent: Agent; id: string };
  let customerId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    jefa = await t.userWithRole('supervisor', { name: 'Jefa Servicio' });
    await t.database.db.updateTable('users').set({ email: 'jefa@example.com' }).where('id', '=', Number(jefa.id)).execute();
    const c = await t.admin.post('/customers', { code: 'SUS1', name: 'Suscripciones SL' });
    customerId = c.body.id;
  });
  afterAll(() => t.close());

  const outbox = () => t.database.db.selectFrom('email_outbox').selectAll().where('source_type', '=', 'report_subscription').orderBy('id').execute();

  it('refuses a subscription with filters the report does not take, naming them', async () => {
    const period = await jefa.agent.post('/report-subscriptions', { report: 'calls', frequency: 'weekly', filters: { from: '2026-01-01' } });
    expect(period.status).toBe(400);
    expect(period.body.errors[0]).toMatchObject({ field: 'filters.from', code: 'unknown_field' });
    const notTaken = await jefa.agent.post('/report-subscriptions', { report: 'calls', frequency: 'weekly', filters: { priorityCode: 'A' } });
    expect(notTaken.body.errors[0]).toMatchObject({ field: 'filters.priorityCode', code: 'report_filter_not_applicable' });
    const unknown = await jefa.agent.post('/report-subscriptions', { report: 'calls', frequency: 'weekly', filters: { customerId: '99999' } });
    expect(unknown.body.errors[0]).toMatchObject({ field: 'filters.customerId', code: 'unknown_reference' });
    expect((await jefa.agent.post('/report-subscriptions', { report: 'nope', frequency: 'weekly' })).body.errors[0]).toMatchObject({ field: 'report' });
    expect((await jefa.agent.post('/report-subscriptions', { report: 'calls', frequency: 'daily' })).body.errors[0]).toMatchObject({ field: 'frequency' });
    expect(await t.database.db.selectFrom('report_subscriptions').selectAll().execute()).toEqual([]);
  });

  it('sends the last complete week once, as the subscriber, with the PDF attached; two racing passes send it once', async () => {
    const res = await jefa.agent.post('/report-subscriptions', { report: 'calls', frequency: 'weekly', filters: { customerId } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ report: 'calls', reportTitle: 'Llamadas', frequency: 'weekly', filters: { customerId }, active: true });
    // The week already over when subscribing is not sent: the first e-mail is for the next one.
    expect(res.body.lastPeriod).toMatch(/^\d{4}-W\d{2}$/);
    expect((await jefa.agent.get('/report-subscriptions')).body.items.map((s: { id: string }) => s.id)).toEqual([res.body.id]);

    const ctx = () => systemCtx(t.database, t.config);
    await t.database.db.updateTable('report_subscriptions').set({ last_period: null }).execute();
    // Monday 9 March 2026: the week of 2 to 8 March (2026-W10) is due. Two passes at once.
    const [a, b] = await Promise.all([sendDueReports(ctx(), { today: '2026-03-09' }), sendDueReports(ctx(), { today: '2026-03-09' })]);
    expect(a.sent + b.sent).toBe(1);
    expect(await sendDueReports(ctx(), { today: '2026-03-12' })).toEqual({ sent: 0, skipped: 0, failed: 0 });
    let mails = await outbox();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to_address: 'jefa@example.com', subject: 'Informe llamadas: 02/03/2026 – 08/03/2026', language: 'es', source_id: Number(res.body.id) });
    expect(mails[0].body_text).toContain('Cliente: SUS1 Suscripciones SL');
    const files = await t.database.db.selectFrom('email_attachments').selectAll().where('email_id', '=', mails[0].id).execute();
    expect(files.map((f) => [f.filename, f.content_type])).toEqual([['informe-calls-2026-W10.pdf', 'application/pdf']]);
    const text = await pdfText(Buffer.from(files[0].content));
    expect(text).toContain('Llamadas');
    expect(text).toContain('02/03/2026 – 08/03/2026');
    const deliveries = await t.database.db.selectFrom('report_deliveries').selectAll().execute();
    expect(deliveries.map((d) => [d.period_key, d.email_id])).toEqual([['2026-W10', mails[0].id]]);

    // The next Monday, the next week.
    expect((await sendDueReports(ctx(), { today: '2026-03-16' })).sent).toBe(1);
    mails = await outbox();
    expect(mails.map((m) => m.subject)).toEqual(['Informe llamadas: 02/03/2026 – 08/03/2026', 'Informe llamadas: 09/03/2026 – 15/03/2026']);
    expect((await jefa.agent.get('/report-subscriptions')).body.items[0]).toMatchObject({ lastPeriod: '2026-W11', lastSentAt: expect.any(String) });

    // Only its owner may unsubscribe; then nothing more is sent.
    const other = await t.userWithRole('agent');
    expect((await other.agent.delete(`/report-subscriptions/${res.body.id}`)).status).toBe(404);
    expect((await jefa.agent.delete(`/report-subscriptions/${res.body.id}`)).status).toBe(204);
    expect((await jefa.agent.get('/report-subscriptions')).body.items).toEqual([]);
    expect((await sendDueReports(ctx(), { today: '2026-03-23' })).sent).toBe(0);
  });

  it('sends monthly reports in the subscriber\'s language; a subscriber without e-mail is recorded, not retried', async () => {
    const en = await t.userWithRole('agent', { language: 'en', name: 'Eve English' });
    await t.database.db.updateTable('users').set({ email: 'eve@example.com' }).where('id', '=', Number(en.id)).execute();
    const s = await en.agent.post('/report-subscriptions', { report: 'activities', frequency: 'monthly' });
    expect(s.status).toBe(201);
    const noMail = await t.userWithRole('agent');
    const s2 = await noMail.agent.post('/report-subscriptions', { report: 'time', frequency: 'monthly', filters: { groupBy: 'employee' } });
    expect(s2.status).toBe(201);
    await t.database.db.updateTable('report_subscriptions').set({ last_period: null }).where('id', 'in', [Number(s.body.id), Number(s2.body.id)]).execute();
    const r = await sendDueReports(systemCtx(t.database, t.config), { today: '2026-04-01' });
    expect(r).toEqual({ sent: 1, skipped: 0, failed: 1 });
    const mail = (await outbox()).find((m) => m.source_id === Number(s.body.id))!;
    expect(mail).toMatchObject({ to_address: 'eve@example.com', subject: 'Technical activities report: 01/03/2026 – 31/03/2026', language: 'en' });
    const failed = await t.database.db.selectFrom('report_deliveries').selectAll().where('subscription_id', '=', Number(s2.body.id)).execute();
    expect(failed.map((d) => [d.period_key, d.email_id, d.error])).toEqual([['2026-03', null, 'no_email']]);
    expect((await sendDueReports(systemCtx(t.database, t.config), { today: '2026-04-02' })).failed).toBe(0);
  });
});
