/**
 * Scheduled reports exactly once per period with two app servers started as separate processes
 * (`atiende serve --api-only`) on one PostgreSQL database, each running the scheduled-reports job
 * every 200 ms (ATIENDE_REPORTS_CHECK_MS) and its own outbox sender, started at the same moment so
 * their first passes race: every subscription due gets exactly one e-mail with its PDF attached at
 * a real SMTP listener, and none more while both keep looking (the unique delivery row is the claim).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

type Mail = { to: string[]; subject: string; messageId: string; raw: string };

async function startSmtp() {
  const received: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 20 * 1024 * 1024,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: /^Subject:\s*(.+)$/im.exec(raw)?.[1].trim() ?? '', messageId: /^Message-ID:\s*(.+)$/im.exec(raw)?.[1].trim() ?? '', raw });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as net.AddressInfo).port;
  return { port, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

type Server = { child: ChildProcess; port: number; log: string[] };

async function startServer(databaseUrl: string, smtpPort: number): Promise<Server> {
  const port = await freePort();
  const log: string[] = [];
  const child = spawn(process.execPath, [path.join(root, 'bin/atiende.js'), 'serve', '--api-only'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      ATIENDE_LOG_LEVEL: 'warn',
      ATIENDE_DATA_DIR: '/tmp',
      ATIENDE_REPORTS_CHECK_MS: '200',
      // No SLA sweeps or escalations in this test's database to speak of; keep them quiet anyway.
      ATIENDE_SLA_SWEEP_MS: '60000',
      // One worker per server: two processes are the point; a second worker each only slows the start under load.
      ATIENDE_WORKERS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => log.push(String(d)));
  child.stderr!.on('data', (d) => log.push(String(d)));
  // Under a loaded 2-core machine one server took 46 s to start (load 20): give both room.
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${log.join('')}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return { child, port, log };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${log.join('')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
}

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.runIf(DIALECTS.includes('postgres'))('scheduled reports across two app server processes on PostgreSQL', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const servers: Server[] = [];
  const url = () => (t.config.database as { url: string }).url;

  beforeAll(async () => {
    t = await createTestApp('postgres');
    smtp = await startSmtp();
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) await stop(s);
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

    servers.push(...(await Promise.all([startServer(url(), smtp.port), startServer(url(), smtp.port)])));
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
