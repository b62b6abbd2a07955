/**
 * Scheduled reports. A user subscribes to a report with its filters, weekly or monthly; the
 * background job builds the report for the last complete period as that user (their language,
 * time zone and permissions) and puts it in the outbox with the PDF attached.
 *
 * Exactly once per period, with any number of app servers: the e-mail is queued in the same
 * transaction that inserts the (subscription, period) delivery row, whose unique key lets only one
 * transaction insert it — a second server's insert does nothing (PostgreSQL waits for the first to
 * commit, SQLite serialises writers), and it then queues nothing.
 */
import { hostname } from 'node:os';
import { z } from 'zod';
import { can } from '../../../shared/roles.ts';
import { subscriptionCreateSchema, reportQuerySchema, type Subscription } from '../../../shared/reports.ts';
import { todayIn } from '../../../shared/dates.ts';
import { type Ctx, tx } from '../../context.ts';
import { fromJson, nowIso, toBool, toJson } from '../../db/dialect.ts';
import { AppError, fieldError, notFound } from '../../errors.ts';
import type { Locale } from '../../i18n/messages.ts';
import type { Actor } from '../auth/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { queueEmail } from '../notify/notify.service.ts';
import { periodLabel, reportPdf } from './reports.render.ts';
import { previousPeriod } from './reports.rules.ts';
import * as repo from './reports.repository.ts';
import { reportDefinition, resolveFilters, runReport } from './reports.service.ts';

type Row = NonNullable<Awaited<ReturnType<typeof repo.findSubscription>>>;

/** Filters a subscription may keep: the report's, except the period (set by the frequency). */
const subscriptionFilters = reportQuerySchema.omit({ from: true, to: true, format: true, table: true }).strict();

function toSubscription(ctx: Ctx, r: Row): Subscription {
  const def = reportDefinition(r.report);
  return {
    id: String(r.id),
    report: r.report,
    reportTitle: def ? def.title[ctx.locale] : r.report,
    frequency: r.frequency,
    filters: fromJson<Record<string, string | number>>(r.filters, {}),
    active: toBool(r.active),
    lastPeriod: r.last_period,
    lastSentAt: r.last_sent_at,
    createdAt: r.created_at,
  };
}

export async function listMySubscriptions(ctx: Ctx): Promise<Subscription[]> {
  return (await repo.subscriptionsOf(ctx.db, ctx.actor.userId)).map((r) => toSubscription(ctx, r));
}

