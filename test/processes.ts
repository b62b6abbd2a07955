/**
 * Helpers for tests that run Atiende as real processes or talk to real network peers:
 *
 *   const smtp = await startSmtp();                       // a real SMTP listener on a loopback port
 *   const server = await startServer({ databaseUrl, env: { SMTP_URL: smtp.url } });
 *   await until('two e-mails', () => smtp.received.length >= 2);
 *   await stopServer(server, 'SIGKILL');
 *
 * `startServer` spawns `bin/atiende.js serve --api-only` (never the web UI: it may not be built), one
 * process unless `workers` says otherwise, with its own data folder, and waits until it answers
 * `/healthz` (or prints `readyWhen`). One process listens on a port the system gives it (PORT=0; the
 * port is read from its "Atiende listening on" line): a port found free beforehand could be taken —
 * by another test's listener or any outgoing connection — in the seconds the process takes to start,
 * and its `/healthz` then answered by someone else. Several workers share a port found free beforehand. Under a loaded 2-core machine a server can take a
 * minute to start: the default wait is three minutes, so give the hook or test room for it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

const ROOT = path.resolve(import.meta.dirname, '..');

/** A port nobody listens on right now (a listener on port 0, closed). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** One message as the SMTP listener received it: the envelope, the raw text, its Message-ID and Subject headers. */
export type ReceivedMail = { from: string; to: string[]; raw: string; messageId: string; subject: string };

export type SmtpListener = {
  port: number;
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL or `config.smtpUrl`. */
  url: string;
  received: ReceivedMail[];
  server: SMTPServer;
  close(): Promise<void>;
};

/**
 * A real SMTP listener (smtp-server) on a loopback port that records every message it accepts.
 * `port` listens on a given port (a sender that found it down retries there); `rejectRcpt` answers
 * 550 for the addresses it matches.
 */
export async function startSmtp(opts: { port?: number; rejectRcpt?: (address: string) => boolean } = {}): Promise<SmtpListener> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 20 * 1024 * 1024,
    onRcptTo(address, _session, cb) {
      if (opts.rejectRcpt?.(address.address)) return cb(Object.assign(new Error('5.1.1 Mailbox does not exist'), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          messageId: /^Message-ID:\s*(.+)$/im.exec(raw)?.[1].trim() ?? '',
          subject: /^Subject:\s*(.+)$/im.exec(raw)?.[1].trim() ?? '',
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as net.AddressInfo).port;
  return { port, url: `smtp://127.0.0.1:${port}`, received, server, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export type ServerProcess = {
  child: ChildProcess;
  port: number;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Its ATIENDE_DATA_DIR (removed by stopServer). */
  dataDir: string;
};

/**
 * Spawns `atiende serve --api-only` on `databaseUrl` and waits until it is ready: `/healthz` answers,
 * or, with `readyWhen`, its output matches (e.g. the "Atiende listening" line a `--workers 2` primary
 * prints once every worker listens). `env` adds or overrides variables (SMTP_URL, job intervals…);
 * `workers` is 1 unless told.
 */
export async function startServer(opts: { databaseUrl: string; env?: Record<string, string>; workers?: number; readyWhen?: RegExp; timeoutMs?: number }): Promise<ServerProcess> {
  const workers = opts.workers ?? 1;
  // (A cluster's primary prints the port it was given, not its workers' one: they get a free port.)
  const given = workers === 1 ? 0 : await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atiende-serve-'));
  let out = '';
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/atiende.js'), 'serve', '--api-only', ...(workers === 1 ? [] : ['--workers', String(workers)])], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: opts.databaseUrl,
      PORT: String(given),
      HOST: '127.0.0.1',
      ATIENDE_LOG_LEVEL: 'warn',
      ATIENDE_DATA_DIR: dataDir,
      ATIENDE_WORKERS: String(workers),
      ...opts.env,
    },
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const at = (port: number): ServerProcess => ({ child, port, baseUrl: `http://127.0.0.1:${port}`, output: () => out, dataDir });
  let server: ServerProcess | null = given ? at(given) : null;
  const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`atiende serve exited (${child.exitCode ?? child.signalCode}):\n${out}`);
    const listening = server ? null : /Atiende listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
    if (listening) server = at(Number(listening[1]));
    if (!server) {
      // not listening yet
    } else if (opts.readyWhen) {
      if (opts.readyWhen.test(out)) return server;
    } else {
      try {
        if ((await fetch(`${server.baseUrl}/healthz`)).ok) return server;
      } catch {
        // not listening yet
      }
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`atiende serve did not start in ${opts.timeoutMs ?? 180_000} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Sends the signal and waits for the process to exit (at once if it already has); removes its data folder. */
export async function stopServer(server: ServerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  const code = await new Promise<number | null>((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve(server.child.exitCode);
    server.child.once('exit', (c) => resolve(c));
    server.child.kill(signal);
  });
  fs.rmSync(server.dataDir, { recursive: true, force: true });
  return code;
}

/** Polls `check` every 200 ms until it holds; throws naming `what` after `ms`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
