/**
 * Scheduled reports exactly once per period with two app servers started as separate processes
 * (`atiende serve --api-only`) on one PostgreSQL database, each running the scheduled-reports job
 * every 200 ms (ATIENDE_REPORTS_CHECK_MS) and its own outbox sender, started at the same moment so
 * their first passes race: every subscription due gets exactly one e-mail with its PDF attached at
 * a real SMTP listener, and none more while both keep looking (the unique delivery row is the claim).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { type ServerProcess, type SmtpListener, startServer as serve, startSmtp, stopServer, until } from '../../../../test/processes.ts';

/** One app server looking for due reports every 200 ms (one process each: two processes are the point). */
function startServer(databaseUrl: string, smtpUrl: string): Promise<ServerProcess> {
  return serve({
    databaseUrl,
    env: {
      SMTP_URL: smtpUrl,
      ATIENDE_REPORTS_CHECK_MS: '200',
      // No SLA sweeps or escalations in this test's database to speak of; keep them quiet anyway.
      ATIENDE_SLA_SWEEP_MS: '60000',
    },
  });
}

describe.runIf(DIALECTS.includes('postgres'))('scheduled reports across two app server processes on PostgreSQL', () => {
  let t: TestApp;
  let smtp: SmtpListener;
  const servers: ServerProcess[] = [];
  const url = () => (t.config.database as { url: string }).url;

  beforeAll(async () => {
    t = await createTestApp('postgres');
    smtp = await startSmtp();
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) await stopServer(s);
    await smtp?.close();
    await t?.close();
  });

  it('sends each subscription due once, with the PDF attached, although both servers look every 200 ms', async () => {
    const subs: Array<{ id: string; email: string; frequency: string }> = [];
    for (const [name, frequency, report] of [
      ['Jefa Semanal', 'weekly', 'calls'],
      ['Jefe Mensual', 'monthly', 'activities'],
      ['Otra Semanal', 'weekly', 'incidents'],
    ] as const) {
      const u = await t.userWithRole('supervisor', { name });
      const email = `${u.username}@example.com`;
      await t.database.db.updateTable('users').set({ email }).where('id', '=', Number(u.id)).execute();
      const res = await u.agent.post('/report-subscriptions', { report, frequency });
      expect(res.status, res.text).toBe(201);
      subs.push({ id: res.body.id, email, frequency });
    }
    // Due now: the last complete period has not gone out.
    await t.database.db.updateTable('report_subscriptions').set({ last_period: null }).execute();

    servers.push(...(await Promise.all([startServer(url(), smtp.url), startServer(url(), smtp.url)])));
    await until('three e-mails delivered', () => smtp.received.length >= 3, 60_000);
    // Both servers keep looking (every 200 ms) for a while: nothing more is sent.
    await new Promise((r) => setTimeout(r, 2000));
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(subs.map((s) => s.email).sort());
    for (const m of smtp.received) {
      expect(m.subject).toContain('Informe'); // encoded (=?UTF-8?Q?Informe_…) for its dash
      expect(m.raw).toMatch(/Content-Type: application\/pdf/i);
      expect(m.raw).toMatch(/filename="?informe-(calls|activities|incidents)-\d{4}-(W\d{2}|\d{2})\.pdf/);
    }
    const deliveries = await t.database.db.selectFrom('report_deliveries').select(['subscription_id', 'period_key', 'email_id', 'claimed_by']).execute();
    expect(deliveries).toHaveLength(3);
    expect(deliveries.every((d) => d.email_id !== null)).toBe(true);
    const outbox = () => t.database.db.selectFrom('email_outbox').select(['id', 'status']).where('source_type', '=', 'report_subscription').execute();
    await until('the outbox to record them sent', async () => (await outbox()).every((o) => o.status === 'sent'), 20_000);
    expect(await outbox()).toHaveLength(3);
    // Every subscription marked with the period it got.
    const marks = await t.database.db.selectFrom('report_subscriptions').select(['id', 'last_period']).execute();
    expect(marks.every((m) => m.last_period !== null && deliveries.some((d) => Number(d.subscription_id) === Number(m.id) && d.period_key === m.last_period))).toBe(true);

    expect(servers.every((s) => s.child.exitCode === null)).toBe(true);
  }, 300_000);
});
