import type { Queryable } from '../../db/database.ts';
import { sql } from 'kysely';
import type { SearchDocumentsTable } from './search.tables.ts';
import { insertRowsPrecompiled, type Params, precompiled, precompiledBy } from '../../db/precompiled.ts';
import { type DialectName, dialectOf, firstMatchesPlan, fullTextCondition, type TextSource } from '../../db/dialect.ts';

export type DocumentRow = Omit<SearchDocumentsTable, 'id'>;

export async function upsertDocument(db: Queryable, doc: DocumentRow, keys: string[]) {
  const existing = await db
    .selectFrom('search_documents')
    .select(['id', 'content'])
    .where('entity_type', '=', doc.entity_type)
    .where('entity_id', '=', doc.entity_id)
    .executeTakeFirst();
  let id: number;
  if (existing) {
    id = existing.id;
    await db.updateTable('search_documents').set(doc).where('id', '=', id).execute();
    await db.deleteFrom('search_keys').where('document_id', '=', id).execute();
  } else {
    id = (await db.insertInto('search_documents').values(doc).returning('id').executeTakeFirstOrThrow()).id;
  }
  if (keys.length) await db.insertInto('search_keys').values(keys.map((key) => ({ key, document_id: id }))).execute();
}

// A new record's document and keys, built and compiled once (db/precompiled.ts; the keys per count).
const insertDoc = precompiled((db, p: Params<DocumentRow>) =>
  db
    .insertInto('search_documents')
    .values({ entity_type: p('entity_type'), entity_id: p('entity_id'), customer_id: p('customer_id'), title: p('title'), subtitle: p('subtitle'), content: p('content'), updated_at: p('updated_at') })
    .returning('id'),
);
const insertKeys = precompiledBy(
  (n: number) => (db, p: Params<Record<string, string | number>>) =>
    db.insertInto('search_keys').values(Array.from({ length: n }, (_, i) => ({ key: p(`k${i}`) as string, document_id: p('id') as number }))),
  String,
  20,
);

export async function insertDocument(db: Queryable, doc: DocumentRow, keys: string[]) {
  const { id } = (await insertDoc.takeFirst(db, doc))!;
  if (!keys.length) return;
  if (keys.length > 20) {
    await db.insertInto('search_keys').values(keys.map((key) => ({ key, document_id: id }))).execute();
    return;
  }
  const params: Record<string, string | number> = { id };
  keys.forEach((k, i) => (params[`k${i}`] = k));
  await insertKeys(keys.length).all(db, params);
}

// Several new records' documents in one statement (a group commit's intakes), per row count.
const insertDocs = precompiledBy(
  (n: number) => (db, p: Params<Record<string, unknown>>) =>
    db
      .insertInto('search_documents')
      .values(
        Array.from({ length: n }, (_, i) => ({
          entity_type: p(`${i}:entity_type`) as string,
          entity_id: p(`${i}:entity_id`) as number,
          customer_id: p(`${i}:customer_id`) as number | null,
          title: p(`${i}:title`) as string,
          subtitle: p(`${i}:subtitle`) as string | null,
          content: p(`${i}:content`) as string,
          updated_at: p(`${i}:updated_at`) as string,
        })),
      )
      .returning(['id', 'entity_type', 'entity_id']),
  String,
  30,
);

/**
 * New records' documents (none has one yet) and their keys: one statement for up to 25 documents
 * and one for up to 100 keys, instead of two per record. Same rows as `insertDocument` for each.
 */
export async function insertDocuments(db: Queryable, docs: Array<{ row: DocumentRow; keys: string[] }>) {
  const keyRows: Array<{ key: string; document_id: number }> = [];
  for (let k = 0; k < docs.length; k += 25) {
    const chunk = docs.slice(k, k + 25);
    const params: Record<string, unknown> = {};
    chunk.forEach(({ row }, i) => {
      params[`${i}:entity_type`] = row.entity_type;
      params[`${i}:entity_id`] = row.entity_id;
      params[`${i}:customer_id`] = row.customer_id ?? null;
      params[`${i}:title`] = row.title;
      params[`${i}:subtitle`] = row.subtitle ?? null;
      params[`${i}:content`] = row.content;
      params[`${i}:updated_at`] = row.updated_at;
    });
    const ids = await insertDocs(chunk.length).all(db, params);
    // The engine does not promise RETURNING's order: each id found by its document's entity.
    const idOf = new Map(ids.map((r) => [`${r.entity_type}:${r.entity_id}`, Number(r.id)]));
    for (const { row, keys } of chunk) {
      const id = idOf.get(`${row.entity_type}:${row.entity_id}`)!;
      for (const key of keys) keyRows.push({ key, document_id: id });
    }
  }
  for (let k = 0; k < keyRows.length; k += 100) await insertRowsPrecompiled(db, 'search_keys', keyRows.slice(k, k + 100));
}

