import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DB } from './schema.ts';

// The workers of `serve --workers N` as this one process sees them: what it tells its peers, and
// their messages delivered by hand (cluster.ts relays them through the primary in a real cluster).
const peers = vi.hoisted(() => ({ told: [] as string[], handlers: new Map<string, Array<(arg: unknown) => void>>() }));
vi.mock('../cluster.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../cluster.ts')>()),
  tellPeers: (topic: string) => void peers.told.push(topic),
  onPeerMessage: (topic: string, fn: (arg: unknown) => void) => {
    peers.handlers.set(topic, [...(peers.handlers.get(topic) ?? []), fn]);
    return () => {};
  },
}));
const fromPeer = (topic: string) => {
  for (const fn of peers.handlers.get(topic) ?? []) fn(undefined);
};

const { createKysely, transactionDeferringSync, whenWriteLockFree } = await import('./dialect.ts');

// SQLite, several writer processes: a worker waiting for the write lock tries it again at the next
// timer tick, or at once when the holder says at its COMMIT that the lock is free (dialect.ts).
describe('the write lock handed over at COMMIT (SQLite file, peers simulated)', () => {
  let dir: string;
  let kysely: ReturnType<typeof createKysely<DB>>;
  let other: SqliteDatabase.Database;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atiende-lockwake-'));
    const file = path.join(dir, 'w.db');
    kysely = createKysely<DB>({ dialect: 'sqlite', file });
    kysely.sqlite!.exec('create table t (n integer)');
    other = new SqliteDatabase(file, { timeout: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
    peers.told.length = 0;
  });
  afterAll(async () => {
    other.close();
    await kysely.db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const insert = (n: number, wakePeers = true) => transactionDeferringSync(kysely.db, async (trx) => void (await sql`insert into t values (${n})`.execute(trx)), { wakePeers });

  it('a group writer says nothing at its COMMIT while no peer has waited', async () => {
    await insert(1);
    expect(peers.told).toEqual([]);
  });

  it('a waiter tells its peers, and tries its BEGIN as soon as the holder says the lock is free, not at its next tick', async () => {
    // Timers frozen: the only way out of the wait is the holder's word.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    other.exec('begin immediate');
    other.exec('insert into t values (2)');
    let settled = false;
    let toldInside: string[] = [];
    const waiting = transactionDeferringSync(kysely.db, async (trx) => {
      toldInside = [...peers.told];
      await sql`insert into t values (5)`.execute(trx);
    }).then(() => (settled = true));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    expect(peers.told).toEqual(['sqlite-write-wait']);
    // A word that comes while the lock is still held: it tries, finds it busy and waits again.
    fromPeer('sqlite-write-free');
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    other.exec('commit');
    fromPeer('sqlite-write-free');
    await waiting;
    // It says it has the lock once its transaction has begun (a peer letting a turn pass may go on).
    expect(toldInside).toEqual(['sqlite-write-wait', 'sqlite-write-taken']);
    expect(peers.told).toEqual(['sqlite-write-wait', 'sqlite-write-taken']);
  });

  it('a worker told that a peer waits lets one turn pass before its group, until the peer says it has the lock', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    fromPeer('sqlite-write-wait');
    let settled = false;
    const turn = whenWriteLockFree(kysely.db).then(() => (settled = true));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    fromPeer('sqlite-write-taken');
    await turn;
  });

  it('a group writer whose peer waited lately says at its COMMIT that the lock is free, and nothing once the waits are old', async () => {
    fromPeer('sqlite-write-wait');
    await insert(3);
    expect(peers.told).toEqual(['sqlite-write-free']);
    peers.told.length = 0;
    // A writer that does not wake its peers (call registrations, companions.ts) says nothing.
    await insert(6, false);
    expect(peers.told).toEqual([]);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 1_000);
    await insert(4);
    expect(peers.told).toEqual([]);
    expect(kysely.sqlite!.prepare('select n from t order by n').pluck().all()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
