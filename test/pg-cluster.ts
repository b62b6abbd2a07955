/**
 * A throwaway PostgreSQL cluster for the test run: initdb in a temp folder, pg_ctl on a free
 * loopback port, trust auth, fsync off (the data is thrown away). As root the server binaries
 * refuse to run, so they run as the `postgres` user.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export type PgCluster = {
  url: (database: string) => string;
  stop: () => void;
  port: number;
  /** Stops the server with `-m fast` (every connection is cut), waits `downMs`, starts it again. Asynchronous, so the test's own server keeps serving meanwhile. */
  restart: (opts?: { downMs?: number }) => Promise<void>;
};

export function findPgBin(): string | undefined {
  const fromEnv = process.env.ATIENDE_PG_BIN;
  if (fromEnv && fs.existsSync(path.join(fromEnv, 'initdb'))) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions.length) return path.join(root, versions[0], 'bin');
  }
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (fs.existsSync(path.join(dir, 'initdb'))) return dir;
  } catch {
    // not installed
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function startPgCluster(bin: string): Promise<PgCluster> {
  const isRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atiende-pg-'));
  fs.chmodSync(dir, 0o777);
  const run = (cmd: string, args: string[]) => {
    const full = path.join(bin, cmd);
    if (isRoot) execFileSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: 'pipe', cwd: '/tmp' });
    else execFileSync(full, args, { stdio: 'pipe' });
  };
  const data = path.join(dir, 'data');
  if (isRoot) execFileSync('chown', ['postgres', dir]);
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  const opts = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=300'].join(' ');
  run('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'server.log'), '-w', 'start']);
  const runAsync = async (cmd: string, args: string[]) => {
    const full = path.join(bin, cmd);
    if (isRoot) await promisify(execFile)('runuser', ['-u', 'postgres', '--', full, ...args], { cwd: '/tmp' });
    else await promisify(execFile)(full, args);
  };
  return {
    port,
    restart: async ({ downMs = 0 } = {}) => {
      await runAsync('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await runAsync('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'server.log'), '-w', 'start']);
    },
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
