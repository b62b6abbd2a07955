/**
 * SLA clocks of incidents: the response and resolution deadlines on business time, kept in the SLA
 * area's own table and moved by the incident hooks (intake, changes, events), and the escalation
 * sweep that warns and reports breaches exactly once per incident, target, level and deadline.
 */
import type { Selectable } from 'kysely';
import type { ClockListQuery, IncidentClock, IncidentSla, SlaCounts } from '../../../shared/sla.ts';
import { type Ctx, type GroupBatch, nowOf, tx } from '../../context.ts';
import { atGroupEnd } from '../../db/group-commit.ts';
import { nowIso, toBool } from '../../db/dialect.ts';
import { decodeCursor, keyset, type Page, toPage } from '../../db/pagination.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findEntry, findFlagged, listEntries } from '../catalogs/catalogs.service.ts';
import type { IncidentChangeReason, IncidentDraft, IncidentEventSnapshot, IncidentSnapshot } from '../incident-hooks.ts';
import { addEvents, lockFreeIncidents, recordIncidentChange, setIncidentDeadlines, setIncidentsDeadlines } from '../incidents/incidents.service.ts';
import { createNotices, queueEmails } from '../notify/notify.service.ts';
import { getGroup, groupIdsOf, groupNames, listUsers, userNames } from '../users/users.service.ts';
import type { BusinessCalendar } from './business-clock.ts';
import { businessCalendar, defaultCalendarId } from './calendars.service.ts';
import * as repo from './sla.repository.ts';
import {
  type Clock,
  type ClockTarget,
  type CountDelta,
  type Counted,
  type CountedPhase,
  countDeltas,
  type EscalationLevel,
  marginFor,
  nextEscalation,
  pauseClock,
  phaseAt,
  reanchor,
  remainingAt,
  restartClock,
  resumeClock,
  type Schedule,
  schedule,
  slaStateOf,
  startClock,
  stopClock,
} from './sla.rules.ts';
import type { IncidentClocksTable, IncidentSlaStateTable } from './sla.tables.ts';

/** Keyset of each list of this file: a cursor of another list is refused (db/pagination.ts). */
const CLOCKS_RUNNING = keyset('incident-clocks', 'ts', 'id', 'text');
const CLOCKS_PAUSED = keyset('incident-clocks-paused', 'ts', 'id', 'text');

type ClockRow = Selectable<IncidentClocksTable>;
const TARGETS: ClockTarget[] = ['response', 'resolution'];
const ms = (iso: string) => Date.parse(iso);
const isoOf = (t: number | null) => (t === null ? null : new Date(t).toISOString());

// ---- what applies to an incident ----------------------------------------------------------------

type Settings = {
  calendarId: number;
  cal: BusinessCalendar;
  targets: Record<ClockTarget, { minutes: number; margin: number }>;
  waiting: boolean;
};

/** What the settings of an incident's clocks depend on. */
type SettingsOf = Pick<IncidentSnapshot, 'contractId' | 'regionCode' | 'priorityCode' | 'statusCode'>;

/** The calendar of an incident: its contract's, else its region's, else the default. */
async function calendarIdFor(ctx: Ctx, inc: SettingsOf): Promise<number> {
  if (inc.contractId !== null) {
    const level = await repo.findServiceLevel(ctx.db, inc.contractId);
    if (level?.calendar_id != null) return Number(level.calendar_id);
  }
  if (inc.regionCode) {
    const region = await findEntry(ctx, 'regions', inc.regionCode);
    const id = typeof region?.serviceCalendarId === 'string' ? Number(region.serviceCalendarId) : null;
    if (id !== null && (await repo.findCalendar(ctx.db, id))) return id;
  }
  return defaultCalendarId(ctx);
}

async function settingsFor(ctx: Ctx, inc: SettingsOf): Promise<Settings> {
  const calendarId = await calendarIdFor(ctx, inc);
  const { clock: cal } = await businessCalendar(ctx, calendarId);
  const priority = await findEntry(ctx, 'priorities', inc.priorityCode);
  let response = Number(priority?.responseMinutes ?? 0);
  let resolution = Number(priority?.resolutionMinutes ?? 0);
  if (inc.contractId !== null) {
    const level = await repo.findServiceLevel(ctx.db, inc.contractId);
    const own = (level ? (typeof level.targets === 'string' ? JSON.parse(level.targets) : level.targets) : []) as Array<{ priorityCode: string; responseMinutes: number; resolutionMinutes: number }>;
    const t = own.find((x) => x.priorityCode === inc.priorityCode);
    if (t) {
      response = t.responseMinutes;
      resolution = t.resolutionMinutes;
    }
  }
  const margins = { escalationMarginMinutes: priority?.escalationMarginMinutes as number | undefined, warningPercent: priority?.warningPercent as number | null | undefined };
  const status = await findEntry(ctx, 'incident-statuses', inc.statusCode);
  return {
    calendarId,
    cal,
    targets: { response: { minutes: response, margin: marginFor(response, margins) }, resolution: { minutes: resolution, margin: marginFor(resolution, margins) } },
    waiting: Boolean(status?.waitingForCustomer),
  };
}