export async function deleteDocument(db: Queryable, entityType: string, entityId: number) {
  await db.deleteFrom('search_documents').where('entity_type', '=', entityType).where('entity_id', '=', entityId).execute();
}

const columns = ['sd.id', 'sd.entity_type', 'sd.entity_id', 'sd.customer_id', 'sd.title', 'sd.subtitle'] as const;

/**
 * The documents of exact keys, built once per number of keys and of types (precompiled: every
 * search sends it, and on PostgreSQL it then runs as a named statement, planned once per connection:
 * its plan, look-ups of `search_keys` by key, does not depend on the values).
 */
const byKeys = precompiledBy(
  ({ keys, types }: { keys: number; types: number }) =>
    (db, p: Params<Record<string, string | number>>) => {
      let q = db
        .selectFrom('search_keys as sk')
        .innerJoin('search_documents as sd', 'sd.id', 'sk.document_id')
        .select(columns)
        .where(
          'sk.key',
          'in',
          Array.from({ length: keys }, (_, i) => p(`k${i}`) as string),
        );
      if (types)
        q = q.where(
          'sd.entity_type',
          'in',
          Array.from({ length: types }, (_, i) => p(`t${i}`) as string),
        );
      return q.limit(p('limit') as number);
    },
  ({ keys, types }) => `${keys}:${types}`,
);

export function findByKeys(db: Queryable, keys: string[], types: string[] | undefined, limit: number) {
  const params: Record<string, string | number> = { limit };
  keys.forEach((k, i) => (params[`k${i}`] = k));
  types?.forEach((t, i) => (params[`t${i}`] = t));
  return byKeys({ keys: keys.length, types: types?.length ?? 0 }).all(db, params);
}

/**
 * Full-text prefix match. No ORDER BY on purpose: with a very common prefix the engine can stop at
 * `limit` rows instead of ranking every match; the exact keys above already bring the best hits.
 * The engine's plan (dialect.ts firstMatchesPlan) may try a cheaper read first: it answers only
 * when it fills the limit, otherwise the next one runs.
 */
export async function findByText(db: Queryable, terms: string[], types: string[] | undefined, limit: number) {
  const dialect = dialectOf(db);
  const typeFilter = types?.length ? sql`and sd.entity_type in (${sql.join(types)})` : sql``;
  const run = async (source: TextSource) =>
    (
      await sql<{ id: number; entity_type: string; entity_id: number; customer_id: number | null; title: string; subtitle: string | null }>`
    select sd.id, sd.entity_type, sd.entity_id, sd.customer_id, sd.title, sd.subtitle
    from ${source.from} where ${source.where} ${typeFilter} limit ${limit}`.execute(db)
    ).rows;
  const plan = await firstMatchesPlan(db, dialect, terms, { typed: Boolean(types?.length) });
  for (let i = 0; i < plan.length - 1; i++) {
    const rows = await run(plan[i]);
    if (rows.length >= limit) return rows;
  }
  return run(plan[plan.length - 1]);
}

export function documentIdsForText(db: Queryable, terms: string[], entityType: string) {
  const dialect = dialectOf(db);
  return db.selectFrom('search_documents as sd').select('sd.entity_id').where(fullTextCondition(dialect, terms, entityType)).where('sd.entity_type', '=', entityType);
}

/** The same subquery shape as documentIdsForText, matching nothing (a search term with no words). */
export function noDocumentIds(db: Queryable) {
  return db.selectFrom('search_documents as sd').select('sd.entity_id').where(sql<boolean>`1 = 0`);
}
