/**
 * The outbox sender: claims queued e-mails one at a time and delivers them over SMTP. Several app
 * servers may run it on one database: a row is claimed atomically (see claimNextEmail) and its
 * outcome is recorded only under the same claim, so a message goes out once. A temporary failure
 * (server down, 4xx) is retried with exponential backoff; a permanent one (5xx, bad address) or the
 * last attempt marks the row failed with the reason. Without SMTP settings nothing is sent and the
 * e-mails wait in the outbox, visible.
 */
import { randomBytes } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config.ts';
import type { Queryable } from '../../db/database.ts';
import * as repo from './notify.repository.ts';

export type SenderOptions = {
  /** The database (or a pool of its own): the sender claims each e-mail in it before sending. */
  database: { db: Queryable };
  config: Pick<Config, 'smtpUrl' | 'smtpFrom'>;
  /** Attempts before a message is marked failed (default 8). */
  maxAttempts?: number;
  /** First retry delay; doubles with each attempt (default 60 s), capped by maxBackoffMs (1 h). */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long a claim holds a row; a sender that died releases it when this passes (default 5 min, or ATIENDE_MAIL_LEASE_MS). */
  leaseMs?: number;
  /** Most messages sent in one pass (default 100). */
  batchSize?: number;
  now?: () => Date;
  log?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
};

export type PassResult = { sent: number; retried: number; failed: number; skipped?: 'smtp_not_configured' };

/** Delay before attempt n+1 after n failed attempts: base·2^(n−1), capped. */
export function backoffMs(attempts: number, base = 60_000, max = 3_600_000): number {
  return Math.min(max, base * 2 ** Math.max(0, attempts - 1));
}

/** SMTP 5xx answers and malformed addresses will not get better by retrying. */
export function isPermanentFailure(error: unknown): boolean {
  const e = error as { responseCode?: number; code?: string };
  if (typeof e?.responseCode === 'number') return e.responseCode >= 500 && e.responseCode < 600;
  return e?.code === 'EENVELOPE';
}

function describeError(error: unknown): string {
  const e = error as { response?: string; message?: string; code?: string };
  return (e?.response || e?.message || String(error)).slice(0, 1000);
}

export function createOutboxSender(opts: SenderOptions) {
  const { database } = opts;
  const maxAttempts = opts.maxAttempts ?? 8;
  const leaseMs = opts.leaseMs ?? Number(process.env.ATIENDE_MAIL_LEASE_MS ?? 5 * 60_000);
  const batchSize = opts.batchSize ?? 100;
  const now = opts.now ?? (() => new Date());
  let transport: Transporter | undefined;

  function getTransport(): Transporter | undefined {
    if (!opts.config.smtpUrl) return undefined;
    // Every SMTP step stays well inside the lease, so a slow server cannot make two senders overlap.
    transport ??= nodemailer.createTransport(
      { url: opts.config.smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 },
      { from: opts.config.smtpFrom },
    );
    return transport;
  }

  async function sendOne(transporter: Transporter): Promise<'sent' | 'retried' | 'failed' | 'none'> {
    const token = randomBytes(12).toString('hex');
    const start = now();
    const row = await repo.claimNextEmail(database.db, {
      now: start.toISOString(),
      lockedUntil: new Date(start.getTime() + leaseMs).toISOString(),
      token,
    });
    if (!row) return 'none';
    // A stable Message-ID per outbox row lets the receiving side drop a duplicate if a sender
    // dies between the SMTP server's acceptance and the recording of it.
    const messageId = `<outbox-${row.id}-${Date.parse(row.created_at)}@atiende>`;
    try {
      const attachments = (await repo.attachmentsOf(database.db, row.id)).map((a) => ({ filename: a.filename, contentType: a.content_type, content: Buffer.from(a.content) }));
      await transporter.sendMail({
        attachments,
        to: row.to_name ? { name: row.to_name, address: row.to_address } : row.to_address,
        subject: row.subject,
        text: row.body_text,
        messageId,
        headers: { 'Content-Language': row.language, 'Auto-Submitted': 'auto-generated' },
      });
      const at = now().toISOString();
      await repo.finishClaim(database.db, row.id, token, { status: 'sent', sent_at: at, message_id: messageId, last_error: null, updated_at: at });
      return 'sent';
    } catch (error) {
      const at = now();
      const permanent = isPermanentFailure(error);
      const giveUp = permanent || row.attempts >= maxAttempts;
      await repo.finishClaim(database.db, row.id, token, {
        status: giveUp ? 'failed' : 'queued',
        last_error: describeError(error),
        next_attempt_at: giveUp ? row.next_attempt_at : new Date(at.getTime() + backoffMs(row.attempts, opts.baseBackoffMs, opts.maxBackoffMs)).toISOString(),
        updated_at: at.toISOString(),
      });
      opts.log?.warn({ emailId: row.id, attempts: row.attempts, error: describeError(error) }, giveUp ? 'e-mail failed' : 'e-mail will be retried');
      return giveUp ? 'failed' : 'retried';
    }
  }

  /** One pass: sends every e-mail that is due now (up to batchSize). */
  async function runOnce(): Promise<PassResult> {
    const transporter = getTransport();
    const result: PassResult = { sent: 0, retried: 0, failed: 0 };
    if (!transporter) return { ...result, skipped: 'smtp_not_configured' };
    for (let i = 0; i < batchSize; i++) {
      const outcome = await sendOne(transporter);
      if (outcome === 'none') break;
      result[outcome] += 1;
    }
    return result;
  }

  return {
    runOnce,
    /** Closes the SMTP connection. */
    async stop() {
      transport?.close();
      transport = undefined;
    },
  };
}
export type OutboxSender = ReturnType<typeof createOutboxSender>;

/** Runs one sending pass over the outbox of `database`: the `outbox-sender` job (notify/index.ts), tests, the command line. */
export async function runOutboxPass(database: { db: Queryable }, config: Pick<Config, 'smtpUrl' | 'smtpFrom'>, options: Omit<SenderOptions, 'database' | 'config'> = {}): Promise<PassResult> {
  const sender = createOutboxSender({ ...options, database, config });
  try {
    return await sender.runOnce();
  } finally {
    await sender.stop();
  }
}