// ---- rows ↔ clocks --------------------------------------------------------------------------------

function toClock(r: Pick<ClockRow, 'state' | 'target_minutes' | 'margin_minutes' | 'anchor_at' | 'used_before' | 'paused_since' | 'stopped_at'>): Clock {
  return {
    state: r.state as Clock['state'],
    targetMinutes: r.target_minutes,
    marginMinutes: r.margin_minutes,
    anchorAt: ms(r.anchor_at),
    usedBefore: r.used_before,
    pausedSince: r.paused_since ? ms(r.paused_since) : null,
    stoppedAt: r.stopped_at ? ms(r.stopped_at) : null,
  };
}

function rowOf(
  inc: IncidentSnapshot,
  target: ClockTarget,
  calendarId: number,
  cal: BusinessCalendar,
  c: Clock,
  done: { warnedFor: string | null; breachedFor: string | null; dueAt?: string | null; warnAt?: string | null },
  now: number,
  /** The clock's deadlines when already worked out (a new clock: `schedule(cal, c)`, see newClocksOf). */
  scheduled?: Schedule,
) {
  // The deadline an overdue clock passed stays its deadline (see schedule); a paused one shows none.
  const passedDue = done.dueAt ?? done.breachedFor;
  const s = scheduled ?? schedule(cal, c, passedDue ? { dueAt: ms(passedDue), warnAt: done.warnAt ? ms(done.warnAt) : ms(passedDue) } : null);
  const next = nextEscalation(s, { warnedFor: done.warnedFor ? ms(done.warnedFor) : null, breachedFor: done.breachedFor ? ms(done.breachedFor) : null }, now);
  return {
    incident_id: inc.id,
    target,
    state: c.state,
    calendar_id: calendarId,
    target_minutes: c.targetMinutes,
    margin_minutes: c.marginMinutes,
    anchor_at: new Date(c.anchorAt).toISOString(),
    used_before: c.usedBefore,
    paused_since: isoOf(c.pausedSince),
    stopped_at: isoOf(c.stoppedAt),
    due_at: isoOf(s.dueAt),
    warn_at: isoOf(s.warnAt),
    warned_for: done.warnedFor,
    breached_for: done.breachedFor,
    next_escalation_at: next ? isoOf(next.at) : null,
    met: null as boolean | null,
    incident_number: inc.number,
    customer_id: inc.customerId,
    priority_code: inc.priorityCode,
    status_code: inc.statusCode,
    owner_user_id: inc.ownerUserId,
    owner_group_id: inc.ownerGroupId,
    updated_at: new Date(now).toISOString(),
  };
}

type SlaStateRow = Omit<Selectable<IncidentSlaStateTable>, 'incident_id' | 'counted' | 'phase_until'>;
const countedOf = (r: { counted: string | null; paused_since: string | null; owner_user_id: number | null; owner_group_id: number | null } | undefined | null): Counted | null =>
  r ? { counted: r.counted as CountedPhase, paused: r.paused_since !== null, ownerUserId: r.owner_user_id === null ? null : Number(r.owner_user_id), ownerGroupId: r.owner_group_id === null ? null : Number(r.owner_group_id) } : null;

/**
 * Writes the incident's one state row (null: none left) with what it is counted as now, and the
 * badge counters' difference from what it was counted as (read locked: see lockSlaState). An
 * incident on time and not paused counts nothing, so intake writes no counter row.
 */
async function writeSlaState(ctx: Ctx, incidentId: number, row: SlaStateRow | null, existed: boolean, now: string) {
  const old = existed ? await repo.lockSlaState(ctx.db, incidentId) : undefined;
  const phase = row ? phaseAt({ dueAt: row.due_at, warnAt: row.warn_at }, ms(now)) : null;
  const next = row && phase ? { ...row, counted: phase.counted, phase_until: phase.until } : null;
  if (next || old) await repo.saveSlaState(ctx.db, incidentId, next);
  await repo.addSlaCounts(ctx.db, countDeltas(countedOf(old), countedOf(next)));
}

