/**
 * Lists keep their filters: the navigation link of a list returns to the last address (filters in
 * the query string) the user had on it in this browser tab's session. Parameters that only make
 * sense once (a highlighted entry, the call being handled) are not remembered.
 */
const KEY = 'atiende.lists';
const TRANSIENT = ['event', 'fromCallId', 'contact'];

function read(): Record<string, string> {
  try {
    const raw = sessionStorage.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** Remembers `search` (e.g. `?view=all&type=AV`) as the last address of the list at `path`. */
export function rememberListAddress(path: string, search: string) {
  const params = new URLSearchParams(search);
  for (const key of TRANSIENT) params.delete(key);
  const query = params.toString();
  const all = read();
  if ((all[path] ?? '') === query) return;
  if (query) all[path] = query;
  else delete all[path];
  try {
    sessionStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    // storage full or disabled: the link simply opens the list without filters
  }
}

/** Where the navigation link of the list at `path` goes: its last address in this session. */
export function listAddress(path: string): string {
  const query = read()[path];
  return query ? `${path}?${query}` : path;
}

/** Forgets every list's address (on logout, so the next user starts clean). */
export function forgetListAddresses() {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing to forget
  }
}
