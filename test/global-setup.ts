import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../src/server/db/database.ts';
import { findPgBin, type PgCluster, startPgCluster } from './pg-cluster.ts';
import { createSqliteTemplate } from './sqlite-template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplateUrl: string | null;
  }
}

let cluster: PgCluster | undefined;
let removeSqliteTemplate: (() => void) | undefined;

export async function setup(project: TestProject) {
  // SQLite: one migrated file that each test app copies (test/sqlite-template.ts).
  const sqlite = await createSqliteTemplate();
  removeSqliteTemplate = sqlite.remove;
  project.provide('sqliteTemplate', { starter: sqlite.starter, empty: sqlite.empty });
  // ATIENDE_TEST_DB=sqlite (or postgres) runs the API suites on that engine only.
  if (process.env.ATIENDE_TEST_DB === 'sqlite') {
    project.provide('pgTemplateUrl', null);
    return;
  }
  const bin = findPgBin();
  if (!bin) {
    const message = 'PostgreSQL server binaries not found (apt-get install postgresql): API tests run on SQLite only.';
    if (process.env.CI === 'true') throw new Error(`CI=true and ${message}`);
    console.warn(`\n\x1b[41m\x1b[37m SKIPPING POSTGRESQL \x1b[0m ${message}\n`);
    project.provide('pgTemplateUrl', null);
    return;
  }
  cluster = await startPgCluster(bin);
  const admin = new pg.Client({ connectionString: cluster.url('postgres') });
  await admin.connect();
  await admin.query('create database atiende_template');
  await admin.end();
  // Migrate once; every test file clones this database (CREATE DATABASE … TEMPLATE).
  const db = await createDatabase({ dialect: 'postgres', url: cluster.url('atiende_template') });
  await db.destroy();
  // Two templates: as migrated (with the starter configuration a fresh install has) and with empty
  // configuration tables, which is what most suites want (see createTestApp's `starterConfiguration`).
  const again = new pg.Client({ connectionString: cluster.url('postgres') });
  await again.connect();
  await again.query('create database atiende_template_starter template atiende_template');
  await again.end();
  const template = new pg.Client({ connectionString: cluster.url('atiende_template') });
  await template.connect();
  await template.query('delete from catalog_entries');
  await template.end();
  project.provide('pgTemplateUrl', cluster.url('atiende_template'));
}

export async function teardown() {
  cluster?.stop();
  removeSqliteTemplate?.();
}
