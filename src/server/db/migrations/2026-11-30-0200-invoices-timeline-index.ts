import type { Kysely } from 'kysely';

/** A customer's invoices newest first by issue stamp (the customer timeline), one index range. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('invoices_customer_issued_idx').on('invoices').columns(['customer_id', 'issued_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('invoices_customer_issued_idx').execute();
}
