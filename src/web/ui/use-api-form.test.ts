import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';
import { getPath, resolveField, setPath } from './use-api-form.ts';

describe('form helpers', () => {
  const known = new Set(['name', 'taxId', 'phones', 'address.city', 'memberIds']);
  it.each([
    ['taxId', 'taxId'],
    ['phones.1', 'phones'],
    ['address.city', 'address.city'],
    ['address.street', undefined],
    ['memberIds.3', 'memberIds'],
    ['unknownField', undefined],
    ['unitPriceCents', 'price'],
  ])('server field %s shows on %s', (server, expected) => {
    expect(resolveField(server, known, { unitPriceCents: 'price' })).toBe(expected);
  });

  it('reads and writes nested values without mutating', () => {
    const v = { a: { b: 1 }, c: 2 };
    const next = setPath(v, 'a.b', 5);
    expect(next).toEqual({ a: { b: 5 }, c: 2 });
    expect(v.a.b).toBe(1);
    expect(getPath(next, 'a.b')).toBe(5);
    expect(getPath(next, 'x.y')).toBeUndefined();
  });

  it('writes CSV with a BOM, semicolons and quoting', () => {
    expect(toCsv(['Nombre', 'Notas'], [['Miramar; S.L.', 'dice "hola"'], ['Ebro', null]])).toBe('\uFEFFNombre;Notas\r\n"Miramar; S.L.";"dice ""hola"""\r\nEbro;\r\n');
  });
});
