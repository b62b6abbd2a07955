import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { systemCtx, tx } from '../../context.ts';
import { firstMatchesPlan, forgetTermStatistics, fullTextAnySource, fullTextCondition, fullTextSource, setSearchProbePages, setSearchSingleProbeShare } from '../../db/dialect.ts';
import { indexDocument, rankByTitle, removeDocument } from './search.service.ts';

describe.each(DIALECTS)('search index on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const ctx = systemCtx(t.database, t.config);
    await tx(ctx, async (c) => {
      await indexDocument(c, { entityType: 'customer', entityId: 1, title: 'Ferretería Núñez', text: ['Ferretería Núñez', 'Alcalá de Henares'], codes: ['C0001', 'B-12345674'], phones: ['+34 912 345 678'] });
      await indexDocument(c, { entityType: 'customer', entityId: 2, title: 'Hostal Peña', text: ['Hostal Peña'], codes: ['C0002'] });
      await indexDocument(c, { entityType: 'unit', entityId: 10, customerId: 1, title: 'SN-2024-00123', text: ['Caldera Vaillant'], codes: ['SN-2024-00123'] });
    });
  });
  afterAll(() => t.close());

  const find = async (q: string, extra = '') => (await t.admin.get(`/search?q=${encodeURIComponent(q)}${extra}`)).body.items.map((h: { type: string; id: string }) => `${h.type}:${h.id}`);

  it.each([
    ['ferreteria nunez', 'customer:1'],
    ['FERRET', 'customer:1'],
    ['Núñez', 'customer:1'],
    ['alcala', 'customer:1'],
    ['pena', 'customer:2'],
    ['91 234 56 78', 'customer:1'],
    ['0034912345678', 'customer:1'],
    ['b12345674', 'customer:1'],
    ['B-12.345.674', 'customer:1'],
    ['sn202400123', 'unit:10'],
    ['SN-2024-00123', 'unit:10'],
    ['00123', 'unit:10'],
    ['vaillant', 'unit:10'],
  ])('finds %j', async (q, expected) => {
    expect(await find(q)).toContain(expected);
  });

  it('finds nothing for an unrelated word and restricts by type', async () => {
    expect(await find('zapatería')).toEqual([]);
    expect(await find('caldera', '&types=customer')).toEqual([]);
  });

  it('forgets a removed document and reindexes a changed one', async () => {
    const ctx = systemCtx(t.database, t.config);
    await indexDocument(ctx, { entityType: 'customer', entityId: 2, title: 'Hostal Sol', text: ['Hostal Sol'] });
    expect(await find('pena')).not.toContain('customer:2');
    expect(await find('sol')).toContain('customer:2');
    await removeDocument(ctx, 'customer', 2);
    expect(await find('hostal')).toEqual([]);
  });

  it('a long word finds its whole-word matches and, when they are few, the longer words it begins', async () => {
    const ctx = systemCtx(t.database, t.config);
    await tx(ctx, async (c) => {
      // Enough whole-word matches to fill the candidates (5 × the page), and one that only matches as a prefix.
      for (let i = 0; i < 100; i++) await indexDocument(c, { entityType: 'customer', entityId: 1000 + i, title: `Comunidad Sol ${i}`, text: [`Comunidad Sol ${i}`] });
      await indexDocument(c, { entityType: 'customer', entityId: 2000, title: 'Comunidades Unidas', text: ['Comunidades Unidas'] });
      await indexDocument(c, { entityType: 'customer', entityId: 2001, title: 'Vecinos Albatrosino', text: ['Vecinos Albatrosino'] });
    });
    const page = await find('comunidad');
    expect(page).toHaveLength(20);
    expect(page.every((h: string) => /^customer:1\d\d\d$/.test(h) || h === 'customer:2000')).toBe(true);
    expect(await find('comunidades')).toEqual(['customer:2000']);
    // Few or no whole-word matches: the prefix query answers.
    expect(await find('albatros')).toEqual(['customer:2001']);
    expect(await find('comunidad unid')).toEqual(['customer:2000']);
    const ctx2 = systemCtx(t.database, t.config);
    for (let i = 0; i < 100; i++) await removeDocument(ctx2, 'customer', 1000 + i);
    expect(await find('comunidad')).toEqual(['customer:2000']);
  });

  it('common prefixes answer as the full index query does, whichever read the engine tries first', async () => {
    const ctx = systemCtx(t.database, t.config);
    await tx(ctx, async (c) => {
      for (let i = 0; i < 300; i++) await indexDocument(c, { entityType: 'customer', entityId: 3000 + i, title: `Comunidad de Propietarios Mayor ${i}`, text: [`Comunidad de Propietarios Mayor ${i}`] });
      for (let i = 0; i < 200; i++) await indexDocument(c, { entityType: 'unit', entityId: 4000 + i, title: `Taller Ruiz ${i}`, text: [`Taller Ruiz ${i}`] });
      await indexDocument(c, { entityType: 'customer', entityId: 5000, title: 'Comunidad Albaricoque', text: ['Comunidad Albaricoque'] });
    });
    // The column statistics PostgreSQL plans with (autovacuum would gather them too).
    await sql`analyze search_documents`.execute(t.database.db);
    if (dialect === 'postgres') {
      // Common terms: a bounded first read, then the full query; a rare one: the index for it alone.
      expect(await firstMatchesPlan(t.database.db, dialect, ['comu', 'prop'])).toHaveLength(2);
      expect(await firstMatchesPlan(t.database.db, dialect, ['comu', 'albaric'])).toHaveLength(1);
    }
    const fullAnswer = async (terms: string[], types?: string[]) => {
      const source = fullTextSource(dialect, terms);
      const typeFilter = types ? sql`and sd.entity_type in (${sql.join(types)})` : sql``;
      const { rows } = await sql<{ entity_type: string; entity_id: number; title: string }>`select sd.entity_type, sd.entity_id, sd.title from ${source.from} where ${source.where} ${typeFilter} limit 100`.execute(t.database.db);
      return rankByTitle(rows, terms).slice(0, 20).map((r) => `${r.entity_type}:${r.entity_id}`);
    };
    for (const [q, terms] of [
      ['comu prop', ['comu', 'prop']],
      ['Comunidad Propietarios Mayor', ['comunidad', 'propietarios', 'mayor']],
      ['comu albaric', ['comu', 'albaric']],
      ['comu tall', ['comu', 'tall']],
      ['prop zzz', ['prop', 'zzz']],
    ] as const) {
      const expected = await fullAnswer([...terms]);
      expect(await find(q)).toEqual(expected);
    }
    // A single prefix under "common" but frequent enough (here: every one) is probed first too,
    // unless the search is limited to some types; the answers stay the full query's.
    if (dialect === 'postgres') {
      const previous = setSearchSingleProbeShare(0);
      try {
        expect(await firstMatchesPlan(t.database.db, dialect, ['albaric'])).toHaveLength(2);
        expect(await firstMatchesPlan(t.database.db, dialect, ['albaric'], { typed: true })).toHaveLength(1);
        expect(await firstMatchesPlan(t.database.db, dialect, ['albaric', 'ruiz'])).toHaveLength(1);
        for (const term of ['albaric', 'tall', 'ruiz', 'comunidad', 'zzz', '12']) expect(await find(term)).toEqual(await fullAnswer([term]));
        expect(await find('tall', '&types=unit')).toEqual(await fullAnswer(['tall'], ['unit']));
      } finally {
        setSearchSingleProbeShare(previous);
      }
      expect(await firstMatchesPlan(t.database.db, dialect, ['albaric'])).toHaveLength(1);
    }
    expect(await find('comu prop')).toHaveLength(20);
    expect(await find('comu albaric')).toEqual(['customer:5000']);
    expect(await find('comu tall')).toEqual([]);
    expect(await find('tall ruiz', '&types=customer')).toEqual([]);
    expect(await find('tall ruiz', '&types=unit')).toEqual(await fullAnswer(['tall', 'ruiz'], ['unit']));
  });

  it('a common prefix answers the same every time and as the full query, however little of the table the first read covers', async () => {
    const ctx = systemCtx(t.database, t.config);
    const db = t.database.db;
    await tx(ctx, async (c) => {
      for (let i = 0; i < 60; i++) await indexDocument(c, { entityType: 'unit', entityId: 6000 + i, title: `Relleno Quinqué ${i}`, text: [`Relleno Quinqué ${i}`] });
      for (let i = 0; i < 300; i++) await indexDocument(c, { entityType: 'customer', entityId: 7000 + i, title: `Sociedad Cooperativa Zafiro ${i}`, text: [`Sociedad Cooperativa Zafiro ${i}`] });
    });
    // Changed documents: on PostgreSQL their new versions go to the end of the table, so the
    // table's order is no longer the order of their ids.
    for (let i = 0; i < 30; i++) await indexDocument(ctx, { entityType: 'customer', entityId: 7000 + i, title: `Sociedad Cooperativa Zafiro Nueva ${i}`, text: [`Sociedad Cooperativa Zafiro Nueva ${i}`] });
    await sql`analyze search_documents`.execute(db);
    forgetTermStatistics(db);
    const plain = async (terms: string[]) => {
      const source = fullTextSource(dialect, terms);
      const { rows } = await sql<{ entity_type: string; entity_id: number; title: string }>`select sd.entity_type, sd.entity_id, sd.title from ${source.from} where ${source.where} limit 100`.execute(db);
      return rankByTitle(rows, terms).slice(0, 20).map((r) => `${r.entity_type}:${r.entity_id}`);
    };
    const sameEveryTime = async () => {
      for (const [q, terms] of [
        ['soci coop', ['soci', 'coop']],
        ['zafi', ['zafi']],
        ['coop zafi nuev', ['coop', 'zafi', 'nuev']],
      ] as const) {
        const first = await find(q);
        expect(first).toHaveLength(20);
        expect(await find(q)).toEqual(first);
        expect(first).toEqual(await plain([...terms]));
      }
    };
    if (dialect !== 'postgres') return sameEveryTime();

    // The probe reads from the table's first page on (never a scan that may start mid-table), and
    // whole-table reads of the full query start there too.
    const previous = setSearchProbePages(1);
    try {
      const [probe] = await firstMatchesPlan(db, dialect, ['soci', 'coop']);
      const { rows: plan } = await sql<{ 'QUERY PLAN': string }>`explain select sd.id from ${probe.from} where ${probe.where} limit 100`.execute(db);
      expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Tid Range Scan[\s\S]*ctid < '\(1,0\)'/);
    } finally {
      setSearchProbePages(previous);
    }
    expect((await sql<{ s: string }>`select current_setting('synchronize_seqscans') as s`.execute(db)).rows[0].s).toBe('off');

    const pageOf = async (entityId: number) =>
      (await sql<{ page: number }>`select (ctid::text::point)[0]::int as page from search_documents where entity_type = 'customer' and entity_id = ${entityId}`.execute(db)).rows[0].page;
    try {
      // The first read covers no cooperative (it does not fill the page: the full query answers),
      // then the pages of the first ~150 of them (it fills it and answers alone): the same answer.
      for (const [pages, fills] of [[await pageOf(7030), false], [(await pageOf(7180)) + 1, true]] as const) {
        setSearchProbePages(pages);
        const sources = await firstMatchesPlan(db, dialect, ['soci', 'coop']);
        expect(sources).toHaveLength(2);
        const { rows } = await sql`select sd.id from ${sources[0].from} where ${sources[0].where} limit 100`.execute(db);
        expect(rows.length === 100).toBe(fills);
        await sameEveryTime();
      }
    } finally {
      setSearchProbePages(previous);
    }
  });

  it('PostgreSQL: a search reads a bounded pending list of the full-text index, however many documents were just indexed', async () => {
    if (dialect !== 'postgres') return;
    const db = t.database.db;
    // 3,000 documents at once (about 400 kB of new index entries): with the default 4 MB pending
    // list every one of them would stay there, and every search would read all of it.
    await sql`insert into search_documents (entity_type, entity_id, title, content, updated_at)
      select 'pending-test', g, 'pending ' || g, 'zqpend' || g || ' alpha' || g || ' beta' || g || ' gamma', now() from generate_series(1, 3000) g`.execute(db);
    // The index, as on a large table (this small one would be read whole).
    const rows = await db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      return (
        await sql<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>`explain (analyze, buffers, format json)
        select id from search_documents sd where ${fullTextCondition(dialect, ['zqpend2999'], 'pending-test')}`.execute(trx)
      ).rows;
    });
    type PlanNode = { 'Node Type': string; 'Index Name'?: string; 'Shared Hit Blocks': number; 'Shared Read Blocks': number; 'Actual Rows': number; Plans?: PlanNode[] };
    const nodes: PlanNode[] = [];
    const walk = (n: PlanNode) => (nodes.push(n), n.Plans?.forEach(walk));
    walk(rows[0]['QUERY PLAN'][0].Plan);
    const indexScan = nodes.find((n) => n['Index Name'] === 'search_documents_other_tsv_idx');
    expect(indexScan?.['Actual Rows']).toBe(1);
    // The tree's few levels plus at most 64 kB (8 pages) of pending entries.
    expect(indexScan!['Shared Hit Blocks'] + indexScan!['Shared Read Blocks']).toBeLessThanOrEqual(16);
    await sql`delete from search_documents where entity_type = 'pending-test'`.execute(db);
  });

  it('PostgreSQL: customers and contacts are found through their words\' prefixes exactly as through the words, every other type through its own index', async () => {
    if (dialect !== 'postgres') return;
    const db = t.database.db;
    const ctx = systemCtx(t.database, t.config);
    await tx(ctx, async (c) => {
      await indexDocument(c, { entityType: 'customer', entityId: 8000, title: 'Mariscos Paz', text: ['Mariscos Paz', 'info mariscospaz7 example'], codes: ['CL0008000'] });
      await indexDocument(c, { entityType: 'contact', entityId: 8001, title: 'María Jesús Pazos', text: ['María Jesús Pazos', 'mariajesuspazos3'], phones: ['+34 611 223 344'] });
      await indexDocument(c, { entityType: 'contact', entityId: 8002, title: 'Mar Ortiz', text: ['Mar Ortiz', 'a'] });
      await indexDocument(c, { entityType: 'unit', entityId: 8003, title: 'MAR-2024-77', text: ['Marisquera industrial Paz'], codes: ['MAR-2024-77'] });
      await indexDocument(c, { entityType: 'incident', entityId: 8004, title: 'INC-1', text: ['Mariposa de la caldera pazguata'] });
    });
    await sql`analyze search_documents`.execute(db);
    // What the words themselves hold, read without any index, in the table's order.
    const truth = async (terms: string[], type?: string) =>
      (
        await sql<{ id: number }>`select id from search_documents sd where ts_match_vq(sd.tsv, to_tsquery('simple', ${terms.map((x) => `${x}:*`).join(' & ')}))
          ${type ? sql`and sd.entity_type = ${type}` : sql``} order by ctid`.execute(db)
      ).rows.map((r) => Number(r.id));
    const viaIndexes = async (where: ReturnType<typeof fullTextCondition>, type?: string) =>
      db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        return (await sql<{ id: number }>`select id from search_documents sd where ${where} ${type ? sql`and sd.entity_type = ${type}` : sql``} order by ctid`.execute(trx)).rows.map((r) => Number(r.id));
      });
    const terms = ['m', 'ma', 'mar', 'mari', 'maris', 'marisc', 'marisco', 'mariscos', 'mariscosp', 'mariscospaz7', 'mariajesuspazos3', 'pa', 'paz', 'pazo', 'a', 'cl0008', 'cl0008000', '611', '34611223344', 'info', 'zz'];
    for (const term of terms) {
      expect(await viaIndexes(fullTextCondition(dialect, [term])), term).toEqual(await truth([term]));
      for (const type of ['customer', 'contact', 'unit', 'incident']) expect(await viaIndexes(fullTextCondition(dialect, [term], type), type), `${term} ${type}`).toEqual(await truth([term], type));
      const any = fullTextAnySource(dialect, [term, 'zz'], 'incident');
      expect((await sql<{ id: number }>`select sd.id from ${any.from} where ${any.where} order by id`.execute(db)).rows.map((r) => Number(r.id)), term).toEqual((await truth([term], 'incident')).sort((x, y) => x - y));
    }
    for (const pair of [['mar', 'paz'], ['maria', 'pazos'], ['marisq', 'paz'], ['m', 'p'], ['mari', 'jesus'], ['mar', 'ortiz']]) {
      expect(await viaIndexes(fullTextCondition(dialect, pair)), pair.join(' ')).toEqual(await truth(pair));
      // The rare-terms read (one term asked of the other types' index, every term checked after).
      expect(await find(pair.join(' '))).toEqual(await (async () => {
        const source = fullTextSource(dialect, pair);
        const { rows } = await sql<{ entity_type: string; entity_id: number; title: string }>`select sd.entity_type, sd.entity_id, sd.title from ${source.from} where ${source.where} limit 100`.execute(db);
        return rankByTitle(rows, pair).slice(0, 20).map((r) => `${r.entity_type}:${r.entity_id}`);
      })());
    }
    // Both partial indexes answer one match (a bitmap OR), as on a large table.
    const plan = await db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      return (await sql<{ 'QUERY PLAN': string }>`explain select id from search_documents sd where ${fullTextCondition(dialect, ['mari', 'paz'])}`.execute(trx)).rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/BitmapOr[\s\S]*search_documents_prefix_idx[\s\S]*search_documents_other_tsv_idx|BitmapOr[\s\S]*search_documents_other_tsv_idx[\s\S]*search_documents_prefix_idx/);
    expect(plan).toMatch(/search_prefixes\(tsv\) @@ '''mari'' & ''paz'''/);
    for (const [type, id] of [['customer', 8000], ['contact', 8001], ['contact', 8002], ['unit', 8003], ['incident', 8004]] as const) await removeDocument(ctx, type, id);
  });

  it('needs a session and a query', async () => {
    expect((await t.anonymous.get('/search?q=x')).status).toBe(401);
    const empty = await t.admin.get('/search?q=');
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].field).toBe('q');
  });
});
