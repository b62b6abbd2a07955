/** The automatic actions this area provides (listed in its manifest, index.ts). */
import type { Ctx } from '../../context.ts';
import { translate, type Locale } from '../../i18n/messages.ts';
import { createCustomerEvent } from '../agenda/agenda.service.ts';
import { nextWorkingDay, localDate, zonedToUtc } from '../../../shared/dates.ts';
import { createNotice, queueEmail } from '../notify/notify.service.ts';
import { createTask } from '../projects/tasks.service.ts';
import { ActionFailure, type ActionHandler, type ActionInput, renderTemplate } from './automatic-actions.ts';

function description(entry: ActionInput['solutionType'], locale: Locale) {
  return locale === 'en' ? entry.descriptionEn : entry.descriptionEs;
}

/** The e-mail of a solution type in the customer's language: its own template, or the built-in one. */
export function composeActivityEmail(input: ActionInput, locale: Locale, timeZone: string) {
  const st = input.solutionType as ActionInput['solutionType'] & { emailSubjectEs?: string; emailSubjectEn?: string; emailBodyEs?: string; emailBodyEn?: string };
  const pick = (es?: string, en?: string) => (locale === 'en' ? en || es : es || en) || undefined;
  const subject = pick(st.emailSubjectEs, st.emailSubjectEn) ?? translate(locale, 'activity_email_subject');
  const body = pick(st.emailBodyEs, st.emailBodyEn) ?? translate(locale, 'activity_email_body');
  const date = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'es-ES', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(input.registeredAt));
  const vars = {
    customer: input.customer?.name,
    customerCode: input.customer?.code,
    activity: String(input.activityId),
    date,
    problem: input.problem ?? '',
    solution: input.solution ?? '',
    solutionType: description(input.solutionType, locale),
    user: input.registeredBy.name,
  };
  return { subject: renderTemplate(subject, vars), bodyText: renderTemplate(body, vars) };
}

const emailCustomer: ActionHandler = async (ctx: Ctx, input) => {
  const customer = input.customer;
  if (!customer) throw new ActionFailure('action_no_customer');
  const to = customer.emails.find((e) => e.trim());
  if (!to) throw new ActionFailure('customer_has_no_email');
  const locale: Locale = customer.language === 'en' ? 'en' : 'es';
  const { subject, bodyText } = composeActivityEmail(input, locale, ctx.config.defaultTimeZone);
  const id = await queueEmail(ctx, { to, toName: customer.name, subject, bodyText, language: locale, customerId: Number(customer.id), source: { type: 'activity', id: input.activityId } });
  return { type: 'email', id };
};

const notifyUser: ActionHandler = async (ctx, input) => {
  const st = input.solutionType;
  const body = [input.customer ? `${input.customer.code} · ${input.customer.name}` : null, input.problem, input.solution].filter(Boolean).join('\n').slice(0, 2000);
  const id = await createNotice(ctx, {
    userId: input.registeredBy.id,
    kind: 'activity_action',
    title: { es: translate('es', 'activity_notice_title', { id: input.activityId, solutionType: st.descriptionEs }), en: translate('en', 'activity_notice_title', { id: input.activityId, solutionType: st.descriptionEn }) },
    body: body || null,
    link: { type: 'activity', id: input.activityId },
  });
  return { type: 'notice', id };
};

const scheduleCallback: ActionHandler = async (ctx, input) => {
  const customer = input.customer;
  if (!customer) throw new ActionFailure('action_no_customer');
  // Call back the next working day at 09:00 in the registering user's time zone.
  const tz = input.registeredBy.timeZone;
  const dueAt = zonedToUtc(nextWorkingDay(localDate(new Date(), tz)), tz, 9, 0);
  const locale = input.registeredBy.language;
  const params = { id: input.activityId, customer: customer.name, solutionType: description(input.solutionType, locale), problem: input.problem ?? '', solution: input.solution ?? '' };
  const event = await createCustomerEvent(ctx, {
    customerId: Number(customer.id),
    kind: 'callback',
    title: translate(locale, 'activity_callback_title', params).slice(0, 300),
    notes: translate(locale, 'activity_callback_notes', params),
    dueAt,
    assigneeUserId: input.registeredBy.id,
    source: { type: 'activity', id: input.activityId },
  });
  return { type: 'customer_event', id: Number(event.id) };
};

const createTaskAction: ActionHandler = async (ctx, input) => {
  const locale = input.registeredBy.language;
  const params = { id: input.activityId, solutionType: description(input.solutionType, locale) };
  const tz = input.registeredBy.timeZone;
  const task = await createTask(ctx, {
    title: translate(locale, 'activity_task_title', params).slice(0, 200),
    description: [input.problem, input.solution].filter(Boolean).join('\n\n') || null,
    customerId: input.customer ? Number(input.customer.id) : null,
    projectId: input.projectId,
    assigneeUserId: input.registeredBy.id,
    nextFollowUpDate: nextWorkingDay(localDate(new Date(), tz)),
    source: { type: 'activity', id: input.activityId },
  });
  return { type: 'task', id: task.id };
};

/** Kind → handler, installed from the manifest's `hooks.activities.automaticActions`. */
export const builtInAutomaticActions: Record<string, ActionHandler> = {
  email_customer: emailCustomer,
  notify_user: notifyUser,
  schedule_callback: scheduleCallback,
  create_task: createTaskAction,
};
