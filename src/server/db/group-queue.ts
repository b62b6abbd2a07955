/**
 * How a group writer (group-commit.ts for intakes, companions.ts for registrations) takes its requests
 * from its queue: once the group's transaction has begun, not before. On SQLite the BEGIN may wait for
 * another process's write lock (dialect.ts withWriteLock), and the requests that arrive meanwhile join
 * the group. If that BEGIN fails instead (the lock held past its bound), the group answers the error
 * only to the requests that were already waiting when it started to wait; those that came meanwhile
 * stay queued for the next group and wait their own bound.
 */
export function groupTaker<J>(queue: J[], max = Number.POSITIVE_INFINITY) {
  const lastWaiting = queue[Math.min(queue.length, max) - 1];
  let jobs: J[] | undefined;
  return {
    /** The group's requests: taken from the queue at the first call (inside the transaction), the same ones after. */
    take: (): J[] => (jobs ??= queue.splice(0, max)),
    /** The group's requests if taken, else undefined (its transaction never began). */
    taken: (): J[] | undefined => jobs,
    /** The requests a failure of the group answers: its own once taken, else those waiting when it started. */
    failed: (): J[] => jobs ?? queue.splice(0, lastWaiting === undefined ? 0 : queue.indexOf(lastWaiting) + 1),
  };
}
