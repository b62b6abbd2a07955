/**
 * PostgreSQL named (server-side prepared) statements for the precompiled queries (precompiled.ts).
 * Kysely sends every query unnamed, so PostgreSQL parses, analyses and plans it again on each run:
 * for a one-row read by primary key that is most of the server's work. A precompiled query's SQL
 * text never changes, so it is registered here by text, and each pooled connection sends that text
 * as a named statement: parsed once per connection (pg keeps which names a connection has
 * prepared), then only bound and executed. Every other query stays unnamed.
 *
 * PostgreSQL re-plans a prepared statement by itself when a table it reads changes (DDL, ANALYZE);
 * after five runs it may keep a generic plan, which suits these queries: primary-key and foreign-key
 * look-ups, `id in (…)` lists and inserts, never a filter whose best plan depends on the value.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

const names = new Map<string, string>();

/** Registers a precompiled query's SQL text: from now on every connection runs it as a named statement. */
export function nameStatement(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `atiende_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/** The statement name a registered SQL text runs under (undefined: sent unnamed). */
export function statementName(text: string): string | undefined {
  return names.get(text);
}

/** Makes a new pooled connection send registered texts as named statements (pool 'connect' event). */
export function useNamedStatements(client: pg.ClientBase): void {
  const query = client.query as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = function (this: pg.ClientBase, config: unknown, values?: unknown, callback?: unknown) {
    const name = typeof config === 'string' ? names.get(config) : undefined;
    if (name && typeof callback !== 'function') return query.call(this, { name, text: config, values: Array.isArray(values) ? values : [] });
    return query.call(this, config, values, callback);
  };
}
