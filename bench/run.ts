/**
 * The Atiende benchmark: starts Atiende (buildApp + listen on 127.0.0.1) on a generated dataset
 * and a plain Fastify instance (the ceiling) in this process, then drives each scenario with
 * autocannon from a separate process, for a bounded time. Results go to bench/results/<engine>.json
 * and bench/RESULTS.md.
 *
 *   node --import tsx bench/run.ts --engine sqlite            (generates bench/data/bench.db if needed)
 *   node --import tsx bench/run.ts --engine postgres          (throwaway cluster: generate, measure, stop)
 *   node --import tsx bench/run.ts --engine postgres --url postgres://…   (generates when empty)
 *   options: --customers 200000 --units 1000000 --duration 10 --warmup 2 --connections 10
 *            --workers N (Atiende and the bare ceiling alike; default one per core)
 *            --scenarios search,customer-detail --regenerate --no-write
 *            --render (only rewrite RESULTS.md from bench/results/*.json and analysis.md)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.ts';
import { parseWorkers } from '../src/server/cluster.ts';
import type { Config } from '../src/server/config.ts';
import { createDatabase, type Database } from '../src/server/db/database.ts';
import { benchArgs, benchConfig, runMain, scenarioContext } from './args.ts';
import { BENCH_DIR } from './generate.ts';
import { areaCounts } from './areas-data.ts';
import { benchToken, counts, prepareDataset } from './lib/dataset.ts';
import { fmt } from './lib/progress.ts';
import { type BenchServer, runLoad, startServer } from './lib/processes.ts';
import { SCENARIOS } from './scenarios/index.ts';
import type { Goal, ScenarioResult } from './scenarios/types.ts';

type EngineName = 'sqlite' | 'postgres';

export type RunRecord = {
  engine: EngineName;
  engineVersion: string;
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; os: string; loadAverageBefore: number[] };
  dataset: {
    customers: number; contacts: number; units: number; contracts: number; items: number; searchDocuments: number; generatedSeconds: number | null;
    /** The area data (bench/areas-data.ts), when there. */
    areas?: Awaited<ReturnType<typeof areaCounts>>;
  };
  settings: { connections: number; durationSeconds: number; warmupSeconds: number; logLevel: string; notes: string[]; workers?: number };
  results: ScenarioResult[];
  goals: Goal[];
};

const args = benchArgs({
  customers: { type: 'string', default: '200000' },
  units: { type: 'string', default: '1000000' },
  duration: { type: 'string', default: '10' },
  warmup: { type: 'string', default: '2' },
  connections: { type: 'string', default: '10' },
  workers: { type: 'string' },
  scenarios: { type: 'string' },
  regenerate: { type: 'boolean', default: false },
  'no-write': { type: 'boolean', default: false },
  render: { type: 'boolean', default: false },
});

const RESULTS_DIR = path.join(BENCH_DIR, 'results');
const WORKERS = parseWorkers(args.workers);

const wanted = { customers: Number(args.customers), units: Number(args.units) };

