/**
 * SLA clock rules, pure: how a response or resolution clock runs, pauses, stops, restarts and is
 * recomputed, and when it escalates. A clock keeps the business minutes it used before its anchor
 * (`usedBefore`) and runs from the anchor on its calendar; every pause, resume or change of
 * calendar folds the time since the anchor into `usedBefore` and re-anchors, so changing the
 * calendar or the target never loses or double-counts time already used.
 */
import type { BusinessCalendar } from './business-clock.ts';

export type ClockTarget = 'response' | 'resolution';
export type ClockState = 'running' | 'paused' | 'stopped';
export type EscalationLevel = 'warning' | 'breach';

export type Clock = {
  state: ClockState;
  targetMinutes: number;
  marginMinutes: number;
  /** instant (ms) from which the clock runs on its calendar */
  anchorAt: number;
  /** business minutes used before anchorAt */
  usedBefore: number;
  pausedSince: number | null;
  stoppedAt: number | null;
};

export type Schedule = { dueAt: number | null; warnAt: number | null };

/**
 * Minutes before the deadline at which to warn: the priority's margin in minutes or its share of the
 * target ("warn at 80 %" = the last 20 %), whichever warns earlier; never more than the target.
 */
export function marginFor(targetMinutes: number, p: { escalationMarginMinutes?: number | null; warningPercent?: number | null }): number {
  const byMinutes = p.escalationMarginMinutes ?? 0;
  const byPercent = p.warningPercent ? Math.ceil((targetMinutes * (100 - p.warningPercent)) / 100) : 0;
  return Math.min(targetMinutes, Math.max(byMinutes, byPercent));
}

export function startClock(at: number, targetMinutes: number, marginMinutes: number, paused = false): Clock {
  return { state: paused ? 'paused' : 'running', targetMinutes, marginMinutes, anchorAt: at, usedBefore: 0, pausedSince: paused ? at : null, stoppedAt: null };
}

/** Business minutes used up to `at` (running: counted on the calendar since the anchor). */
export function usedAt(cal: BusinessCalendar, c: Clock, at: number): number {
  return c.state === 'running' ? c.usedBefore + cal.minutesBetween(c.anchorAt, at) : c.usedBefore;
}

/** Folds the time since the anchor into usedBefore and re-anchors at `at` (no change to the deadline). */
export function reanchor(cal: BusinessCalendar, c: Clock, at: number): Clock {
  if (c.state !== 'running') return c;
  return { ...c, usedBefore: usedAt(cal, c, at), anchorAt: Math.max(at, c.anchorAt) };
}

export function pauseClock(cal: BusinessCalendar, c: Clock, at: number): Clock {
  if (c.state !== 'running') return c;
  return { ...reanchor(cal, c, at), state: 'paused', pausedSince: at };
}

export function resumeClock(c: Clock, at: number): Clock {
  if (c.state !== 'paused') return c;
  return { ...c, state: 'running', pausedSince: null, anchorAt: at };
}

export function stopClock(cal: BusinessCalendar, c: Clock, at: number): Clock {
  if (c.state === 'stopped') return c;
  return { ...reanchor(cal, c, at), state: 'stopped', stoppedAt: at, pausedSince: null };
}

/** Reopening: the clock runs again from `at` with the business time it had used (paused if the status waits). */
export function restartClock(c: Clock, at: number, paused = false): Clock {
  if (c.state !== 'stopped') return c;
  return { ...c, state: paused ? 'paused' : 'running', stoppedAt: null, anchorAt: at, pausedSince: paused ? at : null };
}

/**
 * Deadline and warning instants of a running clock; none while paused or stopped. A clock that had
 * already used up its target when it was re-anchored keeps the deadline it passed (`passed`), so a
 * pause of an overdue incident does not make a new deadline.
 */
export function schedule(cal: BusinessCalendar, c: Clock, passed?: Schedule | null): Schedule {
  if (c.state !== 'running') return { dueAt: null, warnAt: null };
  const left = c.targetMinutes - c.usedBefore;
  if (left <= 0 && passed?.dueAt != null && passed.dueAt <= c.anchorAt) return passed;
  const dueAt = cal.addMinutes(c.anchorAt, Math.max(0, left));
  const warnAt = cal.addMinutes(c.anchorAt, Math.max(0, left - c.marginMinutes));
  return { dueAt, warnAt };
}

/** Business minutes left at `now` (negative: overdue by that much). */
export function remainingAt(cal: BusinessCalendar, c: Clock, now: number): number {
  return c.targetMinutes - usedAt(cal, c, now);
}

