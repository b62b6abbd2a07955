import { describe, expect, it } from 'vitest';
import { badTextPaths, hasBadText, isBadText } from './input.rules.ts';

describe('isBadText', () => {
  it.each([
    ['plain', 'Averías Pérez, S.L.', false],
    ['empty', '', false],
    ['emoji (a surrogate pair)', 'ok 👍', false],
    ['pair at the very end', 'x\ud83d\udc4d', false],
    ['NUL inside', 'a\u0000b', true],
    ['NUL alone', '\u0000', true],
    ['lone high surrogate', '\ud800', true],
    ['high surrogate then a letter', '\ud83dx', true],
    ['lone low surrogate', 'x\udfffy', true],
    ['low before high (reversed pair)', '\udc4d\ud83d', true],
    ['other control characters stay (tab, newline)', 'a\tb\nc', false],
  ])('%s', (_name, s, bad) => {
    expect(isBadText(s)).toBe(bad);
  });
});

describe('badTextPaths', () => {
  it.each([
    ['clean object', { name: 'x', phones: ['1', '2'], n: 3, b: null }, []],
    ['top-level field', { name: 'a\u0000' }, ['name']],
    ['array element', { phones: ['ok', '\ud800'] }, ['phones.1']],
    ['nested object', { address: { city: 'x\u0000' } }, ['address.city']],
    ['a key itself', { ['k\u0000']: 1 }, ['k\u0000']],
    ['a string body', 'a\u0000', ['']],
    ['several', { a: '\u0000', b: ['\udfff'], c: { d: 'ok' } }, ['a', 'b.0']],
  ])('%s', (_name, value, paths) => {
    expect(badTextPaths(value)).toEqual(paths);
    // The guard's quick check agrees with the walk that names the fields.
    expect(hasBadText(value)).toBe(paths.length > 0);
  });

  it('checks as deep as the walk does, no deeper', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(hasBadText(deep)).toBe(badTextPaths(deep).length > 0);
    expect(hasBadText(deep, 0, 50)).toBe(true);
    expect(badTextPaths(deep, 20, 50)).toHaveLength(1);
  });

  it('stops at the limit', () => {
    expect(badTextPaths(Array.from({ length: 100 }, () => '\u0000'), 5)).toHaveLength(5);
  });
});