/** The server settings that decide what a write costs, as the server reports them. */
async function pgSettings(database: Database): Promise<string> {
  const out: string[] = [];
  for (const name of ['fsync', 'synchronous_commit', 'shared_buffers']) {
    const { rows } = await sql<Record<string, string>>`select current_setting(${name}) as v`.execute(database.db);
    out.push(`${name}=${rows[0].v}`);
  }
  return out.join(', ');
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadAverageBefore: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

async function runEngine(engine: EngineName): Promise<RunRecord> {
  const dataset = await prepareDataset(engine, { file: args.file!, url: args.url, regenerate: args.regenerate!, ...wanted });
  const logLevel = 'warn';
  const config = benchConfig(dataset.config, logLevel);
  const database = await createDatabase(config.database);
  // This in-process app only prepares the requests (follows cursors, checks they answer 2xx);
  // the measured servers run in their own processes.
  const app = await buildApp({ config, database, serveWeb: false });
  let atiende: BenchServer | undefined;
  let bare: BenchServer | undefined;
  try {
    const engineVersion =
      engine === 'sqlite'
        ? `SQLite ${(await sql<{ v: string }>`select sqlite_version() as v`.execute(database.db)).rows[0].v}`
        : `PostgreSQL ${(await sql<{ server_version: string }>`show server_version`.execute(database.db)).rows[0].server_version}`;
    const dataCounts = await counts(database);
    const token = await benchToken(database, config);
    // Scenarios of another role (the reports: a supervisor) carry that user's token.
    const roleHeaders = new Map<string, Record<string, string>>();
    const headersOf = async (role: 'agent' | 'supervisor' = 'agent') => {
      if (role === 'agent') return headers;
      if (!roleHeaders.has(role)) roleHeaders.set(role, { ...headers, authorization: `Bearer ${await benchToken(database, config, role)}` });
      return roleHeaders.get(role)!;
    };
    atiende = await startServer('atiende', { workers: WORKERS, config });
    bare = await startServer('bare', { workers: WORKERS });
    const atiendeUrl = atiende.url;
    const bareUrl = bare.url;
    const headers = { authorization: `Bearer ${token}`, 'accept-language': 'es' };

    const ctx = scenarioContext(database, app, headers);

    const record: RunRecord = {
      engine,
      engineVersion,
      startedAt: new Date().toISOString(),
      machine: machine(),
      dataset: { ...dataCounts, generatedSeconds: dataset.generatedSeconds, areas: await areaCounts(database) },
      settings: {
        connections: Number(args.connections),
        durationSeconds: Number(args.duration),
        warmupSeconds: Number(args.warmup),
        logLevel,
        workers: WORKERS,
        notes:
          engine === 'sqlite'
            ? ['SQLite as shipped: WAL, synchronous=FULL, one connection (better-sqlite3).']
            : [`${args.url ? 'PostgreSQL server at --url' : 'Throwaway PostgreSQL cluster started by the harness'} (${await pgSettings(database)}); pool of 10 connections.`],
      },
      results: [],
      goals: [],
    };
    const only = args.scenarios ? new Set(args.scenarios.split(',')) : undefined;
    const failed: string[] = [];
    const byName = new Map<string, ScenarioResult>();
    for (const scenario of SCENARIOS) {
      if (only && !only.has(scenario.name)) continue;
      const base = { name: scenario.name, title: scenario.title };
      const empty = { requestsPerSecond: 0, totalRequests: 0, latency: { p50: 0, p90: 0, p99: 0, max: 0, mean: 0 }, errors: 0, timeouts: 0, non2xx: 0, durationSeconds: 0, connections: 0, distinctRequests: 0 };
      let requests;
      try {
        requests = await scenario.requests(ctx);
      } catch (e) {
        const r = { ...base, ...empty, skipped: `preparing failed: ${(e as Error).message}` };
        record.results.push(r);
        byName.set(scenario.name, r);
        failed.push(`${scenario.name}: ${r.skipped}`);
        console.error(`${scenario.name}: FAILED, not measured (${r.skipped})`);
        continue;
      }
      // Refuse to measure error pages: the first requests must answer 2xx with a body (a GET's
      // JSON not empty); a scenario that does not is reported, and the run exits non-zero.
      const scenarioHeaders = await headersOf(scenario.role);
      let failure: string | undefined;
      if (scenario.target !== 'bare') {
        for (const req of requests.slice(0, 25)) {
          const res = await app.inject({ method: req.method ?? 'GET', url: req.path, headers: scenarioHeaders, ...(req.body === undefined ? {} : { payload: req.body as object }) });
          if (res.statusCode >= 300) {
            failure = `${req.method ?? 'GET'} ${req.path} answered ${res.statusCode}: ${res.body.slice(0, 200)}`;
            break;
          }
          if ((req.method ?? 'GET') === 'GET' && emptyAnswer(res.body)) {
            failure = `GET ${req.path} answered ${res.statusCode} with an empty body: ${res.body.slice(0, 200)}`;
            break;
          }
        }
      }
      if (!requests.length || failure) {
        const r = { ...base, ...empty, skipped: failure ?? 'no requests' };
        record.results.push(r);
        byName.set(scenario.name, r);
        failed.push(`${scenario.name}: ${r.skipped}`);
        console.error(`${scenario.name}: FAILED, not measured (${r.skipped})`);
        continue;
      }
      const at = new Date().toISOString();
      const load = Math.round(os.loadavg()[0] * 10) / 10;
      process.stdout.write(`${scenario.name}: load ${load}, ${fmt(requests.length)} distinct requests, ${args.warmup} s warm-up + ${args.duration} s… `);
      const result = await runLoad({
        url: scenario.target === 'bare' ? bareUrl : atiendeUrl,
        connections: scenario.connections ?? Number(args.connections),
        duration: Number(args.duration),
        warmup: Number(args.warmup),
        headers: scenarioHeaders,
        requests,
      });
      const r: ScenarioResult = { ...base, ...result, distinctRequests: requests.length, at, load };
      record.results.push(r);
      byName.set(scenario.name, r);
      console.log(`${fmt(Math.round(r.requestsPerSecond))} req/s, p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, p99 ${r.latency.p99} ms${r.non2xx ? `, ${fmt(r.non2xx)} non-2xx` : ''}${r.errors ? `, ${r.errors} errors` : ''}`);
      if (r.non2xx) {
        failed.push(`${scenario.name}: ${fmt(r.non2xx)} of ${fmt(r.totalRequests)} answers were not 2xx`);
        console.error(`${scenario.name}: FAILED, ${fmt(r.non2xx)} answers were not 2xx (the figures above include error pages)`);
      }
    }
    for (const scenario of SCENARIOS) {
      const r = byName.get(scenario.name);
      const goal = r && judged(r, scenario.goal?.(r, byName));
      if (goal) record.goals.push(goal);
    }
    if (failed.length) {
      console.error(`\n${failed.length} scenario(s) FAILED:\n${failed.map((f) => `  - ${f}`).join('\n')}`);
      process.exitCode = 1;
    }
    return record;
  } finally {
    await bare?.stop();
    await atiende?.stop();
    await app.close();
    await database.destroy();
    dataset.stop?.();
  }
}

function cell(n: number, digits = 0) {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function renderResults(records: RunRecord[]): string {
  const lines: string[] = [
    '# Atiende benchmark results',
    '',
    'Generated by `bench/run.ts` (do not edit by hand: hand-written sections live in `bench/results/*.md`; `--render` rebuilds this file).',
    'Reproduce: `node --import tsx bench/run.ts --engine sqlite` and `node --import tsx bench/run.ts --engine postgres`',
    '(the first run generates the dataset; see bench/README.md).',
    '',
    'Goals on this machine at 200,000 customers / 1,000,000 units: customer detail ≥ 25 % of the bare-Fastify',
    'requests per second, search p99 < 50 ms, on both engines.',
    '',
  ];
  for (const r of records) {
    const m = r.machine;
    lines.push(
      `## ${r.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'} — ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
      '',
      `- Machine: ${m.cpus} cores (${m.cpuModel}), ${m.memoryGb} GB RAM, ${m.os}, Node ${m.node}; load average before the run ${m.loadAverageBefore.join(' / ')} (shared machine)`,
      `- Engine: ${r.engineVersion}. ${r.settings.notes.join(' ')}`,
      `- Dataset: ${fmt(r.dataset.customers)} customers, ${fmt(r.dataset.contacts)} contacts, ${fmt(r.dataset.units)} units, ${fmt(r.dataset.contracts)} contracts, ${fmt(r.dataset.items)} items, ${fmt(r.dataset.searchDocuments)} search documents${r.dataset.generatedSeconds !== null ? ` (generated in ${Math.round(r.dataset.generatedSeconds)} s)` : ''}${
        r.dataset.areas
          ? `; ${fmt(r.dataset.areas.incidents)} incidents (${fmt(r.dataset.areas.openIncidents)} open), ${fmt(r.dataset.areas.clocks)} SLA clocks, ${fmt(r.dataset.areas.supplies)} supply lines, ${fmt(r.dataset.areas.invoices)} invoices, ${fmt(r.dataset.areas.payments)} payments, ${fmt(r.dataset.areas.calls)} calls`
          : ''
      }`,
      '- Each row says when it ran and the 1-minute load average just before (2 cores): rows kept from an earlier run of this engine keep their own time and load.',
      `- Load: autocannon in a separate process, ${r.settings.connections} connections, ${r.settings.warmupSeconds} s warm-up then ${r.settings.durationSeconds} s per scenario, 127.0.0.1 only; Atiende log level ${r.settings.logLevel}, background jobs off; ${r.settings.workers ? `Atiende and the bare ceiling each in ${r.settings.workers} worker process${r.settings.workers > 1 ? 'es' : ''} (\`serve --workers ${r.settings.workers}\`)` : 'Atiende and the bare ceiling in the harness process'}`,
      '',
      '| Scenario | req/s | p50 ms | p90 ms | p99 ms | max ms | requests | non-2xx | errors | conns | at (UTC) | load |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|',
      ...r.results.map((s) =>
        s.skipped
          ? `| ${s.title} | skipped: ${s.skipped.replace(/\|/g, '\\|').replace(/\n/g, ' ')} | | | | | | | | | ${s.at?.slice(0, 16).replace('T', ' ') ?? ''} | ${s.load ?? ''} |`
          : `| ${s.title} | ${cell(s.requestsPerSecond)} | ${s.latency.p50} | ${s.latency.p90} | ${s.latency.p99} | ${s.latency.max} | ${fmt(s.totalRequests)} | ${fmt(s.non2xx)} | ${s.errors + s.timeouts} | ${s.connections} | ${(s.at ?? r.startedAt).slice(0, 16).replace('T', ' ')} | ${s.load ?? m.loadAverageBefore[0]} |`,
      ),
      '',
      ...(r.goals.length ? ['| Goal | measured | met |', '|---|---:|:---:|', ...r.goals.map((g) => `| ${g.description} | ${g.measured} | ${g.met ? 'yes' : '**no**'} |`), ''] : []),
    );
  }
  // Hand-written sections: the analysis first, then each area's notes (bench/results/<area>.md).
  const notes = fs.existsSync(RESULTS_DIR) ? fs.readdirSync(RESULTS_DIR).filter((f) => f.endsWith('.md')).sort((a, b) => (a === 'analysis.md' ? -1 : b === 'analysis.md' ? 1 : a.localeCompare(b))) : [];
  for (const f of notes) lines.push(fs.readFileSync(path.join(RESULTS_DIR, f), 'utf8').trim(), '');
  return lines.join('\n');
}

/** The goal a scenario gave in a recorded run. */
function goalOf(name: string, run: RunRecord) {
  const scenario = SCENARIOS.find((s) => s.name === name);
  const r = run.results.find((x) => x.name === name);
  if (!scenario?.goal || !r) return undefined;
  return judged(r, scenario.goal(r, new Map(run.results.map((x) => [x.name, x]))));
}

/** An answer with nothing in it: no body, or JSON that is null, `{}` or `[]`. */
function emptyAnswer(body: string): boolean {
  if (!body.trim()) return true;
  try {
    const v = JSON.parse(body) as unknown;
    return v === null || (typeof v === 'object' && Object.keys(v as object).length === 0);
  } catch {
    return false;
  }
}

/** A scenario none of whose requests answered (autocannon gives up after 10 s) meets no goal. */
function judged(r: ScenarioResult, goal: Goal | undefined): Goal | undefined {
  if (goal && !r.skipped && r.non2xx > 0) return { ...goal, met: false, measured: `${goal.measured}, but ${fmt(r.non2xx)} answers were not 2xx` };
  if (!goal || r.skipped || r.totalRequests > 0) return goal;
  return { ...goal, met: false, measured: `no answer within 10 s (${r.errors + r.timeouts} requests gave up)` };
}

function writeResults(record?: RunRecord) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  if (record) {
    // A run of some scenarios keeps the other scenarios' last figures (each row carries its own time and load).
    const file = path.join(RESULTS_DIR, `${record.engine}.json`);
    if (fs.existsSync(file)) {
      const before = JSON.parse(fs.readFileSync(file, 'utf8')) as RunRecord;
      const ran = new Set(record.results.map((r) => r.name));
      const order = SCENARIOS.map((s) => s.name);
      const kept = before.results.filter((r) => !ran.has(r.name)).map((r) => ({ ...r, at: r.at ?? before.startedAt, load: r.load ?? before.machine.loadAverageBefore[0] }));
      record.results = [...kept, ...record.results].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
      record.goals = SCENARIOS.map((s) => goalOf(s.name, record)).filter((g): g is Goal => Boolean(g));
    }
    fs.writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  }
  const records = (['sqlite', 'postgres'] as const)
    .map((e) => path.join(RESULTS_DIR, `${e}.json`))
    .filter((f) => fs.existsSync(f))
    .map((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as RunRecord)
    // Goals judged again from the recorded figures, with today's rules.
    .map((r) => ({ ...r, goals: SCENARIOS.map((s) => goalOf(s.name, r)).filter((g): g is Goal => Boolean(g)) }));
  fs.writeFileSync(path.join(BENCH_DIR, 'RESULTS.md'), renderResults(records));
}

async function main() {
  if (args.render) {
    // Only re-render RESULTS.md from the recorded JSON and the analysis (after editing analysis.md).
    writeResults();
    return;
  }
  const engines: EngineName[] = args.engine === 'both' ? ['sqlite', 'postgres'] : [args.engine as EngineName];
  for (const engine of engines) {
    if (engine !== 'sqlite' && engine !== 'postgres') throw new Error('--engine must be sqlite, postgres or both');
    console.log(`\n== ${engine}: ${fmt(wanted.customers)} customers, ${fmt(wanted.units)} units ==`);
    const record = await runEngine(engine);
    for (const g of record.goals) console.log(`goal: ${g.description}: ${g.measured} → ${g.met ? 'met' : 'NOT met'}`);
    if (!args['no-write']) writeResults(record);
  }
  if (!args['no-write']) console.log(`\nwritten: ${path.join(BENCH_DIR, 'RESULTS.md')}`);
}

runMain(main);
