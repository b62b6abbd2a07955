import cluster from 'node:cluster';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { ROLES, type Role } from '../shared/roles.ts';
import { buildApp, WEB_DIST } from './app.ts';
import { backupSqlite, postgresBackupAdvice, restoreSqlite, sqliteFileOf } from './db/backup.ts';
import { balanceConnections, parseWorkers, startPrimary } from './cluster.ts';
import { loadConfig } from './config.ts';
import { systemCtx } from './context.ts';
import { createDatabase } from './db/database.ts';
import { describeDatabase } from './db/dialect.ts';
import { migrateToLatest } from './db/migrator.ts';
import { createUser, ensureAdmin, findUserIdByUsername, PASSWORD_MIN_LENGTH, updateUser } from './modules/users/users.service.ts';

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

/** Where the server can be reached, as a person would type it. */
function listeningAt(host: string, port: number): string[] {
  if (host === '0.0.0.0' || host === '::' || host === '') return [`http://localhost:${port}`, `http://${os.hostname()}:${port} (every network interface)`];
  return [`http://${host.includes(':') ? `[${host}]` : host}:${port}`];
}

program
  .command('serve', { isDefault: true })
  .description('Run the web UI and the API (migrates the database first)')
  .option('--demo', 'load the demo company when the database has no customers yet')
  .option('--workers <n>', 'processes answering on the one port (default: ATIENDE_WORKERS or one per core; 1 = a single process)')
  .option('--api-only', 'serve the API without the web UI (npm run dev serves the UI through Vite)')
  .action(async (opts: { demo?: boolean; workers?: string; apiOnly?: boolean }) => {
    if (cluster.isWorker) return serveWorker(Boolean(opts.apiOnly));
    if (!opts.apiOnly && !fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
      console.error(
        `\n  Atiende: the web UI is not built (no ${path.join(WEB_DIST, 'index.html')}).\n  Build it once with \`npm run build\` (needs the dev dependencies: \`npm ci\`), or start with --api-only.\n`,
      );
      process.exit(1);
    }
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
      console.log(`  Atiende listening on ${listeningAt(config.host, config.port).join(' and ')} — ${describeDatabase(config.database)}, ${workers} workers${opts.apiOnly ? ', API only' : ''}`);
      return;
    }
    const app = await buildApp({ config, database, serveWeb: !opts.apiOnly });
    stopOnSignals(app, database);
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    console.log(`  Atiende listening on ${listeningAt(config.host, port).join(' and ')} — ${describeDatabase(config.database)}${opts.apiOnly ? ', API only' : ''}`);
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
async function serveWorker(apiOnly: boolean) {
  const config = loadConfig();
  const database = await createDatabase(config.database, { migrate: false });
  const app = await buildApp({ config, database, serveWeb: !apiOnly });
  stopOnSignals(app, database);
  balanceConnections(app.server);
  await app.listen({ port: config.port, host: config.host });
}

program
  .command('migrate')
  .description('Apply pending database migrations (serve does it too) and say which')
  .action(async () => {
    const config = loadConfig();
    const database = await createDatabase(config.database, { migrate: false });
    try {
      const applied = await migrateToLatest(database.db);
      console.log(applied.length ? `Applied ${applied.length} migration(s):\n${applied.map((m) => `  ${m}`).join('\n')}` : 'Database is up to date: nothing to apply.');
    } finally {
      await database.destroy();
    }
  });

/** The configured SQLite file; on PostgreSQL, backup and restore print the pg_dump advice and exit. */
function sqliteFileOrAdvice(file: string): string {
  const database = sqliteFileOf(loadConfig().database);
  if (database) return database;
  console.error(postgresBackupAdvice(file));
  process.exit(2);
}

program
  .command('backup <file>')
  .description('Consistent copy of the SQLite database, attachments included, while the server runs (PostgreSQL: prints the pg_dump command)')
  .action((file: string) => {
    const result = backupSqlite(sqliteFileOrAdvice(file), file);
    console.log(`Backup written to ${result.file} (${(result.bytes / 1024 / 1024).toFixed(1)} MB, ${result.migrations} migrations, ${result.attachments} attachments).`);
  });

program
  .command('restore <file>')
  .description('Replace the SQLite database with a backup (stop the server first; the current database is kept beside it)')
  .action((file: string) => {
    const result = restoreSqlite(file, sqliteFileOrAdvice(file));
    console.log(`Restored ${result.file} from ${path.resolve(file)} (${result.attachments} attachments).${result.previous ? `\nThe database it replaced is kept as ${result.previous}.` : ''}\nStart the server: it applies any newer migrations.`);
  });

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

/** A password from --password, else typed (not echoed) on a terminal, else the first line of stdin. */
async function readPassword(given: string | undefined, prompt: string): Promise<string> {
  if (given !== undefined) return given;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  if (process.stdin.isTTY) {
    process.stdout.write(prompt);
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  }
  const line = await new Promise<string>((resolve) => rl.once('line', resolve).once('close', () => resolve('')));
  rl.close();
  if (process.stdin.isTTY) process.stdout.write('\n');
  return line;
}

/** The API's field errors, said in words on the command line. */
function explain(error: unknown): never {
  const e = error as { errors?: Array<{ field: string; code: string }>; code?: string; message?: string };
  if (e.errors?.some((x) => x.code === 'weak_password')) console.error(`The password must have at least ${PASSWORD_MIN_LENGTH} characters.`);
  else if (e.errors?.some((x) => x.field === 'username')) console.error('That username is taken or not valid (letters, digits, . _ -).');
  else console.error(e.errors ? JSON.stringify(e.errors) : (e.message ?? String(error)));
  process.exit(1);
}

const reports = program.command('reports').description('Report summaries');
reports
  .command('rebuild')
  .description('Recompute the report summary tables (incidents: from the incidents and their clocks; calls: from the calls; serial-gaps: repeat failures, from the incidents; free-supplies: warranty and courtesy supplies, from the supply lines; units-in-service: from the units), in the days of ATIENDE_TIME_ZONE (safe while the server runs)')
  .option('--batch <n>', 'incidents or calls per transaction', '2000')
  .option('--only <summary>', 'rebuild only this summary: incidents, calls, serial-gaps, free-supplies or units-in-service')
  .action(async (opts: { batch: string; only?: string }) => {
    const names = ['incidents', 'calls', 'serial-gaps', 'free-supplies', 'units-in-service'];
    if (opts.only !== undefined && !names.includes(opts.only)) {
      console.error(`Unknown summary '${opts.only}' (${names.join(', ')}).`);
      process.exitCode = 2;
      return;
    }
    await withDatabase(async (database, config) => {
      const { rebuildReportSummaries, rebuildSerialGapSummary } = await import('./modules/reports/summaries.service.ts');
      const { rebuildCallSummaries } = await import('./modules/reports/call-summaries.service.ts');
      const { rebuildFreeSupplies, rebuildUnitsInService } = await import('./modules/reports/root-summaries.service.ts');
      const batch = Math.max(1, Number(opts.batch) || 2000);
      let last = Date.now();
      const progress = (what: string) => (done: number) => {
        if (Date.now() - last > 5000) {
          last = Date.now();
          console.log(`  ${done} ${what}…`);
        }
      };
      if (opts.only === undefined || opts.only === 'incidents') {
        const result = await rebuildReportSummaries(systemCtx(database, config), { batch, onBatch: progress('incidents') });
        if (!result) {
          console.error('Another rebuild of the incident summaries is running (its lease has not run out); nothing done.');
          process.exitCode = 3;
          return;
        }
        console.log(`Report summaries rebuilt: ${result.incidents} incidents in ${(result.ms / 1000).toFixed(1)} s.`);
      }
      if (opts.only === undefined || opts.only === 'serial-gaps') {
        const result = await rebuildSerialGapSummary(systemCtx(database, config));
        console.log(`Serial gaps rebuilt: ${result.incidents} incidents with a serial in ${(result.ms / 1000).toFixed(1)} s.`);
      }
      if (opts.only === undefined || opts.only === 'free-supplies') {
        const result = await rebuildFreeSupplies(systemCtx(database, config));
        console.log(`Free supplies rebuilt: ${result.lines} supply lines of warranty and courtesy incidents in ${(result.ms / 1000).toFixed(1)} s.`);
      }
      if (opts.only === undefined || opts.only === 'units-in-service') {
        const result = await rebuildUnitsInService(systemCtx(database, config));
        console.log(`Units in service rebuilt: ${result.rows} item × month rows in ${(result.ms / 1000).toFixed(1)} s.`);
      }
      if (opts.only === undefined || opts.only === 'calls') {
        const result = await rebuildCallSummaries(systemCtx(database, config), { batch: batch * 2, onBatch: progress('calls') });
        if (!result) {
          console.error('Another rebuild of the calls summary is running (its lease has not run out); nothing done.');
          process.exitCode = 3;
          return;
        }
        console.log(`Calls summary rebuilt: ${result.calls} calls in ${(result.ms / 1000).toFixed(1)} s.`);
      }
    });
  });

const calls = program.command('calls').description('Incoming calls');
calls
  .command('recount')
  .description("Recompute the call inbox's pending counters per user and group from the calls (the badge reads them; safe while the server runs: writes to calls wait a moment)")
  .action(() =>
    withDatabase(async (database, config) => {
      const { recountInbox } = await import('./modules/calls/inbox-counts.ts');
      const started = Date.now();
      const pending = await recountInbox(systemCtx(database, config));
      console.log(`Call inbox counters recomputed: ${pending} pending calls in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    }),
  );

const user = program.command('user').description('Manage users');
user
  .command('passwd <username>')
  .description(`Set a user's password (at least ${PASSWORD_MIN_LENGTH} characters; typed at the prompt unless --password)`)
  .option('-p, --password <password>')
  .action((username: string, opts: { password?: string }) =>
    withDatabase(async (database, config) => {
      const ctx = systemCtx(database, config);
      const id = await findUserIdByUsername(ctx, username);
      if (!id) {
        console.error(`No user "${username}".`);
        process.exit(1);
      }
      const password = await readPassword(opts.password, `New password for ${username}: `);
      await updateUser(ctx, id, { password }).catch(explain);
      console.log(`Password of ${username} changed.`);
    }),
  );
user
  .command('add')
  .description(`Create a user (password: at least ${PASSWORD_MIN_LENGTH} characters, as in the API)`)
  .requiredOption('-u, --username <username>')
  .requiredOption('-n, --name <name>')
  .option('-p, --password <password>', 'typed at the prompt when absent')
  .option('-r, --role <role>', `one of ${ROLES.join(', ')}`, 'agent')
  .option('-e, --email <email>')
  .option('-l, --language <language>', 'es or en', 'es')
  .action((opts: { username: string; name: string; password?: string; role: string; email?: string; language: string }) =>
    withDatabase(async (database, config) => {
      if (!ROLES.includes(opts.role as Role)) throw new Error(`role must be one of ${ROLES.join(', ')}`);
      const password = await readPassword(opts.password, `Password for ${opts.username}: `);
      const created = await createUser(systemCtx(database, config), {
        username: opts.username,
        name: opts.name,
        password,
        role: opts.role as Role,
        email: opts.email,
        language: opts.language === 'en' ? 'en' : 'es',
      }).catch(explain);
      console.log(`User ${created.username} created (id ${created.id}, role ${created.role}).`);
    }),
  );

const verifactuCmd = program.command('verifactu').description('VERI*FACTU billing records');
verifactuCmd
  .command('verify')
  .description('Recompute every fingerprint and link of the billing records and the event log; exit 1 and name the first break')
  .action(() =>
    withDatabase(async (database, config) => {
      const { verifyChains } = await import('./modules/billing/verifactu.service.ts');
      const result = await verifyChains(systemCtx(database, config));
      for (const [name, check] of [['records', result.records], ['events', result.events]] as const) {
        if (check.ok) console.log(`${name}: OK, ${check.checked} checked, last fingerprint ${check.lastFingerprint || '(none)'}`);
        else {
          const b = check.firstBreak!;
          console.log(`${name}: BROKEN at #${b.seq}${b.numSerie ? ` (${b.numSerie})` : ''}: ${b.reason === 'fingerprint_mismatch' ? 'its fields do not give its fingerprint (changed)' : 'it does not link to the previous record (removed, inserted or reordered)'}; ${check.checked} checked before it`);
        }
      }
      if (!result.records.ok || !result.events.ok) process.exitCode = 1;
    }),
  );
verifactuCmd
  .command('export')
  .description("Write up to 1,000 billing records after --after-seq as one AEAT XML document to standard output (the next page's --after-seq goes to standard error)")
  .option('--after-seq <n>', 'start after this record', '0')
  .action((opts: { afterSeq: string }) =>
    withDatabase(async (database, config) => {
      const { exportXmlPage } = await import('./modules/billing/verifactu.service.ts');
      const page = await exportXmlPage(systemCtx(database, config), { afterSeq: Math.max(0, Number(opts.afterSeq) || 0) });
      process.stdout.write(page.xml);
      if (page.nextAfterSeq !== null) process.stderr.write(`More records: atiende verifactu export --after-seq ${page.nextAfterSeq}\n`);
    }),
  );

program.parseAsync(process.argv).catch((error: unknown) => {
  const e = error as { errors?: unknown; message?: string };
  console.error(e.errors ? JSON.stringify(e.errors) : (e.message ?? error));
  process.exit(1);
});