/** Writes the clocks and shows their deadlines on the incident; a moved deadline goes in the history. */
async function saveClocks(ctx: Ctx, inc: IncidentSnapshot, rows: ReturnType<typeof rowOf>[], before: ClockRow[], reason: string) {
  // One statement for the incident's clocks (an intake writes two).
  await repo.upsertClocks(
    ctx.db,
    rows.map((row) => {
      const old = before.find((b) => b.target === row.target);
      // Stopped within its target or not, for reports.
      const met = row.state === 'stopped' ? row.used_before <= row.target_minutes : null;
      return { ...row, met, lease_until: old?.lease_until ?? null, lease_token: old?.lease_token ?? null };
    }),
  );
  // The incident's one row for the badge counts, from all its clocks as they are now.
  const clocks = TARGETS.map((t) => rows.find((r) => r.target === t) ?? before.find((b) => b.target === t)).filter((c) => c !== undefined);
  const state = slaStateOf(clocks.map((c) => ({ state: c.state, dueAt: c.due_at, warnAt: c.warn_at, pausedSince: c.paused_since })));
  if (state || before.length) {
    const now = rows[0]?.updated_at ?? nowIso();
    await writeSlaState(ctx, inc.id, state && { due_at: state.dueAt, warn_at: state.warnAt, paused_since: state.pausedSince, owner_user_id: inc.ownerUserId, owner_group_id: inc.ownerGroupId, updated_at: now }, before.length > 0, now);
  }
  const dueBefore = (t: ClockTarget) => before.find((r) => r.target === t)?.due_at ?? null;
  const dueAfter = (t: ClockTarget) => {
    const row = rows.find((r) => r.target === t);
    return row ? row.due_at : dueBefore(t);
  };
  const changes: Record<string, unknown> = {};
  for (const t of TARGETS) if (dueBefore(t) !== dueAfter(t)) changes[`${t}DueAt`] = { from: dueBefore(t), to: dueAfter(t) };
  if (Object.keys(changes).length) {
    await setIncidentDeadlines(ctx, inc.id, { responseDueAt: dueAfter('response'), resolutionDueAt: dueAfter('resolution') });
    if (before.length) {
      for (const t of TARGETS) {
        if (dueBefore(t) !== dueAfter(t)) await recordIncidentChange(ctx, inc.id, { kind: `${t}_due`, from: dueBefore(t), to: dueAfter(t), note: reason });
      }
      await recordAudit(ctx, { entityType: 'incident', entityId: inc.id, action: 'sla_recompute', changes: { reason, ...changes } });
    }
  }
}

// ---- hooks -----------------------------------------------------------------------------------------

/** A new incident's clocks as far as they do not depend on its transaction: the settings, each target's clock and deadlines. */
type NewClocks = { s: Settings; clocks: Array<{ target: ClockTarget; c: Clock; scheduled: Schedule }> };

async function newClocksOf(ctx: Ctx, inc: IncidentDraft): Promise<NewClocks> {
  const s = await settingsFor(ctx, inc);
  const received = ms(inc.receivedAt);
  const clocks = TARGETS.map((target) => {
    let c = startClock(received, s.targets[target].minutes, s.targets[target].margin, s.waiting);
    const stop = target === 'response' ? (inc.firstResponseAt ?? inc.resolvedAt) : inc.resolvedAt;
    if (stop) c = stopClock(s.cal, c, ms(stop));
    return { target, c, scheduled: schedule(s.cal, c) };
  });
  return { s, clocks };
}

/**
 * Before an intake's transaction (incident-hooks.ts incidentCreating): its clocks' settings and
 * deadlines, so that only their rows are written under the write lock. They are configuration (the
 * contract's service level, the priority's targets and margins, the status, the calendars), read as
 * the intake's other configuration is (its codes, its owner rule: before the transaction, from the
 * caches): a change committed between this read and the intake's COMMIT is like one committed just
 * after it, and a service level or calendar change never recomputes open incidents' clocks anyway.
 */
export async function onIncidentCreating(ctx: Ctx, draft: IncidentDraft): Promise<NewClocks> {
  return newClocksOf(ctx, draft);
}

export async function onIncidentCreated(ctx: Ctx, inc: IncidentSnapshot, prepared?: unknown): Promise<void> {
  const { s, clocks } = (prepared as NewClocks | undefined) ?? (await newClocksOf(ctx, inc));
  const now = nowOf(ctx).getTime();
  const rows = clocks.map(({ target, c, scheduled }) => rowOf(inc, target, s.calendarId, s.cal, c, { warnedFor: null, breachedFor: null }, now, scheduled));
  // Within a group of intakes (group commit): every intake's clocks, state rows and counter deltas
  // written once for the whole group before its COMMIT (and before the reports' summaries, which
  // read the clocks: this hook runs first, so its batch is first). Outside a group, the same batch
  // for this one incident: one way of writing a new incident's clocks.
  if (!atGroupEnd(ctx, newIncidentClocks, { inc, rows })) await newIncidentClocks.run(ctx, [{ inc, rows }]);
}

