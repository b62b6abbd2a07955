/**
 * What a cold page cache costs a group of intakes under SQLite's write lock (issue 11), in one process
 * and without HTTP or a second core: two connections to the bench file (two in-process apps, as two
 * workers of `serve` have) write groups of `--group` intakes, either always the same connection
 * (its page cache stays warm between groups) or in turns (each BEGIN finds the other's commit in the
 * log, so SQLite empties the connection's page cache, as it does for every worker at every handoff).
 * Per intake: the lock's main-thread CPU, read() calls and page faults inside it (bench/lib/lock-trace.ts).
 *
 *   node --import tsx bench/cold-cache.ts --file bench/data/bench.db [--groups 40 --group 5 --rounds 2]
 *   BENCH_SQLITE_PRAGMAS="mmap_size=0" …   (pragmas set on both connections, as serve.ts does)
 */
import { sql } from 'kysely';
import { benchArgs, openBench, runMain, scenarioContext } from './args.ts';
import { installLockTrace } from './lib/lock-trace.ts';
import { SCENARIOS } from './scenarios/index.ts';
import { checkpointing } from '../src/server/db/dialect.ts';

const args = benchArgs({
  groups: { type: 'string', default: '40' },
  group: { type: 'string', default: '5' },
  rounds: { type: 'string', default: '2' },
});

async function main() {
  checkpointing.after = 0;
  const trace = installLockTrace();
  const a = await openBench({ dialect: 'sqlite', file: args.file! });
  const b = await openBench({ dialect: 'sqlite', file: args.file! });
  for (const side of [a, b]) {
    for (const pragma of (process.env.BENCH_SQLITE_PRAGMAS ?? '').split(';').filter(Boolean)) await sql.raw(`pragma ${pragma}`).execute(side.database.db);
  }
  const requests = await SCENARIOS.find((s) => s.name === 'incidents-create')!.requests(scenarioContext(a.database, a.app, a.headers, 13));
  let next = 0;
  const group = async (side: typeof a) => {
    await Promise.all(
      Array.from({ length: Number(args.group) }, async () => {
        const r = requests[next++ % requests.length]!;
        const res = await side.app.inject({ method: 'POST', url: r.path, headers: side.headers, payload: r.body as object });
        if (res.statusCode !== 201) throw new Error(`intake answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
      }),
    );
  };
  try {
    for (let k = 0; k < 6; k++) await group(k % 2 ? b : a); // warm-up
    for (let round = 0; round < Number(args.rounds); round++) {
      for (const mode of ['same', 'turns'] as const) {
        trace.txs.length = 0;
        for (let k = 0; k < Number(args.groups); k++) await group(mode === 'turns' && k % 2 ? b : a);
        const txs = trace.txs.filter((x) => x.committed && x.rows > 0);
        const rows = txs.reduce((s, x) => s + x.rows, 0);
        const per = (f: (x: (typeof txs)[number]) => number) => txs.reduce((s, x) => s + f(x), 0) / rows;
        console.log(
          `round ${round + 1} ${mode.padEnd(5)}: ${txs.length} groups, ${(rows / txs.length).toFixed(2)} intakes per group; per intake under the lock: wall ${(per((x) => x.c1 - x.b1) / 1000).toFixed(3)} ms, main-thread CPU ${(per((x) => x.cpu) / 1000).toFixed(3)} ms, run-queue wait ${(per((x) => x.wait) / 1000).toFixed(3)} ms, read() ${per((x) => x.reads).toFixed(1)} (${(per((x) => x.readBytes) / 1024).toFixed(0)} KB), page faults ${per((x) => x.faults).toFixed(1)}`,
        );
      }
    }
  } finally {
    for (const side of [a, b]) {
      await side.app.close();
      await side.database.destroy();
    }
  }
}

runMain(main);
