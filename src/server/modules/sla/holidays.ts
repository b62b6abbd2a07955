/**
 * Spanish public holidays per year from `date-holidays` (maintained, rules per autonomous
 * community, Easter-based dates and Sunday substitutes included), so nobody types the national
 * calendar by hand. Pure: no database, no app imports.
 */
import Holidays from 'date-holidays';
import type { HolidayKind } from '../../../shared/service-calendars.ts';

export type GeneratedHoliday = { date: string; name: string; kind: HolidayKind };

/** Autonomous communities and cities the library knows: code (MD) → name. */
export const SPANISH_SUBDIVISIONS: Readonly<Record<string, string>> = Object.freeze({ ...(new Holidays().getStates('ES') ?? {}) });

function publicDates(year: number, subdivision?: string): Map<string, string> {
  const lib = subdivision ? new Holidays('ES', subdivision, { languages: ['es'], types: ['public'] }) : new Holidays('ES', { languages: ['es'], types: ['public'] });
  const out = new Map<string, string>();
  for (const h of lib.getHolidays(year)) {
    if (h.type !== 'public') continue;
    const date = h.date.slice(0, 10);
    if (!out.has(date)) out.set(date, h.name);
  }
  return out;
}

/**
 * The public holidays of `year`: the national ones, plus the regional ones of `subdivision`
 * (MD, CT, CN… — the second half of ISO 3166-2:ES) when given, each marked national or regional,
 * by date.
 */
export function spanishHolidays(year: number, subdivision?: string | null): GeneratedHoliday[] {
  if (subdivision && !(subdivision in SPANISH_SUBDIVISIONS)) throw new RangeError(`unknown Spanish subdivision ${subdivision}`);
  const national = publicDates(year);
  const all = subdivision ? publicDates(year, subdivision) : national;
  const out: GeneratedHoliday[] = [];
  // A national date some community moved (Madrid works 6 Dec 2026 a Sunday and rests Monday 7) is
  // still listed only when the community's own list has it.
  for (const [date, name] of all) out.push({ date, name, kind: national.has(date) ? 'national' : 'regional' });
  return out.sort((a, b) => a.date.localeCompare(b.date));
}
