/**
 * `atiende serve --workers N`: N processes answer on one port (node:cluster; the primary accepts
 * connections and hands them round-robin to the workers). Nothing in a worker is shared with the
 * others except the database:
 *
 * - Background jobs run in every worker; each claims its work in the database (row leases,
 *   `FOR UPDATE SKIP LOCKED` on PostgreSQL, the single writer on SQLite), so every piece of work
 *   still happens once.
 * - SQLite: every worker opens the file in WAL mode with a busy timeout and starts its write
 *   transactions with BEGIN IMMEDIATE (dialect.ts), so writers of several processes queue for the
 *   one write lock instead of failing; each process group-commits its own writes (group-commit.ts).
 * - In-memory caches (identities, configuration) are per process; an invalidation in one worker is
 *   relayed to the others through the primary (`tellPeers` / `onPeerMessage`).
 *
 * The primary only migrates, creates the first admin, forks and supervises: a worker that dies is
 * replaced, and SIGTERM/SIGINT stop every worker gracefully (each closes its server: requests in
 * flight are answered) before the primary exits.
 */
import cluster, { type Worker } from 'node:cluster';
import type net from 'node:net';
import os from 'node:os';

/** The default number of workers: one per core the process may use. */
export function defaultWorkers(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/** `--workers` / ATIENDE_WORKERS: a whole number from 1 to 64; absent means one per core. */
export function parseWorkers(value: string | undefined): number {
  if (value === undefined || value === '') return defaultWorkers();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`--workers must be a whole number from 1 to 64 (got "${value}")`);
  return n;
}

type PeerMessage = { atiendePeer: string; arg?: unknown };
const isPeerMessage = (m: unknown): m is PeerMessage => typeof m === 'object' && m !== null && typeof (m as PeerMessage).atiendePeer === 'string';

const handlers = new Map<string, Set<(arg: unknown) => void>>();
let peerListener = false;

/** In a worker: runs `fn` when another worker calls `tellPeers(topic, arg)`. Elsewhere: nothing. */
export function onPeerMessage(topic: string, fn: (arg: unknown) => void): () => void {
  if (!cluster.isWorker) return () => {};
  if (!peerListener) {
    peerListener = true;
    process.on('message', (msg: unknown) => {
      if (!isPeerMessage(msg)) return;
      for (const h of handlers.get(msg.atiendePeer) ?? []) h(msg.arg);
    });
  }
  let set = handlers.get(topic);
  if (!set) handlers.set(topic, (set = new Set()));
  set.add(fn);
  return () => set.delete(fn);
}

/** In a worker: tells every other worker (through the primary). A single process: nothing to tell. */
export function tellPeers(topic: string, arg?: unknown): void {
  if (cluster.isWorker && process.connected) process.send?.({ atiendePeer: topic, arg } satisfies PeerMessage);
}

/**
 * In a worker of `serve --workers N`: keeps this worker's share of the open connections even. The
 * primary hands each new connection to whichever worker acknowledged its last one first, so a burst
 * of connections (a proxy's keep-alive pool, a load generator's) is split by the workers' event-loop
 * timing: 10 connections opened at once went 7/3 or 3/7 in 5 of 7 trials (bench, 2 workers), and a
 * keep-alive connection stays where it landed, so one worker served 70 % of the requests with one
 * core while the other idled. Each worker tells the others how many connections it holds and sets
 * `maxConnections` to refuse one more while it holds more than its share of all of them (floor of
 * the known total / N, plus one); Node's cluster then hands the refused connection to another worker
 * (the client sees nothing). The counts a worker knows of the others may lag by a message, so a
 * connection can be refused and handed over once or twice in a burst; no worker ever holds fewer
 * than its share, so at least one always accepts. Elsewhere (no cluster, one worker): nothing.
 */