export async function subscribe(ctx: Ctx, input: z.infer<typeof subscriptionCreateSchema>): Promise<Subscription> {
  const def = reportDefinition(input.report);
  if (!def || !def.printable) throw fieldError('report', 'invalid_value');
  if (def.permission && !can(ctx.actor.role, def.permission)) throw new AppError('forbidden');
  const parsed = subscriptionFilters.safeParse(input.filters);
  if (!parsed.success) {
    throw new AppError('validation_failed', {
      errors: parsed.error.issues.map((i) => ({ field: ['filters', ...i.path.map(String), ...(i.code === 'unrecognized_keys' ? [(i as { keys: string[] }).keys[0]] : [])].join('.'), code: i.code === 'unrecognized_keys' ? 'unknown_field' : 'invalid_value' })),
    });
  }
  const filters = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as Record<string, string | number>;
  try {
    await resolveFilters(ctx, def, filters);
  } catch (e) {
    if (e instanceof AppError && e.errors) throw new AppError(e.code, { status: e.status, errors: e.errors.map((x) => ({ ...x, field: `filters.${x.field}` })) });
    throw e;
  }
  const now = nowIso();
  // The first e-mail is for the first period that ends after today.
  const current = previousPeriod(input.frequency, todayIn(ctx.actor.timeZone || ctx.config.defaultTimeZone));
  return tx(ctx, async (c) => {
    const id = await repo.insertSubscription(c.db, {
      user_id: ctx.actor.userId,
      report: def.name,
      frequency: input.frequency,
      filters: toJson(filters)!,
      active: true,
      last_period: current.key,
      last_sent_at: null,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(c, { entityType: 'report_subscription', entityId: id, action: 'create', changes: { report: def.name, frequency: input.frequency, filters } });
    return toSubscription(c, (await repo.findSubscription(c.db, id))!);
  });
}

export async function unsubscribe(ctx: Ctx, id: number): Promise<void> {
  const row = await repo.findSubscription(ctx.db, id);
  // Someone else's subscription is as good as missing.
  if (!row || row.user_id !== ctx.actor.userId || !toBool(row.active)) throw notFound();
  await tx(ctx, async (c) => {
    await repo.deactivateSubscription(c.db, id, nowIso());
    await recordAudit(c, { entityType: 'report_subscription', entityId: id, action: 'delete' });
  });
}

const MAIL = {
  es: {
    subject: (title: string, period: string) => `Informe ${title.toLowerCase()}: ${period}`,
    body: (name: string, title: string, period: string, filters: string[]) =>
      `Hola, ${name}:\n\nAdjuntamos el informe «${title}» del periodo ${period}${filters.length ? ` (${filters.join(' · ')})` : ''}.\n\nRecibe este correo porque está suscrito al informe en Atiende (Informes → Suscripciones). Puede darse de baja allí.\n`,
    file: 'informe',
  },
  en: {
    subject: (title: string, period: string) => `${title} report: ${period}`,
    body: (name: string, title: string, period: string, filters: string[]) =>
      `Hello ${name},\n\nAttached is the "${title}" report for ${period}${filters.length ? ` (${filters.join(' · ')})` : ''}.\n\nYou receive this e-mail because you subscribed to the report in Atiende (Reports → Subscriptions). You can unsubscribe there.\n`,
    file: 'report',
  },
} as const;

export type SendResult = { sent: number; skipped: number; failed: number };

/**
 * One pass of the scheduled reports job: every active subscription whose last complete period has
 * not gone out yet is built, claimed and queued. `today` (local date in the default time zone)
 * decides the period; tests pass it.
 */
export async function sendDueReports(ctx: Ctx, opts: { today?: string; limit?: number } = {}): Promise<SendResult> {
  const result: SendResult = { sent: 0, skipped: 0, failed: 0 };
  const today = opts.today ?? todayIn(ctx.config.defaultTimeZone);
  for (const frequency of ['weekly', 'monthly'] as const) {
    const period = previousPeriod(frequency, today);
    for (const sub of await repo.dueSubscriptions(ctx.db, frequency, period.key, opts.limit ?? 50)) {
      const outcome = await sendOne(ctx, sub, period);
      result[outcome] += 1;
    }
  }
  return result;
}

async function sendOne(ctx: Ctx, sub: Row, period: { key: string; from: string; to: string }): Promise<keyof SendResult> {
  const user = await repo.subscriber(ctx.db, sub.user_id);
  const language: Locale = user?.language === 'en' ? 'en' : 'es';
  const actor: Actor | null =
    user && toBool(user.active) && can(user.role, 'reports.read')
      ? { userId: user.id, username: user.username, name: user.name, role: user.role as Actor['role'], language, timeZone: user.time_zone || ctx.config.defaultTimeZone, via: 'system' }
      : null;
  let email: { subject: string; body: string; pdf: Buffer; file: string } | null = null;
  let error: string | null = null;
  if (!actor) error = 'user_inactive';
  else if (!user?.email) error = 'no_email';
  else {
    try {
      const asUser: Ctx = { ...ctx, actor, locale: language };
      const filters = fromJson<Record<string, string>>(sub.filters, {});
      const report = await runReport(asUser, sub.report, { ...filters, from: period.from, to: period.to });
      const m = MAIL[language];
      const when = periodLabel(report, language);
      email = { subject: m.subject(report.title, when), body: m.body(user.name, report.title, when, report.filterLabels), pdf: await reportPdf(report, language), file: `${m.file}-${sub.report}-${period.key}.pdf` };
    } catch (e) {
      error = e instanceof AppError ? e.code : 'report_failed';
    }
  }
  // The claim, the e-mail and the subscription's mark commit together or not at all.
  return tx(ctx, async (c) => {
    const claimed = await repo.claimDelivery(c.db, { subscription_id: sub.id, period_key: period.key, claimed_at: nowIso(), claimed_by: `${hostname()}:${process.pid}`, email_id: null, error });
    if (!claimed) return 'skipped';
    let emailId: number | null = null;
    if (email && user?.email) {
      emailId = await queueEmail(c, {
        to: user.email,
        toName: user.name,
        subject: email.subject,
        bodyText: email.body,
        language,
        source: { type: 'report_subscription', id: sub.id },
        attachments: [{ filename: email.file, contentType: 'application/pdf', content: email.pdf }],
      });
      await repo.finishDelivery(c.db, sub.id, period.key, emailId, null);
    }
    await repo.markSubscriptionSent(c.db, sub.id, period.key, nowIso());
    return emailId ? 'sent' : 'failed';
  });
}