/**
 * The next escalation a running clock owes and when: the warning when its margin starts, then the
 * breach at the deadline. `done` lists levels already sent for this very deadline (a new deadline
 * owes both again). A clock first seen past its deadline owes the breach only.
 */
export function nextEscalation(s: Schedule, done: { warnedFor: number | null; breachedFor: number | null }, now: number): { level: EscalationLevel; at: number } | null {
  if (s.dueAt === null || s.warnAt === null) return null;
  if (done.breachedFor === s.dueAt) return null;
  const warned = done.warnedFor === s.dueAt;
  if (!warned && s.dueAt > now) return { level: 'warning', at: s.warnAt };
  return { level: 'breach', at: s.dueAt };
}

export type ClockTimes = { state: string; dueAt: string | null; warnAt: string | null; pausedSince: string | null };
export type SlaState = { dueAt: string | null; warnAt: string | null; pausedSince: string | null };

/**
 * An incident's SLA state from its clocks, one row per incident for the badge counts: the earliest
 * deadline and warning of its running clocks and the earliest since-when of its paused ones; null
 * when no clock runs or is paused. Breached is then `dueAt <= now`, at risk `warnAt <= now < dueAt`
 * (a clock's warning never comes after its deadline, so no clock is past its deadline then).
 */
export function slaStateOf(clocks: readonly ClockTimes[]): SlaState | null {
  const earliest = (values: Array<string | null>) => values.reduce<string | null>((a, v) => (v !== null && (a === null || Date.parse(v) < Date.parse(a)) ? v : a), null);
  const running = clocks.filter((c) => c.state === 'running');
  const paused = clocks.filter((c) => c.state === 'paused');
  if (running.length === 0 && paused.length === 0) return null;
  return { dueAt: earliest(running.map((c) => c.dueAt)), warnAt: earliest(running.map((c) => c.warnAt)), pausedSince: earliest(paused.map((c) => c.pausedSince)) };
}

// ---- the badge counters ----------------------------------------------------------------------------

/** What an incident is counted as, as of an instant: its running clocks' phase (on time counts nothing). */
export type CountedPhase = 'at_risk' | 'breached' | null;
export type CountedView = 'at_risk' | 'breached' | 'paused';

/**
 * The phase of an incident's running clocks at `now` (breached: its earliest deadline passed; at
 * risk: its earliest warning came) and until when that holds: the warning while on time, the
 * deadline while at risk, for good once breached or when nothing runs. Time alone moves an incident
 * to the next phase; `until` is when, so a reader can tell a stored phase time has overtaken.
 */
export function phaseAt(s: { dueAt: string | null; warnAt: string | null }, now: number): { counted: CountedPhase; until: string | null } {
  if (s.dueAt === null || s.warnAt === null) return { counted: null, until: null };
  if (Date.parse(s.dueAt) <= now) return { counted: 'breached', until: null };
  if (Date.parse(s.warnAt) <= now) return { counted: 'at_risk', until: s.dueAt };
  return { counted: null, until: s.warnAt };
}

/** What an incident's row adds to the counters: its counted phase, paused or not, under its owner. */
export type Counted = { counted: CountedPhase; paused: boolean; ownerUserId: number | null; ownerGroupId: number | null };
export type CountDelta = { ownerUserId: number | null; ownerGroupId: number | null; view: CountedView; n: number };

/**
 * The counter rows (+1/−1 per owner pair and view) that move the counters from what `before`
 * added to what `after` adds; none when nothing counted changes (the common case: an incident on
 * time, not paused, adds nothing).
 */
export function countDeltas(before: Counted | null, after: Counted | null): CountDelta[] {
  const views = (c: Counted | null) => (c ? [...(c.counted ? [c.counted] : []), ...(c.paused ? (['paused'] as const) : [])] : []);
  const key = (c: Counted, view: CountedView) => `${c.ownerUserId ?? ''}|${c.ownerGroupId ?? ''}|${view}`;
  const out = new Map<string, CountDelta>();
  const add = (c: Counted | null, n: number) => {
    for (const view of views(c)) {
      const k = key(c!, view);
      const d = out.get(k) ?? { ownerUserId: c!.ownerUserId, ownerGroupId: c!.ownerGroupId, view, n: 0 };
      d.n += n;
      out.set(k, d);
    }
  };
  add(before, -1);
  add(after, 1);
  return [...out.values()].filter((d) => d.n !== 0);
}
