import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { systemCtx } from '../../context.ts';
import { createDatabase } from '../../db/database.ts';
import { backoffMs, createOutboxSender, isPermanentFailure, runOutboxPass } from './mailer.ts';
import { queueEmail } from './notify.service.ts';
import { attachmentOf } from '../../../../test/mail.ts';
import { freePort, startSmtp } from '../../../../test/processes.ts';

describe('outbox sender rules', () => {
  it.each([
    [1, 60_000],
    [2, 120_000],
    [3, 240_000],
    [7, 3_600_000],
    [20, 3_600_000],
  ])('after %i failed attempts waits %i ms', (attempts, ms) => {
    expect(backoffMs(attempts)).toBe(ms);
  });
  it.each([
    [{ responseCode: 550 }, true],
    [{ responseCode: 421 }, false],
    [{ code: 'ECONNREFUSED' }, false],
    [{ code: 'EENVELOPE' }, true],
  ])('%o permanent: %s', (error, permanent) => {
    expect(isPermanentFailure(error)).toBe(permanent);
  });
});

describe.each(DIALECTS)('e-mail outbox delivery on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  const queue = (subject: string, to = 'cliente@example.com') =>
    queueEmail(systemCtx(t.database, t.config), { to, toName: 'Cliente Ejemplo', subject, bodyText: `Cuerpo de ${subject}`, language: 'es' });

  const statusOf = async (id: number) => (await t.admin.get(`/outbox/${id}`)).body;

  it('without SMTP settings the e-mails wait in the outbox, visible', async () => {
    const id = await queue('Sin SMTP');
    const pass = await runOutboxPass(t.database, { smtpUrl: undefined, smtpFrom: 'Atiende <sat@example.com>' });
    expect(pass.skipped).toBe('smtp_not_configured');
    expect(await statusOf(id)).toMatchObject({ status: 'queued', attempts: 0 });
    const list = await t.admin.get('/outbox?status=queued');
    expect(list.body.items.map((e: { id: string }) => e.id)).toContain(String(id));
    const { agent } = await t.userWithRole('agent');
    expect((await agent.get('/outbox')).status).toBe(403);
  });

  it('delivers to a real SMTP server exactly once and records it', async () => {
    const smtp = await startSmtp();
    try {
      const config = { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, smtpFrom: 'Atiende SAT <sat@example.com>' };
      // Clear anything earlier tests left queued.
      await runOutboxPass(t.database, config);
      smtp.received.length = 0;
      const id = await queue('Entrega única ñ');
      const first = await runOutboxPass(t.database, config);
      expect(first).toMatchObject({ sent: 1, retried: 0, failed: 0 });
      const second = await runOutboxPass(t.database, config);
      expect(second.sent).toBe(0);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]).toMatchObject({ from: 'sat@example.com', to: ['cliente@example.com'] });
      expect(smtp.received[0].raw).toContain('Cuerpo de Entrega');
      const row = await statusOf(id);
      expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
      expect(row.sentAt).toEqual(expect.any(String));
      expect(smtp.received[0].messageId).toBe(row.messageId);
    } finally {
      await smtp.close();
    }
  });

  it('sends the files queued with an e-mail as attachments, intact', async () => {
    const smtp = await startSmtp();
    try {
      const config = { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, smtpFrom: 'Atiende SAT <sat@example.com>' };
      await runOutboxPass(t.database, config);
      smtp.received.length = 0;
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from([0, 1, 2, 250, 251, 255]), Buffer.from('\n%%EOF')]);
      await queueEmail(systemCtx(t.database, t.config), {
        to: 'jefa@example.com',
        subject: 'Informe semanal',
        bodyText: 'Adjunto el informe.',
        language: 'es',
        attachments: [{ filename: 'informe-llamadas.pdf', contentType: 'application/pdf', content: pdf }],
      });
      expect(await runOutboxPass(t.database, config)).toMatchObject({ sent: 1 });
      expect(smtp.received).toHaveLength(1);
      const raw = smtp.received[0].raw;
      expect(raw).toMatch(/Content-Type: application\/pdf; name=informe-llamadas\.pdf/);
      expect(raw).toMatch(/Content-Disposition: attachment; filename=informe-llamadas\.pdf/);
      expect(attachmentOf(raw, 'informe-llamadas.pdf')?.equals(pdf)).toBe(true);
    } finally {
      await smtp.close();
    }
  });

  it('retries with backoff after the SMTP server was down, then delivers', async () => {
    const port = await freePort();
    const config = { smtpUrl: `smtp://127.0.0.1:${port}`, smtpFrom: 'sat@example.com' };
    const id = await queue('Servidor caído');
    let now = new Date();
    const down = await runOutboxPass(t.database, config, { now: () => now });
    expect(down.retried).toBeGreaterThanOrEqual(1);
    const afterDown = await statusOf(id);
    expect(afterDown).toMatchObject({ status: 'queued', attempts: 1 });
    expect(afterDown.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(Date.parse(afterDown.nextAttemptAt)).toBeGreaterThanOrEqual(now.getTime() + 59_000);

    const smtp = await startSmtp({ port });
    try {
      // Not due yet: nothing is sent before the backoff has passed.
      expect((await runOutboxPass(t.database, config, { now: () => now })).sent).toBe(0);
      now = new Date(now.getTime() + 61_000);
      const up = await runOutboxPass(t.database, config, { now: () => now });
      expect(up.sent).toBeGreaterThanOrEqual(1);
      expect(await statusOf(id)).toMatchObject({ status: 'sent', attempts: 2 });
      expect(smtp.received.filter((m) => m.subject.includes('Servidor'))).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });

  it('marks a permanently refused e-mail failed with the reason, and a supervisor can queue it again', async () => {
    const smtp = await startSmtp({ rejectRcpt: (a) => a.startsWith('nadie@') });
    try {
      const config = { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, smtpFrom: 'sat@example.com' };
      const id = await queue('Buzón inexistente', 'nadie@example.com');
      await runOutboxPass(t.database, config);
      const row = await statusOf(id);
      expect(row).toMatchObject({ status: 'failed', attempts: 1 });
      expect(row.lastError).toMatch(/550|Mailbox/);
      const retried = await t.admin.post(`/outbox/${id}/retry`);
      expect(retried.body).toMatchObject({ status: 'queued', attempts: 0 });
      expect((await t.admin.post(`/outbox/${id}/retry`)).status).toBe(409);
    } finally {
      await smtp.close();
    }
  });

  it('two senders (two app servers) racing on one database send each message once', async () => {
    const smtp = await startSmtp();
    const other = await createDatabase(t.config.database, { migrate: false });
    try {
      const config = { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, smtpFrom: 'sat@example.com' };
      await runOutboxPass(t.database, config);
      smtp.received.length = 0;
      const ids: number[] = [];
      for (let i = 0; i < 12; i++) ids.push(await queue(`Carrera ${i}`));
      const a = createOutboxSender({ database: t.database, config });
      const b = createOutboxSender({ database: other, config });
      const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()]);
      await Promise.all([a.stop(), b.stop()]);
      expect(ra.sent + rb.sent).toBe(12);
      const subjects = smtp.received.map((m) => m.subject).sort();
      expect(subjects).toEqual(ids.map((_, i) => `Carrera ${i}`).sort());
      expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(12);
      for (const id of ids) expect((await statusOf(id)).status).toBe('sent');
    } finally {
      await other.destroy();
      await smtp.close();
    }
  });

  it('a sender that died mid-send releases its e-mail when the lease runs out', async () => {
    const smtp = await startSmtp();
    try {
      const config = { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, smtpFrom: 'sat@example.com' };
      await runOutboxPass(t.database, config);
      const id = await queue('Huérfano');
      // Simulate a claim by a sender that crashed: status sending, lease already expired.
      await t.database.db.updateTable('email_outbox').set({ status: 'sending', claim_token: 'dead', locked_until: new Date(Date.now() - 1000).toISOString(), attempts: 1 }).where('id', '=', id).execute();
      const pass = await runOutboxPass(t.database, config);
      expect(pass.sent).toBe(1);
      expect(await statusOf(id)).toMatchObject({ status: 'sent', attempts: 2 });
    } finally {
      await smtp.close();
    }
  });
});

