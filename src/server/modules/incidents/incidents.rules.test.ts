import { describe, expect, it } from 'vitest';
import { checkStep, chooseOwner, defaultCaseType, formatIncidentNumber, formatQuantity, lineAmounts, missingByStep, parseQuantityMilli, rankSimilar, receivedInFuture, symptomWords } from './incidents.rules.ts';

describe('formatIncidentNumber: INC-<year>-<6 digits>', () => {
  it.each([
    [2026, 1, 'INC-2026-000001'],
    [2026, 123, 'INC-2026-000123'],
    [2027, 999999, 'INC-2027-999999'],
    [2027, 1000000, 'INC-2027-1000000'],
  ])('%i #%i → %s', (y, n, expected) => expect(formatIncidentNumber(y, n)).toBe(expected));
});

describe('quantities: up to 3 decimals, stored as thousandths', () => {
  it.each([
    ['1', 1000],
    ['1.5', 1500],
    ['1,5', 1500],
    ['0.001', 1],
    ['2.25', 2250],
    [3, 3000],
    [0.75, 750],
    ['0', undefined],
    ['1.2345', undefined],
    ['-1', undefined],
    ['abc', undefined],
    ['', undefined],
  ])('%j → %s', (q, expected) => expect(parseQuantityMilli(q as string | number)).toBe(expected));

  it.each([
    [1000, '1'],
    [1500, '1.5'],
    [1234, '1.234'],
    [1, '0.001'],
    [20, '0.02'],
  ])('%i → %s', (m, expected) => expect(formatQuantity(m)).toBe(expected));
});

describe('lineAmounts: base = quantity × price, VAT on the base, half up to the cent', () => {
  it.each([
    [1000, 1000, 2100, { baseCents: 1000, vatCents: 210, totalCents: 1210 }],
    [1500, 1999, 2100, { baseCents: 2999, vatCents: 630, totalCents: 3629 }], // 2998.5 → 2999; 629.79 → 630
    [333, 100, 1000, { baseCents: 33, vatCents: 3, totalCents: 36 }],
    [2000, 0, 2100, { baseCents: 0, vatCents: 0, totalCents: 0 }],
    [1000, 12345, 0, { baseCents: 12345, vatCents: 0, totalCents: 12345 }],
  ])('%i milli × %i c at %i bp', (q, p, v, expected) => expect(lineAmounts(q, p, v)).toEqual(expected));
});

describe('defaultCaseType: warranty under warranty or contract, billable otherwise', () => {
  it.each([
    [{ underWarranty: true, underContract: false }, 'warranty'],
    [{ underWarranty: false, underContract: true }, 'warranty'],
    [{ underWarranty: true, underContract: true }, 'warranty'],
    [{ underWarranty: false, underContract: false }, 'billable'],
  ])('%j → %s', (c, expected) => expect(defaultCaseType(c)).toBe(expected));
});

describe('chooseOwner: first active matching rule in rule order', () => {
  const rules = [
    { code: 'ANY', active: true, ruleOrder: 100, ownerGroupId: '9' },
    { code: 'PRN-MAD', active: true, ruleOrder: 10, unitTypeCode: 'PRN', regionCode: 'MAD', ownerUserId: '1' },
    { code: 'PRN', active: true, ruleOrder: 20, unitTypeCode: 'PRN', ownerUserId: '2' },
    { code: 'GOLD', active: true, ruleOrder: 5, serviceTypeCode: 'GOLD', ownerGroupId: '3' },
    { code: 'OFF', active: false, ruleOrder: 1, ownerUserId: '7' },
    { code: 'NOOWNER', active: true, ruleOrder: 2 },
  ];
  it.each([
    [{ unitTypeCode: 'PRN', serviceTypeCode: null, regionCode: 'MAD' }, { userId: '1', groupId: null, ruleCode: 'PRN-MAD' }],
    [{ unitTypeCode: 'PRN', serviceTypeCode: null, regionCode: 'BCN' }, { userId: '2', groupId: null, ruleCode: 'PRN' }],
    [{ unitTypeCode: 'PRN', serviceTypeCode: 'GOLD', regionCode: 'MAD' }, { userId: null, groupId: '3', ruleCode: 'GOLD' }],
    [{ unitTypeCode: null, serviceTypeCode: null, regionCode: 'MAD' }, { userId: null, groupId: '9', ruleCode: 'ANY' }],
  ])('%j', (facts, expected) => expect(chooseOwner(rules, facts)).toEqual(expected));

  it('no rule matches: no owner', () => {
    expect(chooseOwner([{ code: 'X', active: true, unitTypeCode: 'PRN', ownerUserId: '1' }], { unitTypeCode: 'PC', serviceTypeCode: null, regionCode: null })).toBeUndefined();
  });
  it('ties in rule order fall back to sort order, then code', () => {
    const tied = [
      { code: 'B', active: true, ruleOrder: 1, ownerUserId: '2' },
      { code: 'A', active: true, ruleOrder: 1, ownerUserId: '1' },
    ];
    expect(chooseOwner(tied, { unitTypeCode: null, serviceTypeCode: null, regionCode: null })?.ruleCode).toBe('A');
  });
});

