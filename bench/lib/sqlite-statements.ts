/** The `--statements` option of the bench tools on SQLite: every statement better-sqlite3 runs, timed, by SQL text. */
import SqliteDatabase from 'better-sqlite3';

/** Wraps the statement methods (run, get, all) of every better-sqlite3 connection so each call reports its SQL text, its time and its result (undefined when it threw). */
export function onSqliteStatement(report: (source: string, ms: number, result: unknown) => void): void {
  const probe = new SqliteDatabase(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...a: unknown[]) => unknown>;
  probe.close();
  for (const method of ['run', 'get', 'all']) {
    const original = proto[method]!;
    proto[method] = function (this: { source: string }, ...a: unknown[]) {
      const start = performance.now();
      let result: unknown;
      try {
        result = original.apply(this, a);
        return result;
      } finally {
        report(this.source, performance.now() - start, result);
      }
    };
  }
}

/** Per SQL text, how many times it ran and its milliseconds in all, from now on (clear the map after a warm-up). */
export function timeSqliteStatements(): Map<string, { n: number; ms: number }> {
  const stats = new Map<string, { n: number; ms: number }>();
  onSqliteStatement((source, ms) => {
    const s = stats.get(source) ?? { n: 0, ms: 0 };
    s.n++;
    s.ms += ms;
    stats.set(source, s);
  });
  return stats;
}
