import { describe, expect, it } from 'vitest';
import { matchesCodeOrLabel } from './code-search.ts';

describe('matchesCodeOrLabel', () => {
  it.each([
    ['', { value: 'PE', label: 'Pendiente' }, true],
    ['pe', { value: 'PE', label: 'Pendiente' }, true],
    ['FI', { value: 'FI', label: 'Finalizada' }, true],
    ['rep-pza', { value: 'REP-PZA', label: 'Cambio de pieza' }, true],
    ['averia', { value: 'AV', label: 'Avería' }, true],
    ['  Cataluña ', { value: 'CT', label: 'Cataluña' }, true],
    ['ct', { value: 'CT', label: 'Cataluña' }, true],
    ['xyz', { value: 'CT', label: 'Cataluña' }, false],
    ['P1', { value: 'P2', label: 'Alta' }, false],
  ])('%j in %j → %s', (search, option, expected) => {
    expect(matchesCodeOrLabel(option, search)).toBe(expected);
  });
});