/**
 * New incidents' clocks (no clock before): what `saveClocks` would write for each with no clock
 * before (no history or audit line: nothing moved), in a few statements for all of them — the clocks in one upsert per 25 incidents, the state rows in one, the counter deltas
 * added up, the incidents' deadlines in one.
 */
const newIncidentClocks: GroupBatch<{ inc: IncidentSnapshot; rows: ReturnType<typeof rowOf>[] }> = {
  name: 'sla:new-incidents',
  run: async (ctx, items) => {
    const clocks = items.flatMap(({ rows }) => rows.map((row) => ({ ...row, met: row.state === 'stopped' ? row.used_before <= row.target_minutes : null, lease_until: null, lease_token: null })));
    for (let i = 0; i < clocks.length; i += 50) await repo.upsertClocks(ctx.db, clocks.slice(i, i + 50));
    const states: IncidentSlaStateTable[] = [];
    const deltas = new Map<string, CountDelta>();
    for (const { inc, rows } of items) {
      const state = slaStateOf(rows.map((c) => ({ state: c.state, dueAt: c.due_at, warnAt: c.warn_at, pausedSince: c.paused_since })));
      if (!state) continue;
      const now = rows[0]?.updated_at ?? nowIso();
      const row = { due_at: state.dueAt, warn_at: state.warnAt, paused_since: state.pausedSince, owner_user_id: inc.ownerUserId, owner_group_id: inc.ownerGroupId, updated_at: now };
      const phase = phaseAt({ dueAt: row.due_at, warnAt: row.warn_at }, ms(now));
      if (!phase) continue;
      const next = { ...row, counted: phase.counted, phase_until: phase.until };
      states.push({ incident_id: inc.id, ...next });
      for (const d of countDeltas(null, countedOf(next))) {
        const k = `${d.ownerUserId ?? ''}|${d.ownerGroupId ?? ''}|${d.view}`;
        const got = deltas.get(k);
        if (got) got.n += d.n;
        else deltas.set(k, { ...d });
      }
    }
    for (let i = 0; i < states.length; i += 50) await repo.saveSlaStates(ctx.db, states.slice(i, i + 50));
    await repo.addSlaCounts(ctx.db, [...deltas.values()].filter((d) => d.n !== 0));
    const deadlines = items
      .map(({ inc, rows }) => {
        const due = (t: ClockTarget) => rows.find((r) => r.target === t)?.due_at ?? null;
        return { id: inc.id, responseDueAt: due('response'), resolutionDueAt: due('resolution') };
      })
      .filter((d) => d.responseDueAt !== null || d.resolutionDueAt !== null);
    if (deadlines.length) await setIncidentsDeadlines(ctx, deadlines);
  },
};

const RECOMPUTE: IncidentChangeReason[] = ['status', 'priority', 'customer', 'contract', 'region', 'resolve', 'reopen'];

export async function onIncidentChanged(ctx: Ctx, change: { before: IncidentSnapshot; after: IncidentSnapshot; reasons: IncidentChangeReason[] }): Promise<void> {
  const { after, reasons } = change;
  const existing = await repo.findClocks(ctx.db, after.id);
  if (existing.length === 0) return onIncidentCreated(ctx, after);
  const now = nowOf(ctx).getTime();
  if (!reasons.some((r) => RECOMPUTE.includes(r))) {
    // Owner, case type…: only what the lists show.
    for (const r of existing) {
      await repo.updateClock(ctx.db, after.id, r.target, { owner_user_id: after.ownerUserId, owner_group_id: after.ownerGroupId, status_code: after.statusCode, priority_code: after.priorityCode });
    }
    const state = await repo.lockSlaState(ctx.db, after.id);
    if (state) {
      const at = nowOf(ctx).toISOString();
      await writeSlaState(ctx, after.id, { due_at: state.due_at, warn_at: state.warn_at, paused_since: state.paused_since, owner_user_id: after.ownerUserId, owner_group_id: after.ownerGroupId, updated_at: at }, true, at);
    }
    return;
  }
  const s = await settingsFor(ctx, after);
  const rows = [];
  for (const r of existing) {
    const target = r.target as ClockTarget;
    const { clock: oldCal } = await businessCalendar(ctx, Number(r.calendar_id));
    let c = toClock(r);
    // Time used so far counts on the calendar it ran on.
    if (s.calendarId !== Number(r.calendar_id)) c = reanchor(oldCal, c, now);
    c = { ...c, targetMinutes: s.targets[target].minutes, marginMinutes: s.targets[target].margin };
    const cal = s.cal;
    if (reasons.includes('reopen') && after.resolvedAt === null && (target === 'resolution' || after.firstResponseAt === null)) c = restartClock(c, now, s.waiting);
    if (c.state === 'running' && s.waiting) c = pauseClock(cal, c, now);
    else if (c.state === 'paused' && !s.waiting) c = resumeClock(c, now);
    const stop = target === 'response' ? (after.firstResponseAt ?? after.resolvedAt) : after.resolvedAt;
    if (stop && c.state !== 'stopped') c = stopClock(cal, c, Math.max(ms(stop), c.anchorAt));
    rows.push(rowOf(after, target, s.calendarId, cal, c, { warnedFor: r.warned_for, breachedFor: r.breached_for, dueAt: r.due_at, warnAt: r.warn_at }, now));
  }
  await saveClocks(ctx, after, rows, existing, reasons.join(','));
}

