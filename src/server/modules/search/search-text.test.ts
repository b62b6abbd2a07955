import { describe, expect, it } from 'vitest';
import { buildDocument } from './search.service.ts';
import { codeTokens, exactKey, parseQuery, textTokens } from './search-text.ts';

describe('search text normalisation', () => {
  it.each([
    ['Ferretería Núñez, S.L.', ['ferreteria', 'nunez', 's', 'l']],
    ['  ÁÉÍÓÚ ü ç ñ ', ['aeiou', 'u', 'c', 'n']],
    ['', []],
    [null, []],
  ])('folds %j into tokens', (input, expected) => {
    expect(textTokens(input as string | null)).toEqual(expected);
  });

  it.each([
    ['B-12.345.678', ['b12345678', 'b', '12', '345', '678']],
    ['SN-2024-00123', ['sn202400123', 'sn', '2024', '00123']],
    ['X1234567L', ['x1234567l']],
  ])('keeps code %s glued and in parts', (input, expected) => {
    expect(codeTokens(input)).toEqual(expected);
  });

  it('gives the same exact key however a code is typed', () => {
    expect(exactKey('b-12345678')).toBe(exactKey('B12345678'));
    expect(exactKey('sn 2024/00123')).toBe('sn202400123');
  });

  it.each([
    ['91 234 56 78', { terms: ['912345678'], keys: ['912345678', 'tel:34912345678'] }],
    ['+34 912-345-678', { terms: ['34912345678'], keys: ['34912345678', 'tel:34912345678'] }],
    ['ferreteria NUÑEZ', { terms: ['ferreteria', 'nunez'], keys: ['ferreterianunez'] }],
    ['B-1234', { terms: ['b1234'], keys: ['b1234'] }],
    ['a', { terms: ['a'], keys: [] }],
  ])('reads the query %j', (q, expected) => {
    expect(parseQuery(q)).toEqual(expected);
  });

  it('indexes phones, codes and text of a document', () => {
    const { row, keys } = buildDocument({
      entityType: 'customer',
      entityId: 7,
      title: 'Ferretería Núñez',
      text: ['Ferretería Núñez'],
      codes: ['C-0007', 'B12345674'],
      phones: ['912 345 678', 'no es un teléfono'],
    });
    expect(row.content.split(' ')).toEqual(expect.arrayContaining(['ferreteria', 'nunez', 'c0007', 'b12345674', '34912345678', '912345678']));
    expect(keys).toEqual(['c0007', 'b12345674', 'tel:34912345678']);
  });
});

describe('ranking text matches', () => {
  it('puts titles starting with the query first, then titles with every word, shorter first', async () => {
    const { rankByTitle } = await import('./search.service.ts');
    const rows = [{ title: 'Bar La Ferretería' }, { title: 'Calderas y más (ferretería industrial)' }, { title: 'Ferretería Núñez e Hijos' }, { title: 'Ferretería Sol' }];
    expect(rankByTitle(rows, ['ferreteria']).map((r) => r.title)).toEqual(['Ferretería Sol', 'Ferretería Núñez e Hijos', 'Bar La Ferretería', 'Calderas y más (ferretería industrial)']);
  });
});
