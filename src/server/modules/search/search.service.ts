/**
 * One search across the product. Each area indexes its records here (inside its own transaction)
 * with `indexDocument`; `/search` then finds them by exact key (tax id, serial, phone, number) or
 * by word prefixes through each engine's full-text index (FTS5 / tsvector).
 */
import type { Ctx, GroupBatch } from '../../context.ts';
import { atGroupEnd } from '../../db/group-commit.ts';
import type { Companion } from '../../db/companions.ts';
import { nowIso } from '../../db/dialect.ts';
import { normalizePhone } from '../customers/phones.ts';
import * as repo from './search.repository.ts';
import { codeTokens, exactKey, parseQuery, textTokens } from './search-text.ts';

export type IndexInput = {
  /** 'customer', 'contact', 'unit', 'call', 'activity', 'incident'… */
  entityType: string;
  entityId: number;
  customerId?: number | null;
  /** What a result shows: the name, the number… */
  title: string;
  subtitle?: string | null;
  /** Free text: names, descriptions. Found by word prefix. */
  text?: Array<string | null | undefined>;
  /** Codes, tax ids, serials, numbers: found exactly (however typed) and by prefix. */
  codes?: Array<string | null | undefined>;
  /** Phone numbers: found however they are typed. */
  phones?: Array<string | null | undefined>;
};

export type SearchHit = { type: string; id: string; customerId: string | null; title: string; subtitle: string | null };

export function buildDocument(input: IndexInput) {
  const tokens = new Set<string>();
  const keys = new Set<string>();
  for (const t of input.text ?? []) for (const w of textTokens(t)) tokens.add(w);
  for (const c of input.codes ?? []) {
    if (!c) continue;
    for (const w of codeTokens(c)) tokens.add(w);
    const k = exactKey(c);
    if (k) keys.add(k);
  }
  for (const p of input.phones ?? []) {
    const n = normalizePhone(p);
    if (!n) continue;
    tokens.add(n);
    // the national number too, so "912345…" matches as a prefix
    if (n.startsWith('34') && n.length === 11) tokens.add(n.slice(2));
    keys.add(`tel:${n}`);
  }
  return {
    row: {
      entity_type: input.entityType,
      entity_id: input.entityId,
      customer_id: input.customerId ?? null,
      title: input.title.slice(0, 300),
      subtitle: input.subtitle?.slice(0, 300) ?? null,
      content: [...tokens].join(' '),
      updated_at: nowIso(),
    },
    keys: [...keys].map((k) => k.slice(0, 200)),
  };
}

export async function indexDocument(ctx: Ctx, input: IndexInput): Promise<void> {
  const { row, keys } = buildDocument(input);
  await repo.upsertDocument(ctx.db, row, keys);
}

/**
 * For a record created in this transaction (no document yet): one insert instead of look-up + insert.
 * Inside a group commit's write (an intake) the document and its keys are left to the group's end
 * and written there with the group's other new documents, one statement each (`atGroupEnd`): still
 * inside the transaction, before its COMMIT, so a search right after the answer finds the record.
 */
export async function indexNewDocument(ctx: Ctx, input: IndexInput): Promise<void> {
  const doc = buildDocument(input);
  if (atGroupEnd(ctx, newDocuments, doc)) return;
  await repo.insertDocument(ctx.db, doc.row, doc.keys);
}

const newDocuments: GroupBatch<ReturnType<typeof buildDocument>> = {
  name: 'search:new-documents',
  run: (ctx, docs) => (docs.length === 1 ? repo.insertDocument(ctx.db, docs[0]!.row, docs[0]!.keys) : repo.insertDocuments(ctx.db, docs)),
};

/** The search document (and its exact keys) of a record written with `insertWithCompanions` (db/companions.ts). */
export function documentCompanion(input: IndexInput): Companion {
  const { row, keys } = buildDocument(input);
  return { table: 'search_documents', row, dependents: (id) => (keys.length ? { table: 'search_keys', rows: keys.map((key) => ({ key, document_id: id })) } : undefined) };
}

export async function removeDocument(ctx: Ctx, entityType: string, entityId: number): Promise<void> {
  await repo.deleteDocument(ctx.db, entityType, entityId);
}

export async function search(ctx: Ctx, q: string, opts: { types?: string[]; limit?: number } = {}): Promise<SearchHit[]> {
  const limit = opts.limit ?? 20;
  const parsed = parseQuery(q);
  if (!parsed.terms.length && !parsed.keys.length) return [];
  // Both at once (on PostgreSQL two pooled connections work in parallel). A few more text
  // candidates than shown, ranked here: the engine returns matches in index order.
  const [exact, found] = await Promise.all([
    parsed.keys.length ? repo.findByKeys(ctx.db, parsed.keys, opts.types, limit) : [],
    parsed.terms.length ? repo.findByText(ctx.db, parsed.terms, opts.types, limit * 5) : [],
  ]);
  const text = found.length ? rankByTitle(found, parsed.terms) : [];
  const seen = new Set<number>();
  const hits: SearchHit[] = [];
  for (const r of [...exact, ...text]) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    hits.push({ type: r.entity_type, id: String(r.entity_id), customerId: r.customer_id ? String(r.customer_id) : null, title: r.title, subtitle: r.subtitle });
    if (hits.length >= limit) break;
  }
  return hits;
}

/** Titles that start with the query first, then titles holding every term as a word start, shorter first. */
export function rankByTitle<T extends { title: string }>(rows: T[], terms: string[]): T[] {
  const score = (title: string) => {
    const words = textTokens(title);
    const joined = words.join(' ');
    if (joined.startsWith(terms.join(' '))) return 0;
    if (terms.every((t) => words.some((w) => w.startsWith(t)))) return 1;
    return 2;
  };
  return rows
    .map((row, i) => ({ row, i, s: score(row.title) }))
    .sort((a, b) => a.s - b.s || a.row.title.length - b.row.title.length || a.i - b.i)
    .map((x) => x.row);
}

/** A subquery of entity ids of one type matching a text filter, for list screens (`?q=`). */
export function matchingIds(ctx: Ctx, q: string, entityType: string) {
  const parsed = parseQuery(q);
  // Nothing to look for (only punctuation: "-", "%", "*"…): a filter that matches no record.
  if (!parsed.terms.length) return repo.noDocumentIds(ctx.db);
  return repo.documentIdsForText(ctx.db, parsed.terms, entityType);
}
