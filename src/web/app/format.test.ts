import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent, formatRelative, todayIn } from './format.ts';

describe('web formatting', () => {
  it.each([
    ['es', 'Europe/Madrid', '2026-11-22T13:05:00Z', '22/11/2026 14:05'],
    ['en', 'Europe/Madrid', '2026-11-22T13:05:00Z', '22/11/2026 14:05'],
    ['es', 'Europe/Madrid', '2026-07-01T22:30:00Z', '02/07/2026 00:30'],
    ['es', 'Atlantic/Canary', '2026-07-01T22:30:00Z', '01/07/2026 23:30'],
    ['es', 'America/Mexico_City', '2026-01-10T08:00:00Z', '10/01/2026 02:00'],
  ])('dateTime %s %s %s → %s', (lang, tz, iso, expected) => {
    expect(formatDateTime(iso, lang, tz)).toBe(expected);
  });

  it.each([
    ['2026-11-22', 'Pacific/Kiritimati', '22/11/2026'],
    ['2026-11-22T23:30:00Z', 'Europe/Madrid', '23/11/2026'],
    [null, 'Europe/Madrid', ''],
  ])('date %s in %s → %s', (value, tz, expected) => {
    expect(formatDate(value, 'es', tz)).toBe(expected);
  });

  it.each([
    [123456, 'es', '1.234,56 €'],
    [99, 'es', '0,99 €'],
    [-5000, 'es', '-50,00 €'],
    [123456789, 'es', '1.234.567,89 €'],
    [123456, 'en', '€1,234.56'],
  ])('money %i %s → %s', (cents, lang, expected) => {
    expect(formatMoney(cents, lang).replace(/\u00a0/g, ' ')).toBe(expected);
  });

  it('numbers and percentages', () => {
    expect(formatNumber(1234, 'es')).toBe('1.234');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
    expect(formatPercent(2100, 'es').replace(/\u00a0/g, ' ')).toBe('21 %');
    expect(formatPercent(1050, 'en')).toBe('10.5%');
  });

  it.each([
    [-20, 'es', 'ahora mismo'],
    [-5 * 60, 'es', 'hace 5 min'],
    [-2 * 3600, 'es', 'hace 2 h'],
    [-3 * 86400, 'es', 'hace 3 días'],
    [2 * 3600, 'es', 'dentro de 2 h'],
    [-2 * 3600, 'en', '2 hr ago'],
    [-86400, 'es', 'ayer'],
    [-400 * 86400, 'es', 'el año pasado'],
    [-900 * 86400, 'es', 'hace 2 años'],
  ])('relative %i s %s → %s', (seconds, lang, expected) => {
    const now = new Date('2026-11-22T12:00:00Z');
    expect(formatRelative(new Date(now.getTime() + seconds * 1000), lang, now)).toBe(expected);
  });

  it('today in a time zone', () => {
    expect(todayIn('Europe/Madrid', new Date('2026-11-22T23:30:00Z'))).toBe('2026-11-23');
    expect(todayIn('America/New_York', new Date('2026-11-22T23:30:00Z'))).toBe('2026-11-22');
  });
});
