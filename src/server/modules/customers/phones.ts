/**
 * Phone numbers are stored normalised (digits with the country code, Spain by default) so a caller
 * id finds its customer or contact however the number was typed: "91 234 56 78", "+34912345678",
 * "0034 912-345-678" all become "34912345678".
 */
export function normalizePhone(input: string | null | undefined, defaultCountry = '34'): string | undefined {
  if (!input) return undefined;
  const trimmed = input.trim();
  let digits = trimmed.replace(/\D/g, '');
  if (!digits) return undefined;
  if (trimmed.startsWith('+')) {
    // already international
  } else if (digits.startsWith('00')) {
    digits = digits.slice(2);
  } else if (defaultCountry === '34' && digits.length === 9 && /^[6789]/.test(digits)) {
    digits = `34${digits}`;
  }
  if (digits.length < 6 || digits.length > 15) return undefined;
  return digits;
}
