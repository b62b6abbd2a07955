import { describe, expect, it } from 'vitest';
import { SPANISH_SUBDIVISIONS, spanishHolidays } from './holidays.ts';

describe('Spanish holidays from date-holidays', () => {
  it.each([
    // [year, subdivision, date, kind, name contains]
    [2026, null, '2026-10-12', 'national', 'Fiesta Nacional'],
    [2026, null, '2026-12-08', 'national', 'nmaculada'],
    [2026, 'CT', '2026-09-11', 'regional', 'Cataluña'],
    [2026, 'CT', '2026-12-26', 'regional', 'Esteban'],
    [2026, 'MD', '2026-05-02', 'regional', 'Madrid'],
    [2026, 'MD', '2026-12-07', 'regional', 'sustituto'],
    [2026, 'CN', '2026-05-30', 'regional', 'Canarias'],
    [2027, 'CT', '2027-06-24', 'regional', 'Juan'],
  ] as const)('%i %s has %s (%s)', (year, sub, date, kind, name) => {
    const h = spanishHolidays(year, sub).find((x) => x.date === date);
    expect(h?.kind).toBe(kind);
    expect(h?.name).toContain(name);
  });

  it.each([
    [2026, 'MD', '2026-09-11'], // the Diada is Catalonia's only
    [2026, 'CT', '2026-05-02'],
    [2026, null, '2026-09-11'],
    [2026, 'CN', '2026-04-06'], // Easter Monday is not a holiday in the Canaries
  ] as const)('%i %s does not have %s', (year, sub, date) => {
    expect(spanishHolidays(year, sub).some((x) => x.date === date)).toBe(false);
  });

  it('knows the 19 communities and cities and refuses others', () => {
    expect(Object.keys(SPANISH_SUBDIVISIONS)).toHaveLength(19);
    expect(() => spanishHolidays(2026, 'XX')).toThrow(RangeError);
  });

  it('lists each date once, in order', () => {
    const dates = spanishHolidays(2026, 'CT').map((h) => h.date);
    expect(dates).toEqual([...new Set(dates)].sort());
  });
});
