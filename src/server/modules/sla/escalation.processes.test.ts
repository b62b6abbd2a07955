/**
 * Escalation exactly once with two app servers started as separate processes (`atiende serve`) on
 * one PostgreSQL database, each with its escalation job and its outbox sender: every incident,
 * target and level is escalated once — counted in the database and in a real SMTP listener — and
 * again after one server is killed (SIGKILL) in the middle of a sweep.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { type ServerProcess, type SmtpListener, startServer as serve, startSmtp, stopServer, until } from '../../../../test/processes.ts';
import { catalogEntry, incidentCatalogs, makeCustomer } from '../incidents/incidents.fixtures.ts';

/** One app server (one process: the two servers are the point) sweeping every 150 ms. */
function startServer(databaseUrl: string, smtpUrl: string): Promise<ServerProcess> {
  return serve({
    databaseUrl,
    env: {
      SMTP_URL: smtpUrl,
      ATIENDE_SLA_SWEEP_MS: '150',
      ATIENDE_SLA_BATCH: '4',
      ATIENDE_SLA_LEASE_MS: '3000',
      // An e-mail the killed server had claimed is taken over once its claim runs out.
      ATIENDE_MAIL_LEASE_MS: '10000',
    },
  });
}

describe.runIf(DIALECTS.includes('postgres'))('escalation across two app server processes on PostgreSQL', () => {
  let t: TestApp;
  let smtp: SmtpListener;
  const servers: ServerProcess[] = [];
  let customerId: string;
  let recipients: number;

  const count = async (q: ReturnType<typeof sql>) => Number((await sql<{ n: string }>`${q}`.execute(t.database.db)).rows[0]!.n);
  const url = () => (t.config.database as { url: string }).url;

  /** Incidents received 150 minutes ago on a 24×7 calendar: the response (60) is breached, the resolution (240, margin 120) at risk. */
  async function intake(n: number): Promise<string[]> {
    const received = new Date(Date.now() - 150 * 60_000).toISOString();
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await t.admin.post('/incidents', { customerId, symptom: `Avería ${i}`, priorityCode: 'ESC', receivedAt: received, ownerUserId: t.adminId });
      expect(res.status, res.text).toBe(201);
      ids.push(res.body.id);
    }
    return ids;
  }

  /**
   * Each escalation, notice, event and outbox row exactly once. The SMTP listener gets each e-mail
   * once; only when a server was SIGKILLed may it get a second copy of the one e-mail that server
   * had handed over but not yet recorded as sent, and that copy carries the same Message-ID, which
   * is what lets the receiving side drop it (no mail protocol can do better than that).
   */
  async function expectOnce(ids: string[], killed = false) {
    const list = sql.join(ids.map((id) => sql`${Number(id)}`));
    const rows = (await sql<{ incident_id: number; target: string; level: string; n: string }>`
      select incident_id, target, level, count(*) as n from sla_escalations where incident_id in (${list}) group by incident_id, target, level`.execute(t.database.db)).rows;
    expect(rows).toHaveLength(ids.length * 2);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    expect(new Set(rows.map((r) => `${r.target}:${r.level}`))).toEqual(new Set(['response:breach', 'resolution:warning']));
    expect(await count(sql`select count(*) as n from notices where kind = 'escalation' and link_id in (${list})`)).toBe(ids.length * 2 * recipients);
    expect(await count(sql`select count(*) as n from incident_events e where e.incident_id in (${list}) and e.type_code = 'ESC'`)).toBe(ids.length * 2);
    expect(await count(sql`select count(*) as n from email_outbox where source_type = 'incident' and source_id in (${list})`)).toBe(ids.length * 2);
    const numbers = (await sql<{ number: string }>`select number from incidents where id in (${list})`.execute(t.database.db)).rows.map((r) => r.number);
    const got = smtp.received.filter((m) => numbers.some((n) => m.subject.includes(n)));
    const byMessageId = new Map<string, Set<string>>();
    for (const m of got) byMessageId.set(m.messageId, (byMessageId.get(m.messageId) ?? new Set()).add(m.subject));
    expect(byMessageId.size).toBe(ids.length * 2);
    expect([...byMessageId.values()].every((subjects) => subjects.size === 1)).toBe(true);
    expect(new Set(got.map((m) => m.subject)).size).toBe(ids.length * 2);
    expect(got.length - byMessageId.size).toBeLessThanOrEqual(killed ? 1 : 0);
  }

  beforeAll(async () => {
    t = await createTestApp('postgres');
    await incidentCatalogs(t);
    await catalogEntry(t, 'priorities', { code: 'ESC', descriptionEs: 'Escalable', descriptionEn: 'Escalating', responseMinutes: 60, resolutionMinutes: 240, escalationMarginMinutes: 120, escalationEmails: ['guardia@example.com'] });
    await catalogEntry(t, 'incident-event-types', { code: 'ESC', descriptionEs: 'Escalado', descriptionEn: 'Escalation', isEscalation: true });
    const cals = (await t.admin.get('/service-calendars')).body.items as Array<{ id: string; isDefault: boolean }>;
    const general = cals.find((c) => c.isDefault)!;
    expect((await t.admin.patch(`/service-calendars/${general.id}`, { week: Array(7).fill([{ from: '00:00', to: '24:00' }]) })).status).toBe(200);
    await t.userWithRole('supervisor');
    recipients = 2; // the owner (admin) and the supervisor
    customerId = (await makeCustomer(t)).id;
    smtp = await startSmtp();
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) await stopServer(s, 'SIGKILL');
    await smtp?.close();
    await t?.close();
  });

  it('sends each escalation once with two servers sweeping', async () => {
    const ids = await intake(24);
    servers.push(...(await Promise.all([startServer(url(), smtp.url), startServer(url(), smtp.url)])));
    await until('24 × 2 e-mails delivered', async () => smtp.received.length >= 48 && (await count(sql`select count(*) as n from email_outbox where status = 'sent'`)) >= 48, 90_000);
    await new Promise((r) => setTimeout(r, 1500)); // a few more sweeps by both servers: nothing more
    await expectOnce(ids);
  }, 180_000);

  it('and again after one server is killed in the middle of a sweep', async () => {
    const before = smtp.received.length;
    const ids = await intake(40);
    const list = sql.join(ids.map((id) => sql`${Number(id)}`));
    // Kill the first server as soon as the sweep of the new incidents has begun.
    await until('the sweep to start', async () => (await count(sql`select count(*) as n from sla_escalations where incident_id in (${list})`)) > 0, 60_000);
    await stopServer(servers[0], 'SIGKILL');
    await until('40 × 2 more e-mails delivered', async () => new Set(smtp.received.slice(before).map((m) => m.messageId)).size >= 80 && (await count(sql`select count(*) as n from sla_escalations where incident_id in (${list})`)) >= 80, 90_000);
    await new Promise((r) => setTimeout(r, 4000)); // past the dead server's sweep leases: the survivor sweeps them too
    await expectOnce(ids, true);
    // A server started again finds nothing owed.
    servers.push(await startServer(url(), smtp.url));
    await new Promise((r) => setTimeout(r, 1500));
    await expectOnce(ids, true);
  }, 240_000);
});