export function balanceConnections(server: net.Server): void {
  const workers = Number(process.env.ATIENDE_WORKERS ?? 1);
  if (!cluster.isWorker || !(workers > 1) || !cluster.worker || !primaryHandsOutConnections()) return;
  const me = cluster.worker.id;
  const others = new Map<number, number>();
  let mine = 0;
  const limit = () => {
    let total = mine;
    for (const n of others.values()) total += n;
    server.maxConnections = Math.floor(total / workers) + 1;
  };
  const changed = () => {
    tellPeers(CONNECTIONS, { worker: me, connections: mine });
    limit();
  };
  onPeerMessage(CONNECTIONS, (arg) => {
    const { worker, connections } = arg as { worker: number; connections: number };
    others.set(worker, connections);
    limit();
  });
  server.on('connection', (socket: net.Socket) => {
    mine++;
    socket.once('close', () => {
      mine--;
      changed();
    });
    changed();
  });
  limit();
}
const CONNECTIONS = 'atiende-connections';

/**
 * Whether the primary hands out the connections (round-robin: Node's default but on Windows, as
 * NODE_CLUSTER_SCHED_POLICY reads in the primary), so one a worker refuses goes to another. With the
 * workers accepting on the shared socket themselves (`none`) a refused connection is dropped (the
 * client sees a reset): then no worker refuses any.
 */
function primaryHandsOutConnections(): boolean {
  const policy = process.env.NODE_CLUSTER_SCHED_POLICY;
  return policy === 'rr' || (policy !== 'none' && process.platform !== 'win32');
}

export type PrimaryOptions = {
  workers: number;
  /** Extra environment for the workers. */
  env?: Record<string, string>;
  log?: (message: string) => void;
  /** How long a stopping worker may take before it is killed (default 15 s). */
  graceMs?: number;
  /** Stop the primary (exit 0) on SIGTERM/SIGINT after the workers (default true). */
  handleSignals?: boolean;
};

export type Primary = {
  /** Pids of the workers running now. */
  pids(): number[];
  /** Stops every worker (SIGTERM, then SIGKILL after the grace time) and waits for them. */
  stop(): Promise<void>;
};

/**
 * In the primary process: forks `workers` copies of this process (same script and arguments, so
 * the caller's code takes its worker branch with `cluster.isWorker`) and resolves once every one
 * is listening. A worker that exits while the primary is not stopping is replaced after a second;
 * if a worker fails before any worker ever listened (a port in use, a bad database URL) the
 * promise rejects instead of looping.
 */
export function startPrimary(opts: PrimaryOptions): Promise<Primary> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const graceMs = opts.graceMs ?? 15_000;
  const env = { ...opts.env, ATIENDE_WORKERS: String(opts.workers) };
  let stopping: Promise<void> | undefined;
  let everListened = false;

  // Relay cache invalidations and the like from one worker to the others.
  cluster.on('message', (from: Worker, msg: unknown) => {
    if (!isPeerMessage(msg)) return;
    for (const w of Object.values(cluster.workers ?? {})) if (w && w !== from && w.isConnected()) w.send(msg);
  });

  const stop = () => {
    stopping ??= (async () => {
      const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w) && !w!.isDead());
      await Promise.all(
        alive.map(
          (w) =>
            new Promise<void>((resolve) => {
              if (w.isDead()) return resolve();
              const kill = setTimeout(() => w.process.kill('SIGKILL'), graceMs);
              w.once('exit', () => {
                clearTimeout(kill);
                resolve();
              });
              w.process.kill('SIGTERM');
            }),
        ),
      );
    })();
    return stopping;
  };

  if (opts.handleSignals !== false) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        log(`  Atiende: ${signal}, stopping ${opts.workers} workers…`);
        void stop().then(() => process.exit(0));
      });
    }
  }

  return new Promise<Primary>((resolve, reject) => {
    let listening = 0;
    const fork = () => {
      const worker = cluster.fork(env);
      worker.once('listening', () => {
        listening++;
        if (!everListened && listening === opts.workers) {
          everListened = true;
          resolve({ pids: () => Object.values(cluster.workers ?? {}).flatMap((w) => (w?.process.pid ? [w.process.pid] : [])), stop });
        }
      });
      worker.once('exit', (code, signal) => {
        if (stopping) return;
        if (!everListened) {
          void stop().then(() => reject(new Error(`a worker exited before listening (code ${code ?? signal})`)));
          return;
        }
        log(`  Atiende: worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another`);
        setTimeout(() => {
          if (!stopping) fork();
        }, 1000).unref();
      });
    };
    for (let i = 0; i < opts.workers; i++) fork();
  });
}
