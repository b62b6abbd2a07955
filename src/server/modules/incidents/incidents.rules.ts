/**
 * Pure rules of incidents: numbering, quantities and line amounts, the default case type, the
 * owner-assignment rule and what each lifecycle step still needs. No database, no app: unit-tested
 * with tables in incidents.rules.test.ts.
 */
import type { CaseType, Stage } from '../../../shared/incidents.ts';

/** INC-2026-000123: the year and a 6-digit (or longer, past 999,999) sequence of that year. */
export function formatIncidentNumber(year: number, seq: number): string {
  return `INC-${year}-${String(seq).padStart(6, '0')}`;
}

/** "1.5", "1,5", 2 → thousandths (1500, 1500, 2000); undefined when not a positive quantity with ≤ 3 decimals. */
export function parseQuantityMilli(q: string | number): number | undefined {
  const s = typeof q === 'number' ? String(q) : q.trim().replace(',', '.');
  const m = /^(\d{1,9})(?:\.(\d{1,3}))?$/.exec(s);
  if (!m) return undefined;
  const milli = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
  return milli > 0 ? milli : undefined;
}

/** 1500 → "1.5", 2000 → "2", 1234 → "1.234". */
export function formatQuantity(milli: number): string {
  const whole = Math.floor(milli / 1000);
  const frac = String(milli % 1000).padStart(3, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/** Half away from zero, on integers only (no float drift): round(a / b) for a ≥ 0, b > 0. */
function divRound(a: number, b: number): number {
  return Math.floor((2 * a + b) / (2 * b));
}

/** A supply line's amounts in cents: base = quantity × price, VAT on the base, both rounded to the cent. */
export function lineAmounts(quantityMilli: number, unitPriceCents: number, vatRateBp: number) {
  const baseCents = divRound(quantityMilli * unitPriceCents, 1000);
  const vatCents = divRound(baseCents * vatRateBp, 10_000);
  return { baseCents, vatCents, totalCents: baseCents + vatCents };
}

/** Warranty when the unit was under warranty or an active contract covered it on the received date. */
export function defaultCaseType(coverage: { underWarranty: boolean; underContract: boolean }): CaseType {
  return coverage.underWarranty || coverage.underContract ? 'warranty' : 'billable';
}

export type AssignmentRule = {
  code: string;
  active: boolean;
  ruleOrder?: number | null;
  sortOrder?: number;
  unitTypeCode?: string | null;
  serviceTypeCode?: string | null;
  regionCode?: string | null;
  ownerUserId?: string | null;
  ownerGroupId?: string | null;
};
export type AssignmentFacts = { unitTypeCode: string | null; serviceTypeCode: string | null; regionCode: string | null };

/**
 * The first active rule, in rule order (then sort order, then code), whose every criterion it sets
 * equals the incident's; a rule with no criterion matches every incident. Rules naming no owner
 * are skipped. Answers the owner (a user or a group) and the rule's code.
 */
export function chooseOwner(rules: AssignmentRule[], facts: AssignmentFacts): { userId: string | null; groupId: string | null; ruleCode: string } | undefined {
  const sorted = [...rules]
    .filter((r) => r.active && (r.ownerUserId || r.ownerGroupId))
    .sort((a, b) => (a.ruleOrder ?? 0) - (b.ruleOrder ?? 0) || (a.sortOrder ?? 0) - (b.sortOrder ?? 0) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const fits = (want: string | null | undefined, have: string | null) => !want || want === have;
  const rule = sorted.find((r) => fits(r.unitTypeCode, facts.unitTypeCode) && fits(r.serviceTypeCode, facts.serviceTypeCode) && fits(r.regionCode, facts.regionCode));
  if (!rule) return undefined;
  return rule.ownerUserId ? { userId: rule.ownerUserId, groupId: null, ruleCode: rule.code } : { userId: null, groupId: rule.ownerGroupId ?? null, ruleCode: rule.code };
}

export type LifecycleStep = 'diagnose' | 'resolve' | 'close';
/** What a step can lack: an earlier step not taken, or a field not filled in. */
export type Missing = 'diagnosed' | 'resolved' | 'diagnosis' | 'solution' | 'resolutionCode';
export type StepCheck = { ok: true } | { ok: false; code: 'incident_wrong_stage'; stage: Stage } | { ok: false; code: 'incident_step_missing'; missing: Missing[] };

type Facts = { stage: Stage; diagnosis: string | null; solution: string | null; resolutionCode: string | null };

const ORDER: Stage[] = ['open', 'diagnosed', 'resolved', 'closed'];
const TARGET: Record<LifecycleStep, Stage> = { diagnose: 'diagnosed', resolve: 'resolved', close: 'closed' };

/**
 * open → diagnosed → resolved → closed. A step from a later (or the same) stage is a wrong stage;
 * a skipped step is refused naming every earlier step and field still missing, so the answer says
 * all that must be done, not just the first thing.
 */
export function checkStep(step: LifecycleStep, f: Facts): StepCheck {
  const target = ORDER.indexOf(TARGET[step]);
  const current = ORDER.indexOf(f.stage);
  if (current >= target) return { ok: false, code: 'incident_wrong_stage', stage: f.stage };
  const missing: Missing[] = [];
  const blank = (s: string | null) => !s || !s.trim();
  if (blank(f.diagnosis)) missing.push('diagnosis');
  if (target >= 2 && current < 1) missing.push('diagnosed');
  if (target >= 2) {
    if (blank(f.solution)) missing.push('solution');
    if (blank(f.resolutionCode)) missing.push('resolutionCode');
  }
  if (target >= 3 && current < 2) missing.push('resolved');
  return missing.length ? { ok: false, code: 'incident_step_missing', missing } : { ok: true };
}

/** For the incident page: what each step still needs (['stage'] when it cannot be taken from here). */
export function missingByStep(f: Facts): Record<LifecycleStep, string[]> {
  const one = (step: LifecycleStep) => {
    const c = checkStep(step, f);
    return c.ok ? [] : c.code === 'incident_wrong_stage' ? ['stage'] : c.missing;
  };
  return { diagnose: one('diagnose'), resolve: one('resolve'), close: one('close') };
}

/** A received date may be earlier than now, never later (a minute of clock skew is tolerated). */
export function receivedInFuture(receivedAt: string, now: string): boolean {
  return Date.parse(receivedAt) > Date.parse(now) + 60_000;
}

/** Words of a symptom worth matching against past cases: folded, 3+ letters, no stop words, at most 8. */
const STOP = new Set(['que', 'con', 'por', 'para', 'una', 'los', 'las', 'del', 'the', 'and', 'not', 'does', 'with', 'from', 'when', 'cuando', 'pero', 'muy', 'sin', 'esta', 'este', 'hace']);
export function symptomWords(s: string | null | undefined): string[] {
  if (!s) return [];
  const words = s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 3 && !STOP.has(w));
  return [...new Set(words)].slice(0, 8);
}

export type SimilarCandidate = { id: number; itemId: number | null; reasonCode: string | null; symptom: string; resolvedAt: string | null };

/**
 * Ranks past cases: same item first, then same reason code, then more symptom words shared, then
 * the most recently resolved. A case sharing nothing is dropped; duplicates (a case found by two
 * branches) count once. At most `limit`.
 */
export function rankSimilar<T extends SimilarCandidate>(candidates: T[], want: { itemId: number | null; reasonCode: string | null; words: string[] }, limit = 5) {
  const seen = new Set<number>();
  const wanted = new Set(want.words);
  const scored = [];
  for (const c of candidates) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    const sameItem = want.itemId !== null && c.itemId === want.itemId;
    const sameReason = Boolean(want.reasonCode) && c.reasonCode === want.reasonCode;
    const sharedWords = symptomWords(c.symptom).filter((w) => wanted.has(w) || [...wanted].some((x) => w.startsWith(x))).length;
    if (!sameItem && !sameReason && !sharedWords) continue;
    scored.push({ row: c, sameItem, sameReason, sharedWords });
  }
  return scored
    .sort((a, b) => {
      const newer = (a.row.resolvedAt ?? '') < (b.row.resolvedAt ?? '') ? 1 : (a.row.resolvedAt ?? '') > (b.row.resolvedAt ?? '') ? -1 : b.row.id - a.row.id;
      return Number(b.sameItem) - Number(a.sameItem) || Number(b.sameReason) - Number(a.sameReason) || b.sharedWords - a.sharedWords || newer;
    })
    .slice(0, limit);
}
