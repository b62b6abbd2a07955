import { describe, expect, it } from 'vitest';
import { checkTaxId, cifControlDigit, normalizeTaxId } from './tax-id.ts';

describe('Spanish tax ids', () => {
  // Check characters computed by hand: NIF letter = "TRWAGMYFPDXBNJZSQVHLCKE"[n mod 23];
  // CIF control digit from the sum rule, control letter = "JABCDEFGHI"[digit].
  it.each([
    ['12345678Z', '12345678Z', 'NIF'],
    ['12.345.678-z', '12345678Z', 'NIF'],
    ['00000000T', '00000000T', 'NIF'],
    ['87654321X', '87654321X', 'NIF'],
    ['1234567-L', '01234567L', 'NIF'], // DNI typed without its leading zero
    ['K1234567L', 'K1234567L', 'NIF'],
    ['X1234567L', 'X1234567L', 'NIE'], // 01234567 mod 23 = 11 → L
    ['y-1234567-x', 'Y1234567X', 'NIE'], // 11234567 mod 23 = 10 → X
    ['Z7654321H', 'Z7654321H', 'NIE'], // 27654321 → H
    ['B12345674', 'B12345674', 'CIF'], // B takes a digit
    ['b-1234567-4', 'B12345674', 'CIF'],
    ['ES B12345674', 'B12345674', 'CIF'], // intra-community VAT form
    ['A98765431', 'A98765431', 'CIF'],
    ['P1234567D', 'P1234567D', 'CIF'], // P takes a letter
    ['Q2815059G', 'Q2815059G', 'CIF'],
    ['C12345674', 'C12345674', 'CIF'], // C takes either
    ['C1234567D', 'C1234567D', 'CIF'],
    ['N0012345E', 'N0012345E', 'CIF'],
    ['G0012345E', 'G0012345E', 'CIF'], // non-resident ("00"): letter
    ['W0000000J', 'W0000000J', 'CIF'],
  ])('accepts %s as %s (%s)', (input, value, kind) => {
    expect(checkTaxId(input)).toEqual({ valid: true, value, kind });
  });

  it.each([
    ['12345678A', 'wrong NIF letter'],
    ['1234567Z', 'wrong letter once padded'],
    ['X1234567A', 'wrong NIE letter'],
    ['B1234567D', 'B needs a control digit'],
    ['A9876543A', 'A needs a control digit'],
    ['P12345674', 'P needs a control letter'],
    ['Q28150597', 'Q needs a control letter'],
    ['B12345675', 'wrong control digit'],
    ['C1234567E', 'wrong control letter'],
    ['G00123455', 'non-resident entity needs a letter'],
    ['I1234567D', 'I is not an entity letter'],
    ['', 'empty'],
    ['ABC', 'too short'],
    ['123456789', 'no letter'],
    ['12345678ZZ', 'too long'],
  ])('refuses %s (%s)', (input) => {
    expect(checkTaxId(input).valid).toBe(false);
  });

  it.each([
    ['b-12.345.674', 'B12345674'],
    [' 12345678 z ', '12345678Z'],
    ['ESX1234567L', 'X1234567L'],
  ])('normalises %s to %s', (input, out) => {
    expect(normalizeTaxId(input)).toBe(out);
  });

  it.each([
    ['1234567', 4],
    ['2815059', 7],
    ['0012345', 5],
    ['0000000', 0],
  ])('CIF control digit of %s is %i', (digits, d) => {
    expect(cifControlDigit(digits)).toBe(d);
  });
});