export async function onIncidentEvent(ctx: Ctx, e: { incident: IncidentSnapshot; event: IncidentEventSnapshot }): Promise<void> {
  if (!e.event.firstResponse) return;
  const existing = await repo.findClocks(ctx.db, e.incident.id);
  const r = existing.find((x) => x.target === 'response');
  if (!r) return onIncidentCreated(ctx, e.incident);
  const { clock: cal } = await businessCalendar(ctx, Number(r.calendar_id));
  const c = stopClock(cal, toClock(r), Math.max(ms(e.event.at), ms(r.anchor_at)));
  const row = rowOf(e.incident, 'response', Number(r.calendar_id), cal, c, { warnedFor: r.warned_for, breachedFor: r.breached_for }, nowOf(ctx).getTime());
  await saveClocks(ctx, e.incident, [row], existing, 'first_response');
}

// ---- reading ---------------------------------------------------------------------------------------

type Calendars = (id: number) => ReturnType<typeof businessCalendar>;

/** Each calendar read once for a whole page (a page of 50 clocks has one or a few calendars). */
function calendarsOnce(ctx: Ctx): Calendars {
  const seen = new Map<number, ReturnType<typeof businessCalendar>>();
  return (id) => {
    let c = seen.get(id);
    if (!c) seen.set(id, (c = businessCalendar(ctx, id)));
    return c;
  };
}

async function toIncidentClock(
  calendars: Calendars,
  r: Omit<ClockRow, 'warned_for' | 'breached_for' | 'next_escalation_at' | 'lease_until' | 'lease_token' | 'updated_at'> & { customer_name?: string | null },
  now: number,
  /** The owners' names (a list's page); without them (an incident's own clocks) the names are null. */
  names?: { user: Map<number, string>; group: Map<number, string> },
): Promise<IncidentClock> {
  const { calendar, clock: cal } = await calendars(Number(r.calendar_id));
  const c = toClock(r);
  const remaining = remainingAt(cal, c, now);
  const due = r.due_at ? ms(r.due_at) : null;
  const warn = r.warn_at ? ms(r.warn_at) : null;
  const status: IncidentClock['status'] =
    r.state === 'stopped' ? (toBool(r.met) ? 'met' : 'missed') : r.state === 'paused' ? 'paused' : due !== null && due <= now ? 'breached' : warn !== null && warn <= now ? 'at_risk' : 'on_time';
  return {
    incidentId: String(r.incident_id),
    incidentNumber: r.incident_number,
    customerId: String(r.customer_id),
    customerName: r.customer_name ?? null,
    target: r.target as ClockTarget,
    state: r.state as IncidentClock['state'],
    status,
    targetMinutes: r.target_minutes,
    marginMinutes: r.margin_minutes,
    usedMinutes: r.target_minutes - remaining,
    remainingMinutes: remaining,
    dueAt: r.due_at,
    warnAt: r.warn_at,
    pausedSince: r.paused_since,
    stoppedAt: r.stopped_at,
    calendarId: String(r.calendar_id),
    calendarName: calendar.name,
    timeZone: calendar.timeZone,
    priorityCode: r.priority_code,
    statusCode: r.status_code,
    ownerUserId: r.owner_user_id === null ? null : String(r.owner_user_id),
    ownerUserName: r.owner_user_id === null ? null : (names?.user.get(Number(r.owner_user_id)) ?? null),
    ownerGroupId: r.owner_group_id === null ? null : String(r.owner_group_id),
    ownerGroupName: r.owner_group_id === null ? null : (names?.group.get(Number(r.owner_group_id)) ?? null),
  };
}

