/** The web's closed ErrorCode union (src/shared/error-codes.ts) is exactly the codes the server declares. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { declaredErrorCodes, ERROR_CODES_FILE, errorCodesSource } from '../../../scripts/error-codes.ts';
import { ERROR_CODES } from '../../shared/error-codes.ts';

describe('the closed error catalogue', () => {
  it('src/shared/error-codes.ts lists every declared code and nothing else (npm run gen:error-codes)', () => {
    expect([...ERROR_CODES]).toEqual(declaredErrorCodes());
    expect(fs.readFileSync(ERROR_CODES_FILE, 'utf8')).toBe(errorCodesSource(declaredErrorCodes()));
  });

  it('declares each code once across the core table and the areas', async () => {
    const { CORE_ERROR_CODES } = await import('../i18n/messages.ts');
    const { areas } = await import('../modules/index.ts');
    const all = [...CORE_ERROR_CODES, ...areas.flatMap((a) => Object.keys(a.errors ?? {}))];
    const twice = all.filter((c, i) => all.indexOf(c) !== i);
    expect(twice).toEqual([]);
  });
});
