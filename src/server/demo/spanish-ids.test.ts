import { describe, expect, it } from 'vitest';
import { isValidTaxId } from '../modules/customers/tax-id.ts';
import { cifControlDigit, cifFromNumber, isValidSpanishTaxId, nieFromNumber, nifFromNumber } from './spanish-ids.ts';

describe('Spanish tax ids for generated data', () => {
  it.each([
    [12345678, '12345678Z'],
    [0, '00000000T'],
    [99999999, '99999999R'],
  ])('NIF of %i is %s', (n, nif) => expect(nifFromNumber(n)).toBe(nif));

  it.each([
    ['X', 1234567, 'X1234567L'],
    ['Y', 1234567, 'Y1234567X'],
    ['Z', 1234567, 'Z1234567R'],
  ] as const)('NIE %s%i → %s', (prefix, n, nie) => expect(nieFromNumber(prefix, n)).toBe(nie));

  it.each([
    ['4610383', 4], // A46103834 (a well-known company)
    ['1234567', 4],
    ['0000000', 0],
  ])('CIF control digit of %s is %i', (digits, control) => expect(cifControlDigit(digits)).toBe(control));

  it.each([
    ['A', 4610383, 'A46103834'],
    ['B', 1234567, 'B12345674'],
    ['P', 2807900, 'P2807900B'],
    ['Q', 2826000, 'Q2826000H'],
  ])('CIF %s%i → %s (digit or letter control as the entity type requires)', (letter, n, cif) => expect(cifFromNumber(letter, n)).toBe(cif));

  it('every generated id validates, and a changed check character does not', () => {
    for (let i = 1; i < 3000; i += 7) {
      const ids = [nifFromNumber(i * 33_331), nieFromNumber('Y', i * 331), cifFromNumber('B', i * 3331), cifFromNumber('H', i * 17), cifFromNumber('G', i * 29), cifFromNumber('S', i * 41)];
      for (const id of ids) {
        expect(isValidSpanishTaxId(id), id).toBe(true);
        // the app's own validator agrees
        expect(isValidTaxId(id), id).toBe(true);
        const last = id.at(-1)!;
        const wrong = id.slice(0, -1) + (/\d/.test(last) ? String((Number(last) + 1) % 10) : last === 'A' ? 'B' : 'A');
        expect(isValidSpanishTaxId(wrong), wrong).toBe(false);
        expect(isValidTaxId(wrong), wrong).toBe(false);
      }
    }
  });
});
