/** Tasks and time entries in the customer timeline. Imported once by the routes. */
import type { Ctx } from '../../context.ts';
import { translate } from '../../i18n/messages.ts';
import { customerTimeline, type FeedEntry } from '../customers/feeds.ts';
import './projects.messages.ts';

/** 2026-11-22 → 22/11/2026, as the UI writes dates in both languages. */
const dmy = (d: string | null) => (d ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : null);

function formatMinutes(m: number): string {
  const h = Math.floor(m / 60);
  const r = m % 60;
  return h ? `${h} h${r ? ` ${r} min` : ''}` : `${r} min`;
}

customerTimeline.register('task', async (ctx: Ctx, customerId, { before, limit }): Promise<FeedEntry[]> => {
  let q = ctx.db
    .selectFrom('tasks')
    .leftJoin('projects', 'projects.id', 'tasks.project_id')
    .leftJoin('users', 'users.id', 'tasks.assignee_user_id')
    .leftJoin('groups', 'groups.id', 'tasks.assignee_group_id')
    .select(['tasks.id', 'tasks.title', 'tasks.status', 'tasks.created_at', 'tasks.next_follow_up_date', 'tasks.due_date', 'projects.code as project_code'])
    .select((eb) => eb.fn.coalesce('users.name', 'groups.name').as('assignee_name'))
    .where('tasks.customer_id', '=', customerId);
  if (before) q = q.where('tasks.created_at', '<', before);
  const rows = await q.orderBy('tasks.created_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    type: 'task',
    id: String(r.id),
    at: r.created_at,
    title: r.title,
    summary: [r.project_code, r.next_follow_up_date ? translate(ctx.locale, 'feed_next_follow_up', { date: dmy(r.next_follow_up_date) }) : null].filter(Boolean).join(' · ') || null,
    status: translate(ctx.locale, `task_status_${r.status}`),
    pending: r.status === 'pending',
    userName: r.assignee_name ?? null,
  }));
});

customerTimeline.register('time_entry', async (ctx: Ctx, customerId, { before, limit }): Promise<FeedEntry[]> => {
  let q = ctx.db
    .selectFrom('time_entries')
    .innerJoin('users', 'users.id', 'time_entries.user_id')
    .leftJoin('projects', 'projects.id', 'time_entries.project_id')
    .select(['time_entries.id', 'time_entries.text', 'time_entries.minutes', 'time_entries.date', 'time_entries.created_at', 'users.name as user_name', 'projects.code as project_code'])
    .where('time_entries.customer_id', '=', customerId);
  if (before) q = q.where('time_entries.created_at', '<', before);
  const rows = await q.orderBy('time_entries.created_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    type: 'time_entry',
    id: String(r.id),
    at: r.created_at,
    title: r.text.split(/\r?\n/)[0].slice(0, 200),
    summary: [formatMinutes(Number(r.minutes)), dmy(r.date), r.project_code].filter(Boolean).join(' · '),
    status: null,
    userName: r.user_name,
  }));
});