describe.each(DIALECTS)('background sender started by the app on %s', (dialect) => {
  it('delivers an activity e-mail soon after the activity is saved', async () => {
    const smtp = await startSmtp();
    const t = await createTestApp(dialect, { runJobs: true, smtpUrl: `smtp://127.0.0.1:${smtp.port}`, smtpFrom: 'sat@example.com' });
    try {
      await t.admin.post('/catalogs/activity-statuses', { code: 'HA', descriptionEs: 'Habitual', descriptionEn: 'Usual', isDefault: true, pending: false });
      await t.admin.post('/catalogs/solution-types', { code: 'EM', descriptionEs: 'Correo', descriptionEn: 'E-mail', automaticAction: 'email_customer' });
      const now = new Date().toISOString();
      const c = await t.database.db
        .insertInto('customers')
        .values({ code: 'BG1', name: 'Fondo SL', name_folded: 'fondo sl', phones: '[]', emails: '["fondo@example.com"]', language: 'es', active: true, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const a = await t.admin.post('/activities', { customerId: String(c.id), problem: 'Avería', solutionTypeCode: 'EM', solution: 'Reparada' });
      expect(a.body.automaticAction.status).toBe('done');
      const deadline = Date.now() + 10_000;
      while (smtp.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0].to).toEqual(['fondo@example.com']);
      const deadline2 = Date.now() + 5_000;
      let status = '';
      while (status !== 'sent' && Date.now() < deadline2) {
        status = (await t.admin.get(`/outbox/${a.body.automaticAction.result.id}`)).body.status;
        if (status !== 'sent') await new Promise((r) => setTimeout(r, 50));
      }
      expect(status).toBe('sent');
    } finally {
      await t.close();
      await smtp.close();
    }
  });
});
