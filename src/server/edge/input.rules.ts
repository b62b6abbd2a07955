/**
 * Text no engine stores alike: a NUL byte (PostgreSQL refuses it with 22021, SQLite keeps it) and a
 * lone UTF-16 surrogate (PostgreSQL refuses its bytes, SQLite stores U+FFFD). Refused at the edge,
 * in every string of the body, the query and the path parameters, so both engines agree. Pure.
 */

/** NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isBadText(s: string): boolean {
  return BAD_TEXT.test(s);
}

/**
 * The paths (`phones.1`, `address.city`, a key itself) of every string or object key that holds
 * bad text, at most `max` of them, walking at most `depth` levels (deeper input is left to the
 * schemas, which refuse it anyway).
 */
export function badTextPaths(value: unknown, max = 20, depth = 32): string[] {
  // Almost every request holds none: a walk that allocates nothing first.
  if (!hasBadText(value, 0, depth)) return [];
  const out: string[] = [];
  const walk = (v: unknown, path: string[], level: number) => {
    if (out.length >= max || level > depth) return;
    if (typeof v === 'string') {
      if (isBadText(v)) out.push(path.join('.'));
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, [...path, String(i)], level + 1));
      return;
    }
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (out.length >= max) return;
        if (isBadText(k)) out.push([...path, k].join('.'));
        else walk(x, [...path, k], level + 1);
      }
    }
  };
  walk(value, [], 0);
  return out;
}

/** Whether `badTextPaths` would find anything (the same walk, to the same depth), allocating nothing. */
export function hasBadText(v: unknown, level = 0, depth = 32): boolean {
  if (level > depth) return false;
  if (typeof v === 'string') return BAD_TEXT.test(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (hasBadText(v[i], level + 1, depth)) return true;
    return false;
  }
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) if (BAD_TEXT.test(k) || hasBadText(o[k], level + 1, depth)) return true;
  }
  return false;
}
