/**
 * The database a benchmark measures: the SQLite file reused when it already holds the requested
 * dataset (generated otherwise), or PostgreSQL at a URL (generated when empty) or in a throwaway
 * cluster (test/pg-cluster.ts) that the caller stops with `stop()`.
 */
import fs from 'node:fs';
import pg from 'pg';
import { findPgBin, type PgCluster, startPgCluster } from '../../test/pg-cluster.ts';
import type { DatabaseConfig } from '../../src/server/config.ts';
import type { Config } from '../../src/server/config.ts';
import { systemCtx } from '../../src/server/context.ts';
import { createDatabase, type Database } from '../../src/server/db/database.ts';
import { SYSTEM_ACTOR } from '../../src/server/modules/auth/actor.ts';
import { createToken } from '../../src/server/modules/auth/api-tokens.service.ts';
import { randomToken } from '../../src/server/modules/auth/auth.service.ts';
import { createUser } from '../../src/server/modules/users/users.service.ts';
import { generateDataset, removeSqliteFiles } from '../generate.ts';
import { fmt } from './progress.ts';

export async function counts(database: Database) {
  const count = async (table: 'customers' | 'contacts' | 'units' | 'contracts' | 'items' | 'search_documents') =>
    Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return {
    customers: await count('customers'),
    contacts: await count('contacts'),
    units: await count('units'),
    contracts: await count('contracts'),
    items: await count('items'),
    searchDocuments: await count('search_documents'),
  };
}

/** The database to measure: reused when it already holds the requested dataset, generated otherwise. */
export async function prepareDataset(
  engine: 'sqlite' | 'postgres',
  args: { file: string; url?: string; regenerate: boolean; customers: number; units: number },
): Promise<{ config: DatabaseConfig; generatedSeconds: number | null; stop?: () => void }> {
  const wanted = { customers: args.customers, units: args.units };
  if (engine === 'sqlite') {
    const config: DatabaseConfig = { dialect: 'sqlite', file: args.file };
    if (!args.regenerate && fs.existsSync(args.file)) {
      const database = await createDatabase(config);
      const c = await counts(database);
      await database.destroy();
      if (c.customers === wanted.customers && c.units === wanted.units) return { config, generatedSeconds: null };
      console.log(`existing ${args.file} has ${fmt(c.customers)} customers / ${fmt(c.units)} units: regenerating`);
    }
    removeSqliteFiles(args.file);
    const info = await generateDataset(config, wanted);
    return { config, generatedSeconds: info.seconds };
  }
  let cluster: PgCluster | undefined;
  let url = args.url;
  if (!url) {
    const bin = findPgBin();
    if (!bin) throw new Error('PostgreSQL server binaries not found: install postgresql or pass --url');
    console.log('starting a throwaway PostgreSQL cluster…');
    cluster = await startPgCluster(bin);
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    await admin.query('create database atiende_bench');
    await admin.end();
    url = cluster.url('atiende_bench');
  }
  const config: DatabaseConfig = { dialect: 'postgres', url };
  const database = await createDatabase(config);
  const c = await counts(database);
  await database.destroy();
  let generatedSeconds: number | null = null;
  if (c.customers === 0) generatedSeconds = (await generateDataset(config, wanted)).seconds;
  else if (c.customers !== wanted.customers || c.units !== wanted.units) console.log(`note: ${url} holds ${fmt(c.customers)} customers / ${fmt(c.units)} units; measuring that`);
  return { config, generatedSeconds, stop: cluster?.stop };
}


/**
 * A user and API token for the run: an agent by default (the role that uses these screens all
 * day); `supervisor` for what only supervisors see (the billing report, the dashboard). A
 * supervisor `bench-supervisor` is made once and put in the bench agent's groups, so the dashboard's
 * "mine" counts read the same groups as the agent's screens.
 */
export async function benchToken(database: Database, config: Config, role: 'agent' | 'supervisor' = 'agent'): Promise<string> {
  const username = role === 'agent' ? 'bench-agent' : `bench-${role}`;
  let user = await database.db.selectFrom('users').select(['id', 'username', 'name']).where('username', '=', username).executeTakeFirst();
  if (!user) {
    const name = role === 'agent' ? 'Benchmark agent' : 'Benchmark supervisor';
    const created = await createUser(systemCtx(database, config), { username, name, password: randomToken(16), role });
    user = { id: Number(created.id), username: created.username, name: created.name };
  }
  if (role !== 'agent') {
    const agent = await database.db.selectFrom('users').select('id').where('username', '=', 'bench-agent').executeTakeFirst();
    const mine = new Set((await database.db.selectFrom('group_members').select('group_id').where('user_id', '=', user.id).execute()).map((r) => Number(r.group_id)));
    const theirs = agent ? await database.db.selectFrom('group_members').select('group_id').where('user_id', '=', agent.id).execute() : [];
    const missing = theirs.map((r) => Number(r.group_id)).filter((g) => !mine.has(g));
    if (missing.length) await database.db.insertInto('group_members').values(missing.map((group_id) => ({ group_id, user_id: Number(user!.id) }))).execute();
  }
  const ctx = { ...systemCtx(database, config), actor: { ...SYSTEM_ACTOR, userId: user.id, username: user.username, name: user.name, role } };
  return (await createToken(ctx, { name: `bench ${new Date().toISOString()}`, role })).token;
}
