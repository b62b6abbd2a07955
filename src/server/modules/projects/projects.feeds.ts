/** Tasks and time entries in the customer timeline; listed in the area's manifest. */
import { translate } from '../../i18n/messages.ts';
import { feedOf } from '../customers/feeds.ts';
import { timelineTasks } from './tasks.repository.ts';
import { timelineTimeEntries } from './time-entries.repository.ts';

/** 2026-11-22 → 22/11/2026, as the UI writes dates in both languages. */
const dmy = (d: string | null) => (d ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : null);

function formatMinutes(m: number): string {
  const h = Math.floor(m / 60);
  const r = m % 60;
  return h ? `${h} h${r ? ` ${r} min` : ''}` : `${r} min`;
}

export const taskTimeline = feedOf('task', timelineTasks, (r, ctx) => ({
  at: r.created_at,
  title: r.title,
  summary: [r.project_code, r.next_follow_up_date ? translate(ctx.locale, 'feed_next_follow_up', { date: dmy(r.next_follow_up_date) }) : null].filter(Boolean).join(' · ') || null,
  status: translate(ctx.locale, `task_status_${r.status}`),
  pending: r.status === 'pending',
  userName: r.assignee_name ?? null,
}));

export const timeEntryTimeline = feedOf('time_entry', timelineTimeEntries, (r) => ({
  at: r.created_at,
  title: r.text.split(/\r?\n/)[0].slice(0, 200),
  summary: [formatMinutes(Number(r.minutes)), dmy(r.date), r.project_code].filter(Boolean).join(' · '),
  status: null,
  userName: r.user_name,
}));

export const projectsFeeds = { customerTimeline: { task: taskTimeline, time_entry: timeEntryTimeline } };
