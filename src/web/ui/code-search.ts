/** Pure search over catalog options: the description a person reads, or the code they know. */

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** True when `search` is in the option's label or its value (the code), accents and case ignored. */
export function matchesCodeOrLabel(option: { value: string; label: string }, search: string): boolean {
  const q = fold(search.trim());
  return !q || fold(option.label).includes(q) || fold(option.value).includes(q);
}
