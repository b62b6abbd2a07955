/**
 * Valid Spanish tax ids for generated data (the demo company and the benchmark generator): the
 * check characters are computed with the official algorithms, so they pass the same validation
 * real ones do.
 */

const NIF_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
const CIF_CONTROL_LETTERS = 'JABCDEFGHI';
/** Entity types whose CIF control character is a letter (public bodies, foreign entities…). */
const CIF_LETTER_CONTROL = 'KPQRSNW';
/** Entity types whose CIF control character is a digit (companies, communities of owners…). */
const CIF_DIGIT_CONTROL = 'ABEH';

function pad(n: number, width: number): string {
  return String(Math.trunc(Math.abs(n))).padStart(width, '0').slice(-width);
}

/** NIF of a person: 8 digits and the letter of the number modulo 23. */
export function nifFromNumber(n: number): string {
  const digits = pad(n, 8);
  return `${digits}${NIF_LETTERS[Number(digits) % 23]}`;
}

/** NIE of a foreign resident: X/Y/Z (read as 0/1/2), 7 digits, and the NIF letter of the whole. */
export function nieFromNumber(prefix: 'X' | 'Y' | 'Z', n: number): string {
  const digits = pad(n, 7);
  const value = Number(`${'XYZ'.indexOf(prefix)}${digits}`);
  return `${prefix}${digits}${NIF_LETTERS[value % 23]}`;
}

/** The CIF control digit (0–9) of the 7 central digits. */
export function cifControlDigit(digits7: string): number {
  let sum = 0;
  for (let i = 0; i < 7; i++) {
    const d = Number(digits7[i]);
    if (i % 2 === 1) sum += d;
    else {
      const doubled = d * 2;
      sum += Math.floor(doubled / 10) + (doubled % 10);
    }
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * CIF of an organisation: the entity letter (A sociedad anónima, B limitada, H comunidad de
 * propietarios, P corporación local, Q organismo público, G asociación…), 7 digits (the first two
 * the province, 00 for non-residents) and the control character, a digit or a letter as the entity
 * type and province require.
 */
export function cifFromNumber(letter: string, n: number): string {
  const l = letter.toUpperCase();
  if (!/^[ABCDEFGHJKLMNPQRSUVW]$/.test(l)) throw new Error(`not a CIF entity letter: ${letter}`);
  const digits = pad(n, 7);
  const control = cifControlDigit(digits);
  // Province code 00 (non-resident entities) always takes a letter.
  const useLetter = CIF_LETTER_CONTROL.includes(l) || digits.startsWith('00') || (!CIF_DIGIT_CONTROL.includes(l) && control % 2 === 1);
  return `${l}${digits}${useLetter ? CIF_CONTROL_LETTERS[control] : String(control)}`;
}

/** Checks a generated id with the same algorithms (used by tests and the generators' self-checks). */
export function isValidSpanishTaxId(raw: string): boolean {
  const s = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (/^\d{8}[A-Z]$/.test(s)) return NIF_LETTERS[Number(s.slice(0, 8)) % 23] === s[8];
  if (/^[XYZ]\d{7}[A-Z]$/.test(s)) return NIF_LETTERS[Number(`${'XYZ'.indexOf(s[0])}${s.slice(1, 8)}`) % 23] === s[8];
  if (/^[ABCDEFGHJKLMNPQRSUVW]\d{7}[0-9A-J]$/.test(s)) {
    const control = cifControlDigit(s.slice(1, 8));
    const last = s[8];
    if (CIF_LETTER_CONTROL.includes(s[0]) || s.slice(1, 3) === '00') return last === CIF_CONTROL_LETTERS[control];
    if (CIF_DIGIT_CONTROL.includes(s[0])) return last === String(control);
    return last === String(control) || last === CIF_CONTROL_LETTERS[control];
  }
  return false;
}
