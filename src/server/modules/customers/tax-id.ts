/** Spanish tax ids: normalised form (upper case, no separators) used for storage and look-ups. */
export function normalizeTaxId(input: string): string {
  return input.toUpperCase().replace(/[^A-Z0-9]/g, '');
}
