import cluster from 'node:cluster';
import { Command } from 'commander';
import { ROLES, type Role } from '../shared/roles.ts';
import { buildApp } from './app.ts';
import { parseWorkers, startPrimary } from './cluster.ts';
import { loadConfig } from './config.ts';
import { systemCtx } from './context.ts';
import { createDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrator.ts';
import { createUser, ensureAdmin } from './modules/users/users.service.ts';

const program = new Command().name('atiende').description('Atiende — service desk for after-sales technical service');

async function withDatabase<T>(fn: (db: Awaited<ReturnType<typeof createDatabase>>, config: ReturnType<typeof loadConfig>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await createDatabase(config.database);
  try {
    return await fn(database, config);
  } finally {
    await database.destroy();
  }
}

async function loadDemo(database: Awaited<ReturnType<typeof createDatabase>>, config: ReturnType<typeof loadConfig>) {
  const { loadDemoCompany } = await import('./demo/demo.ts');
  return loadDemoCompany(database, config);
}

program
  .command('serve', { isDefault: true })
  .description('Run the web UI and the API (migrates the database first)')
  .option('--demo', 'load the demo company when the database has no customers yet')
  .option('--workers <n>', 'processes answering on the one port (default: ATIENDE_WORKERS or one per core; 1 = a single process)')
  .action(async (opts: { demo?: boolean; workers?: string }) => {
    if (cluster.isWorker) return serveWorker();
    const workers = parseWorkers(opts.workers ?? process.env.ATIENDE_WORKERS);
    const config = loadConfig();
    const database = await createDatabase(config.database);
    const admin = await ensureAdmin(database, { password: config.adminPassword, timeZone: config.defaultTimeZone });
    if (admin.created && admin.password) {
      console.log(`\n  Atiende: first start — user "admin" created with password: ${admin.password}\n  (shown only once; change it after logging in)\n`);
    } else if (admin.created) {
      console.log('\n  Atiende: first start — user "admin" created with the password in ATIENDE_ADMIN_PASSWORD\n');
    }
    if (opts.demo) {
      const result = await loadDemo(database, config);
      console.log(result.loaded ? `  Demo company loaded (${result.summary}). Demo users' password: ${result.password}` : '  Demo company already present: nothing loaded.');
    }
    if (workers > 1) {
      // The primary has migrated and seeded; the workers open their own connections.
      await database.destroy();
      await startPrimary({ workers });
      console.log(`  Atiende listening on http://localhost:${config.port} (${database.dialect}, ${workers} workers)`);
      return;
    }
    const app = await buildApp({ config, database });
    stopOnSignals(app, database);
    await app.listen({ port: config.port, host: config.host });
    console.log(`  Atiende listening on http://localhost:${config.port} (${database.dialect})`);
  });

/** Closes the server (requests in flight are answered) and the database on SIGTERM/SIGINT, then exits. */
function stopOnSignals(app: Awaited<ReturnType<typeof buildApp>>, database: Awaited<ReturnType<typeof createDatabase>>) {
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void close('SIGTERM'));
  process.on('SIGINT', () => void close('SIGINT'));
}

/** One worker of `serve --workers N`: the primary has already migrated the database. */
async function serveWorker() {
  const config = loadConfig();
  const database = await createDatabase(config.database, { migrate: false });
  const app = await buildApp({ config, database });
  stopOnSignals(app, database);
  await app.listen({ port: config.port, host: config.host });
}

program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(() =>
    withDatabase(async (database) => {
      const applied = await migrateToLatest(database.db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
    }),
  );

program
  .command('demo')
  .description('Load the demo company (a realistic Spanish after-sales service)')
  .action(() =>
    withDatabase(async (database, config) => {
      const admin = await ensureAdmin(database, { password: config.adminPassword, timeZone: config.defaultTimeZone });
      if (admin.created && admin.password) console.log(`First start — user "admin" created with password: ${admin.password} (shown only once)`);
      const result = await loadDemo(database, config);
      console.log(result.loaded ? `Demo company loaded: ${result.summary}. Demo users' password: ${result.password}` : 'Demo company already present: nothing loaded.');
    }),
  );

const user = program.command('user').description('Manage users');
user
  .command('add')
  .description('Create a user')
  .requiredOption('-u, --username <username>')
  .requiredOption('-n, --name <name>')
  .requiredOption('-p, --password <password>')
  .option('-r, --role <role>', `one of ${ROLES.join(', ')}`, 'agent')
  .option('-e, --email <email>')
  .option('-l, --language <language>', 'es or en', 'es')
  .action((opts: { username: string; name: string; password: string; role: string; email?: string; language: string }) =>
    withDatabase(async (database, config) => {
      if (!ROLES.includes(opts.role as Role)) throw new Error(`role must be one of ${ROLES.join(', ')}`);
      const created = await createUser(systemCtx(database, config), {
        username: opts.username,
        name: opts.name,
        password: opts.password,
        role: opts.role as Role,
        email: opts.email,
        language: opts.language === 'en' ? 'en' : 'es',
      });
      console.log(`User ${created.username} created (id ${created.id}, role ${created.role}).`);
    }),
  );

program.parseAsync(process.argv).catch((error: unknown) => {
  const e = error as { errors?: unknown; message?: string };
  console.error(e.errors ? JSON.stringify(e.errors) : (e.message ?? error));
  process.exit(1);
});