export async function getIncidentSla(ctx: Ctx, incidentId: number, assertExists: (ctx: Ctx, id: number) => Promise<void>): Promise<IncidentSla> {
  await assertExists(ctx, incidentId);
  const now = Date.now();
  const rows = await repo.findClocks(ctx.db, incidentId);
  const escalations = await repo.listEscalations(ctx.db, incidentId);
  return {
    incidentId: String(incidentId),
    now: new Date(now).toISOString(),
    clocks: await Promise.all(rows.map((r) => toIncidentClock(calendarsOnce(ctx), r, now))),
    escalations: escalations.map((e) => ({ target: e.target as ClockTarget, level: e.level as EscalationLevel, dueAt: e.due_at, at: e.at })),
  };
}

async function ownerFilter(ctx: Ctx, q: ClockListQuery): Promise<{ ownerUserId?: number; ownerGroupIds?: number[] }> {
  if (q.mine) return { ownerUserId: ctx.actor.userId, ownerGroupIds: await groupIdsOf(ctx, ctx.actor.userId) };
  return { ownerUserId: q.ownerUserId ? Number(q.ownerUserId) : undefined, ownerGroupIds: q.ownerGroupId ? [Number(q.ownerGroupId)] : undefined };
}

export async function listClocks(ctx: Ctx, q: ClockListQuery): Promise<Page<IncidentClock>> {
  const now = Date.now();
  const ks = q.view === 'paused' ? CLOCKS_PAUSED : CLOCKS_RUNNING;
  const rows = await repo.listClocks(ctx.db, { view: q.view, now: new Date(now).toISOString(), ...(await ownerFilter(ctx, q)), cursor: decodeCursor(q.cursor, ks), limit: q.limit });
  const page = toPage(rows, q.limit, ks, (r) => [(q.view === 'paused' ? r.paused_since : r.due_at) as string, Number(r.incident_id), r.target], (r) => r);
  // Owners' names from the configuration cache (the misses in one read each), as the incident inbox reads them.
  const users = new Set<number>();
  const groups = new Set<number>();
  for (const r of page.items) {
    if (r.owner_user_id !== null) users.add(Number(r.owner_user_id));
    if (r.owner_group_id !== null) groups.add(Number(r.owner_group_id));
  }
  const [userName, groupName] = await Promise.all([users.size ? userNames(ctx, users) : new Map<number, string>(), groups.size ? groupNames(ctx, groups) : new Map<number, string>()]);
  const calendars = calendarsOnce(ctx);
  const names = { user: userName, group: groupName };
  return { items: await Promise.all(page.items.map((r) => toIncidentClock(calendars, r, now, names))), nextCursor: page.nextCursor };
}

/**
 * The navigation badge: incidents at risk, breached and paused, everyone's and mine — the counters
 * kept on write plus what time has done since the `sla-counts` job last moved them (exact either
 * way; the job only keeps the read short).
 */
export async function countClocks(ctx: Ctx): Promise<SlaCounts> {
  const { all, mine } = await repo.countSla(ctx.db, { now: nowIso(), ownerUserId: ctx.actor.userId, ownerGroupIds: await groupIdsOf(ctx, ctx.actor.userId) });
  return { ...all, mine };
}

/** State rows moved per pass of the counts job (each pass one short transaction). */
const PHASE_BATCH = Number(process.env.ATIENDE_SLA_PHASE_BATCH ?? 2000);

/**
 * One pass of the `sla-counts` job: moves the incidents time has moved (their warning or deadline
 * come since they were last written) to their phase now, with their counter rows, then folds the
 * counters into one row per owner pair and view. Safe on several app servers at once: the rows are
 * claimed `SKIP LOCKED` (an incident being changed is left for the next pass), and the fold removes
 * only the rows it sums. Answers how many incidents it moved.
 */
export async function advanceSlaCounts(ctx: Ctx): Promise<number> {
  let moved = 0;
  for (;;) {
    const n = await tx(ctx, async (c) => {
      const now = nowOf(c).getTime();
      const rows = await repo.claimStalePhases(c.db, { now: new Date(now).toISOString(), limit: PHASE_BATCH });
      const saved: Array<{ incident_id: number; counted: string | null; phase_until: string | null }> = [];
      const deltas: CountDelta[] = [];
      for (const r of rows) {
        const phase = phaseAt({ dueAt: r.due_at, warnAt: r.warn_at }, now);
        saved.push({ incident_id: Number(r.incident_id), counted: phase.counted, phase_until: phase.until });
        deltas.push(...countDeltas(countedOf(r), countedOf({ ...r, counted: phase.counted })));
      }
      await repo.savePhases(c.db, saved);
      await repo.addSlaCounts(c.db, deltas);
      return rows.length;
    });
    moved += n;
    if (n < PHASE_BATCH) break;
  }
  if (await repo.slaCountsToFold(ctx.db)) await tx(ctx, (c) => repo.foldSlaCounts(c.db));
  return moved;
}

