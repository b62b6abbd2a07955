import { describe, expect, it } from 'vitest';
import { formatMinutes, parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it.each([
    ['90', 90],
    ['1:30', 90],
    ['0:45', 45],
    ['1h30', 90],
    ['1 h 30 min', 90],
    ['2h', 120],
    ['45m', 45],
    ['45 min', 45],
    ['1,5', 90],
    ['1.25h', 75],
    ['2 horas', 120],
    ['', null],
    ['abc', null],
    ['1:75', null],
  ])('%s → %s', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });
});

describe('formatMinutes', () => {
  it.each([
    [45, '45 min'],
    [60, '1 h'],
    [90, '1 h 30 min'],
  ])('%s → %s', (m, s) => expect(formatMinutes(m)).toBe(s));
});

import { parseDateText } from './date-field.tsx';

describe('parseDateText', () => {
  it.each([
    ['22/11/2026', '2026-11-22'],
    ['1/2/26', '2026-02-01'],
    ['22-11-2026', '2026-11-22'],
    ['2026-11-22', '2026-11-22'],
    ['31/02/2026', null],
    ['mañana', null],
  ])('%s → %s', (text, iso) => expect(parseDateText(text)).toBe(iso));
});