describe('checkStep: open → diagnosed → resolved → closed, naming what is missing', () => {
  const f = (stage: string, diagnosis: string | null = null, solution: string | null = null, resolutionCode: string | null = null) => ({ stage: stage as 'open', diagnosis, solution, resolutionCode });
  it.each([
    ['diagnose', f('open', 'fan'), { ok: true }],
    ['diagnose', f('open'), { ok: false, code: 'incident_step_missing', missing: ['diagnosis'] }],
    ['diagnose', f('open', '  '), { ok: false, code: 'incident_step_missing', missing: ['diagnosis'] }],
    ['diagnose', f('diagnosed', 'fan'), { ok: false, code: 'incident_wrong_stage', stage: 'diagnosed' }],
    ['resolve', f('diagnosed', 'fan', 'replaced', 'RP'), { ok: true }],
    ['resolve', f('diagnosed', 'fan'), { ok: false, code: 'incident_step_missing', missing: ['solution', 'resolutionCode'] }],
    ['resolve', f('diagnosed', 'fan', 'replaced'), { ok: false, code: 'incident_step_missing', missing: ['resolutionCode'] }],
    ['resolve', f('open', 'fan', 'replaced', 'RP'), { ok: false, code: 'incident_step_missing', missing: ['diagnosed'] }],
    ['resolve', f('open'), { ok: false, code: 'incident_step_missing', missing: ['diagnosis', 'diagnosed', 'solution', 'resolutionCode'] }],
    ['resolve', f('resolved', 'fan', 'replaced', 'RP'), { ok: false, code: 'incident_wrong_stage', stage: 'resolved' }],
    ['close', f('resolved', 'fan', 'replaced', 'RP'), { ok: true }],
    ['close', f('diagnosed', 'fan', 'replaced', 'RP'), { ok: false, code: 'incident_step_missing', missing: ['resolved'] }],
    ['close', f('open', 'fan'), { ok: false, code: 'incident_step_missing', missing: ['diagnosed', 'solution', 'resolutionCode', 'resolved'] }],
    ['close', f('closed', 'fan', 'replaced', 'RP'), { ok: false, code: 'incident_wrong_stage', stage: 'closed' }],
  ])('%s from %j', (step, facts, expected) => expect(checkStep(step as 'close', facts)).toEqual(expected));

  it('missingByStep says what each button still needs', () => {
    expect(missingByStep(f('diagnosed', 'fan'))).toEqual({ diagnose: ['stage'], resolve: ['solution', 'resolutionCode'], close: ['solution', 'resolutionCode', 'resolved'] });
  });
});

describe('receivedInFuture: earlier is fine, later is refused (a minute of skew allowed)', () => {
  const now = '2026-11-29T10:00:00.000Z';
  it.each([
    ['2026-11-29T09:00:00.000Z', false],
    ['2026-11-29T10:00:30.000Z', false],
    ['2026-11-29T10:02:00.000Z', true],
    ['2027-01-01T00:00:00.000Z', true],
  ])('%s → %s', (at, expected) => expect(receivedInFuture(at, now)).toBe(expected));
});

describe('symptomWords: folded words worth matching', () => {
  it.each([
    ['La impresora no imprime y hace ruido', ['impresora', 'imprime', 'ruido']],
    ['Pantalla  ROTA, pantalla rota', ['pantalla', 'rota']],
    ['', []],
    [null, []],
  ])('%j', (s, expected) => expect(symptomWords(s)).toEqual(expected));
});

describe('rankSimilar: same item, then same reason, then shared symptom words, then newest', () => {
  const c = (id: number, itemId: number | null, reasonCode: string | null, symptom: string, resolvedAt = `2026-01-${String(id).padStart(2, '0')}T00:00:00Z`) => ({ id, itemId, reasonCode, symptom, resolvedAt });
  const want = { itemId: 7, reasonCode: 'IMP', words: ['atasco', 'papel'] };
  it('orders by the ranking and keeps five', () => {
    const rows = [
      c(1, 9, null, 'Atasco de papel en bandeja'),
      c(2, 7, null, 'No enciende'),
      c(3, 9, 'IMP', 'Raya la hoja'),
      c(4, 7, 'IMP', 'Mancha'),
      c(5, 9, null, 'Atasco continuo'),
      c(6, 9, null, 'Nada que ver'),
      c(7, 7, null, 'Atasco'),
      c(4, 7, 'IMP', 'Mancha'),
      c(8, 9, null, 'papel arrugado y atasco'),
    ];
    expect(rankSimilar(rows, want).map((r) => r.row.id)).toEqual([4, 7, 2, 3, 8]);
  });
  it.each([
    [[c(1, 9, null, 'nada')], []],
    [[c(1, 9, null, 'atascos')], [1]],
    [[c(2, 9, null, 'atasco', '2026-01-01T00:00:00Z'), c(3, 9, null, 'atasco', '2026-02-01T00:00:00Z')], [3, 2]],
  ])('%#', (rows, ids) => expect(rankSimilar(rows, want).map((r) => r.row.id)).toEqual(ids));
});