/** Recomputes every incident's counted phase and the counters (after hand edits in the database). */
export function recountSla(ctx: Ctx): Promise<void> {
  return tx(ctx, (c) => repo.recountSla(c.db, nowOf(c).toISOString()));
}

// ---- escalation ------------------------------------------------------------------------------------

const BATCH = Number(process.env.ATIENDE_SLA_BATCH ?? 1000);

const TEXT = {
  warning: {
    response: { es: 'La primera respuesta vence pronto', en: 'The first response is due soon' },
    resolution: { es: 'La resolución vence pronto', en: 'The resolution is due soon' },
  },
  breach: {
    response: { es: 'Plazo de primera respuesta superado', en: 'First-response deadline passed' },
    resolution: { es: 'Plazo de resolución superado', en: 'Resolution deadline passed' },
  },
} as const;

function escalationText(level: EscalationLevel, target: ClockTarget, number: string, dueLocal: { es: string; en: string }) {
  const t = TEXT[level][target];
  return {
    title: { es: `${number}: ${t.es}`, en: `${number}: ${t.en}` },
    body: { es: `${t.es} (vence ${dueLocal.es}).`, en: `${t.en} (due ${dueLocal.en}).` },
  };
}

/** Formatters are costly to build (a tenth of a millisecond each): one per locale and zone. */
const dueFormats = new Map<string, Intl.DateTimeFormat>();
function formatDue(locale: string, timeZone: string, iso: string) {
  const key = `${locale}|${timeZone}`;
  let f = dueFormats.get(key);
  if (!f) dueFormats.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'short', timeStyle: 'short' })));
  return f.format(new Date(iso));
}

function localDue(iso: string, timeZone: string) {
  return { es: `${formatDue('es-ES', timeZone, iso)} (${timeZone})`, en: `${formatDue('en-GB', timeZone, iso)} (${timeZone})` };
}

/** The event type escalations are recorded with: one flagged isEscalation, else the default type. */
async function escalationEventType(ctx: Ctx): Promise<string | null> {
  const flagged = (await listEntries(ctx, 'incident-event-types', { active: true })).find((e) => e.isEscalation === true);
  return flagged?.code ?? (await findFlagged(ctx, 'incident-event-types', 'isDefault'))?.code ?? null;
}

/**
 * What a sweep reads once for all the clocks it escalates, instead of once per escalation: the
 * event type, the supervisors, and each owner group's members, calendar's time zone and priority's
 * e-mail addresses the first time one is needed.
 */
function sweepReads(ctx: Ctx) {
  const once = <K, V>(load: (k: K) => Promise<V>) => {
    const seen = new Map<K, Promise<V>>();
    return (k: K) => {
      let v = seen.get(k);
      if (!v) seen.set(k, (v = load(k)));
      return v;
    };
  };
  return {
    eventType: once(() => escalationEventType(ctx)),
    supervisors: once(async () => (await listUsers(ctx, { active: true, role: 'supervisor' })).map((u) => Number(u.id))),
    members: once(async (groupId: number) => (await getGroup(ctx, groupId)).memberIds.map(Number)),
    timeZone: once(async (calendarId: number) => (await repo.findCalendar(ctx.db, calendarId))?.time_zone ?? 'Europe/Madrid'),
    emails: once(async (priorityCode: string) => {
      const priority = await findEntry(ctx, 'priorities', priorityCode);
      return Array.isArray(priority?.escalationEmails) ? (priority.escalationEmails as string[]) : [];
    }),
  };
}

/** Who is told: the owner (or each member of the owner group) and every active supervisor. */
async function recipients(reads: ReturnType<typeof sweepReads>, r: ClockRow): Promise<number[]> {
  const ids = new Set<number>();
  if (r.owner_user_id !== null) ids.add(Number(r.owner_user_id));
  else if (r.owner_group_id !== null) for (const m of await reads.members(Number(r.owner_group_id))) ids.add(m);
  for (const u of await reads.supervisors(null)) ids.add(u);
  return [...ids];
}

