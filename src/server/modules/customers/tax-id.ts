/**
 * Spanish tax ids (NIF, NIE, CIF): normalisation and check characters. Pure functions.
 *
 * - NIF (DNI): 8 digits + letter, letter = LETTERS[number mod 23]. The special NIFs K, L and M
 *   (minors, non-residents) carry 7 digits and the same letter rule over those 7 digits.
 * - NIE: X, Y or Z + 7 digits + letter; X/Y/Z count as 0/1/2 in front of the digits.
 * - CIF (legal entities): entity letter + 7 digits + control. The control digit d is
 *   (10 − (sum mod 10)) mod 10, where sum adds the digits in even positions and, for odd positions,
 *   the digit sum of twice the digit; the control letter is "JABCDEFGHI"[d].
 *   Official rules (Orden EHA/451/2008): N, P, Q, R, S, W and non-resident entities (the two
 *   province digits "00") take a letter; A, B, E, H take a digit; C, D, F, G, J, U, V either.
 */
export type TaxIdKind = 'NIF' | 'NIE' | 'CIF';
export type TaxIdCheck = { valid: true; value: string; kind: TaxIdKind } | { valid: false; value: string };

const NIF_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
const CIF_LETTERS = 'JABCDEFGHI';
const CIF_LETTER_CONTROL = new Set('NPQRSW');
const CIF_DIGIT_CONTROL = new Set('ABEH');
const CIF_ENTITY = /^[ABCDEFGHJNPQRSUVW]$/;

/** Normalised form for storage and look-ups: upper case, no separators, no "ES" VAT prefix. */
export function normalizeTaxId(input: string): string {
  const s = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  // "ESB12345674" is the intra-community VAT number of B12345674.
  return /^ES[A-Z0-9]{9}$/.test(s) ? s.slice(2) : s;
}

export function nifLetter(n: number): string {
  return NIF_LETTERS[n % 23];
}

/** Control digit (0–9) of the 7 digits of a CIF. */
export function cifControlDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < 7; i++) {
    const d = Number(digits[i]);
    if (i % 2 === 0) {
      const twice = d * 2;
      sum += Math.floor(twice / 10) + (twice % 10);
    } else {
      sum += d;
    }
  }
  return (10 - (sum % 10)) % 10;
}

export function checkTaxId(input: string): TaxIdCheck {
  let value = normalizeTaxId(input);
  // A DNI typed without its leading zeros ("1234567L") is the same NIF as "01234567L".
  if (/^\d{6,7}[A-Z]$/.test(value)) value = value.padStart(9, '0');

  let m = /^(\d{8})([A-Z])$/.exec(value);
  if (m) return nifLetter(Number(m[1])) === m[2] ? { valid: true, value, kind: 'NIF' } : { valid: false, value };

  m = /^([KLM])(\d{7})([A-Z])$/.exec(value);
  if (m) return nifLetter(Number(m[2])) === m[3] ? { valid: true, value, kind: 'NIF' } : { valid: false, value };

  m = /^([XYZ])(\d{7})([A-Z])$/.exec(value);
  if (m) {
    const n = Number(`${'XYZ'.indexOf(m[1])}${m[2]}`);
    return nifLetter(n) === m[3] ? { valid: true, value, kind: 'NIE' } : { valid: false, value };
  }

  m = /^([A-Z])(\d{7})([0-9A-J])$/.exec(value);
  if (m && CIF_ENTITY.test(m[1])) {
    const [, entity, digits, control] = m;
    const d = cifControlDigit(digits);
    const isLetter = /[A-J]/.test(control);
    const letterRequired = CIF_LETTER_CONTROL.has(entity) || digits.startsWith('00');
    const digitRequired = CIF_DIGIT_CONTROL.has(entity) && !letterRequired;
    if (isLetter && digitRequired) return { valid: false, value };
    if (!isLetter && letterRequired) return { valid: false, value };
    const ok = isLetter ? control === CIF_LETTERS[d] : Number(control) === d;
    return ok ? { valid: true, value, kind: 'CIF' } : { valid: false, value };
  }
  return { valid: false, value };
}

export function isValidTaxId(input: string): boolean {
  return checkTaxId(input).valid;
}
