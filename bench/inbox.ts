/**
 * The call inbox one request at a time (issue 16): for each kind of request of the
 * `calls-pending-now` scenario — the first page of "pending now for me and my groups", the next
 * pages (real cursors) and the badge counts — the Node CPU and wall time per request (best of
 * --rounds rounds), and every SQL statement it runs with its time, on either engine: better-sqlite3
 * statements are timed in process, PostgreSQL ones from sending to the answer (`pg` Client.query).
 *
 *   node --import tsx bench/inbox.ts --engine sqlite --file /work/wt-speed/bench/data/bench.db
 *   node --import tsx bench/inbox.ts --engine postgres --url postgres://postgres@127.0.0.1:5432/atiende_bench
 *   options: --rounds 5 --per-round 200
 *
 * The load average is printed beside each figure: on a shared machine, compare CPU per request of
 * two trees run back to back, not wall times.
 */
import os from 'node:os';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { benchArgs, openBench, runMain, scenarioContext } from './args.ts';

const args = benchArgs({
  rounds: { type: 'string', default: '5' },
  'per-round': { type: 'string', default: '200' },
});

const times = new Map<string, { n: number; ms: number }>();
let recording = false;
const record = (text: string, t0: number) => {
  if (!recording) return;
  const e = times.get(text) ?? { n: 0, ms: 0 };
  e.n++;
  e.ms += performance.now() - t0;
  times.set(text, e);
};

// SQLite: every statement run through a prepared better-sqlite3 statement.
const sqliteProto = (SqliteDatabase as unknown as { prototype: { prepare: (s: string) => any } }).prototype;
const prepare = sqliteProto.prepare;
sqliteProto.prepare = function (this: unknown, source: string) {
  const st = prepare.call(this, source);
  for (const m of ['all', 'run', 'get'] as const) {
    const f = st[m].bind(st);
    st[m] = (...a: unknown[]) => {
      const t0 = performance.now();
      try {
        return f(...a);
      } finally {
        record(source, t0);
      }
    };
  }
  return st;
};

// PostgreSQL: every query a pooled client sends (text or { text } config), timed to its answer.
const pgProto = pg.Client.prototype as unknown as { query: (...a: any[]) => any };
const pgQuery = pgProto.query;
pgProto.query = function (this: unknown, ...a: any[]) {
  const text: string = typeof a[0] === 'string' ? a[0] : a[0]?.text;
  const t0 = performance.now();
  const r = pgQuery.apply(this, a);
  if (text && r && typeof r.then === 'function') return r.finally(() => record(text, t0));
  return r;
};

async function main() {
  const dbConfig = args.engine === 'postgres' ? { dialect: 'postgres' as const, url: args.url! } : { dialect: 'sqlite' as const, file: args.file! };
  process.env.ATIENDE_BENCH_CALLS ??= '0';
  const { SCENARIOS } = await import('./scenarios/index.ts');
  const { database, app, headers } = await openBench(dbConfig);
  const ctx = scenarioContext(database, app, headers);
  const perRound = Number(args['per-round']);
  try {
    const scenario = SCENARIOS.find((s) => s.name === 'calls-pending-now')!;
    const requests = (await scenario.requests(ctx)).map((r) => r.path);
    const kinds: Array<[string, string[]]> = [
      ['first page', requests.filter((p) => p.includes('view=now') && !p.includes('cursor='))],
      ['next pages', requests.filter((p) => p.includes('cursor='))],
      ['counts', requests.filter((p) => p.endsWith('/calls/counts'))],
    ];
    for (const [kind, paths] of kinds) {
      if (!paths.length) continue;
      for (const p of paths) {
        const res = await app.inject({ url: p, headers });
        if (res.statusCode !== 200) throw new Error(`${p}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
      let bestWall = Infinity;
      let bestCpu = Infinity;
      const load = os.loadavg()[0]!;
      for (let round = 0; round < Number(args.rounds); round++) {
        // The statements of the last round only (the warmest).
        times.clear();
        recording = round === Number(args.rounds) - 1;
        const cpu0 = process.cpuUsage();
        const start = performance.now();
        for (let k = 0; k < perRound; k++) await app.inject({ url: paths[k % paths.length]!, headers });
        const cpu = process.cpuUsage(cpu0);
        bestWall = Math.min(bestWall, (performance.now() - start) / perRound);
        bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1000 / perRound);
      }
      recording = false;
      const sqlMs = [...times.values()].reduce((a, b) => a + b.ms, 0) / perRound;
      const statements = [...times.values()].reduce((a, b) => a + b.n, 0) / perRound;
      console.log(
        `${kind} (${args.engine}, ${paths.length} distinct, best of ${args.rounds} × ${perRound}, load ${load.toFixed(1)}): ` +
          `${bestWall.toFixed(3)} ms wall, ${bestCpu.toFixed(3)} ms Node CPU per request; ${statements.toFixed(2)} statements, SQL ${sqlMs.toFixed(3)} ms per request (last round)`,
      );
      for (const [text, t] of [...times].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8)) {
        console.log(`   ${(t.ms / t.n).toFixed(3)} ms × ${(t.n / perRound).toFixed(2)}  ${text.replace(/\s+/g, ' ').slice(0, 160)}`);
      }
    }
  } finally {
    await app.close();
    await database.destroy();
  }
}

runMain(main);