/**
 * One pass of the escalation job, in one transaction: claim the clocks whose warning or deadline
 * has come (`FOR UPDATE SKIP LOCKED`: several app servers take different rows, and a server that
 * dies mid-pass releases its claims with its connection), then lock their incidents the same way —
 * an incident being changed right now is left for the next pass, so the sweep never waits for a
 * lock and cannot deadlock with an incident change (which locks the incident, then its clocks).
 * Each escalation is claimed by its row in `sla_escalations` (one per incident, target, level and
 * deadline), and only the claimed ones get their event, notices and e-mails — each step one
 * multi-row statement for the whole batch, the recipients read in one query, and the clocks
 * written back in one `UPDATE … FROM (VALUES …)` of the three columns that change.
 * Returns how many clocks it claimed and how many escalations it sent.
 */
export async function sweepEscalations(ctx: Ctx): Promise<{ claimed: number; escalated: number }> {
  return tx(ctx, async (c) => {
    const now = Date.now();
    const due = await repo.claimDueClocks(c.db, { now: new Date(now).toISOString(), limit: BATCH });
    if (due.length === 0) return { claimed: 0, escalated: 0 };
    const free = new Set(await lockFreeIncidents(c, [...new Set(due.map((r) => Number(r.incident_id)))].sort((a, b) => a - b)));
    const clocks = due.filter((r) => free.has(Number(r.incident_id)));
    const reads = sweepReads(c);
    const at = new Date(now).toISOString();
    type Planned = { row: ClockRow; level: EscalationLevel; dueAt: string; text: ReturnType<typeof escalationText>; users: number[]; emails: string[] };
    const planned: Planned[] = [];
    const saved: Array<{ incident_id: number; target: string; warned_for: string | null; breached_for: string | null; next_escalation_at: string | null }> = [];
    for (const r of clocks) {
      const due = r.due_at ? ms(r.due_at) : null;
      const warn = r.warn_at ? ms(r.warn_at) : null;
      const next = nextEscalation({ dueAt: due, warnAt: warn }, { warnedFor: r.warned_for ? ms(r.warned_for) : null, breachedFor: r.breached_for ? ms(r.breached_for) : null }, now);
      if (!next || next.at > now || !r.due_at) {
        // Nothing owed now: only its next escalation is put right.
        saved.push({ incident_id: Number(r.incident_id), target: r.target, warned_for: r.warned_for, breached_for: r.breached_for, next_escalation_at: next ? isoOf(next.at) : null });
        continue;
      }
      const marks = next.level === 'breach' ? { warned_for: r.due_at, breached_for: r.due_at } : { warned_for: r.due_at, breached_for: r.breached_for };
      const after = nextEscalation({ dueAt: due, warnAt: warn }, { warnedFor: ms(marks.warned_for), breachedFor: marks.breached_for ? ms(marks.breached_for) : null }, now);
      saved.push({ incident_id: Number(r.incident_id), target: r.target, ...marks, next_escalation_at: after ? isoOf(after.at) : null });
      const text = escalationText(next.level, r.target as ClockTarget, r.incident_number, localDue(r.due_at, await reads.timeZone(Number(r.calendar_id))));
      planned.push({ row: r, level: next.level, dueAt: r.due_at, text, users: await recipients(reads, r), emails: await reads.emails(r.priority_code) });
    }
    const claims = await repo.insertEscalations(
      c.db,
      planned.map((p) => ({ incident_id: Number(p.row.incident_id), target: p.row.target, level: p.level, due_at: p.dueAt, at, notices: p.users.length, emails: p.emails.length })),
    );
    const claimedKeys = new Set(claims.map((k) => `${k.incident_id}|${k.target}`));
    const sent = planned.filter((p) => claimedKeys.has(`${p.row.incident_id}|${p.row.target}`));
    const typeCode = sent.length ? await reads.eventType(null) : null;
    if (typeCode) await addEvents(c, typeCode, sent.map((p) => ({ incidentId: Number(p.row.incident_id), text: `${p.text.title.es}. ${p.text.body.es}` })));
    await createNotices(
      c,
      sent.flatMap((p) => p.users.map((userId) => ({ userId, kind: 'escalation', title: p.text.title, body: p.text.body, link: { type: 'incident', id: Number(p.row.incident_id) } }))),
    );
    await queueEmails(
      c,
      sent.flatMap((p) =>
        p.emails.map((to) => ({
          to,
          subject: `[Atiende] ${p.text.title.es} / ${p.text.title.en}`,
          bodyText: `${p.text.body.es}\n\n${p.text.body.en}\n`,
          language: 'es' as const,
          customerId: Number(p.row.customer_id),
          source: { type: 'incident', id: Number(p.row.incident_id) },
        })),
      ),
    );
    await repo.saveSweptClocks(c.db, saved);
    return { claimed: due.length, escalated: sent.length };
  });
}
