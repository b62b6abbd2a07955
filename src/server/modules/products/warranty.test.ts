import { describe, expect, it } from 'vitest';
import { localDate } from '../../../shared/dates.ts';
import { addMonths, coverageOn, defaultWarrantyEnd } from './warranty.ts';

describe('warranty dates', () => {
  it.each([
    ['2024-01-15', 12, '2025-01-15'],
    ['2024-01-31', 1, '2024-02-29'], // leap year: last day of February
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2024-03-31', 1, '2024-04-30'],
    ['2024-08-31', 6, '2025-02-28'],
    ['2024-11-30', 3, '2025-02-28'],
    ['2024-12-15', 1, '2025-01-15'],
    ['2024-05-10', 24, '2026-05-10'],
    ['2024-05-10', 0, '2024-05-10'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-06-01', 24, '2026-06-01'],
    ['2024-06-01', 0, null],
  ])('default warranty end of a sale on %s with %i months is %s', (sale, months, expected) => {
    expect(defaultWarrantyEnd(sale, months)).toBe(expected);
  });

  it.each([
    ['2024-06-30T21:59:59Z', '2024-06-30'],
    ['2024-06-30T22:00:00Z', '2024-07-01'], // CEST: UTC+2
    ['2024-12-31T23:00:00Z', '2025-01-01'], // CET: UTC+1
    ['2024-12-31T22:59:59Z', '2024-12-31'],
  ])('the Madrid date of %s is %s', (instant, date) => {
    expect(localDate(instant, 'Europe/Madrid')).toBe(date);
  });
});

describe('coverageOn', () => {
  const contract = { id: '7', active: true, startDate: '2024-01-01', endDate: '2024-12-31' };
  it.each([
    // unit warranty end, contract id, contract, date → under warranty, under contract
    ['2024-06-30', null, null, '2024-06-30', true, false],
    ['2024-06-30', null, null, '2024-07-01', false, false],
    [null, null, null, '2024-01-01', false, false],
    [null, '7', contract, '2024-01-01', false, true],
    [null, '7', contract, '2024-12-31', false, true],
    [null, '7', contract, '2025-01-01', false, false],
    [null, '7', contract, '2023-12-31', false, false],
    ['2025-06-30', '7', { ...contract, active: false }, '2024-06-01', true, false],
    ['2025-06-30', '7', contract, '2024-06-01', true, true],
    [null, '8', contract, '2024-06-01', false, false], // not this unit's contract
  ] as const)('warranty end %s, contract %s on %s', (warrantyEnd, contractId, c, date, underWarranty, underContract) => {
    const cov = coverageOn({ warrantyEnd, contractId }, c, date);
    expect(cov.warranty).toEqual({ underWarranty, until: warrantyEnd });
    expect(cov.contract.underContract).toBe(underContract);
    expect(cov.contract.contractId).toBe(contractId);
  });
});
