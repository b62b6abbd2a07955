// Usage (from the repository, as root: PostgreSQL runs as the postgres user through runuser): mkdir -p /tmp/atiende-probe && PGBIN=/usr/lib/postgresql/15/bin REPO=$PWD node scripts/probe/pg-restart.mjs
// Probe (a)+(b): a real `atiende serve --api-only` on its own PostgreSQL cluster; 20 writers POST
// /customers with Idempotency-Key (retrying each until answered); pg_ctl restart -m fast midway.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
const BIN = process.env.PGBIN, REPO = process.env.REPO, PORT = 15432, APP = 13999;
const dir = fs.mkdtempSync('/tmp/atiende-probe/pg-'); const data = `${dir}/data`;
const asPg = (cmd, a) => execFileSync('runuser', ['-u', 'postgres', '--', `${BIN}/${cmd}`, ...a], { stdio: 'pipe', cwd: '/tmp' });
const pgc = (...a) => asPg('pg_ctl', a);
fs.chmodSync(dir, 0o777); execFileSync('chown', ['postgres', dir]); fs.chmodSync('/tmp/atiende-probe', 0o777);
asPg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
const opts = `-p ${PORT} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
pgc('-D', data, '-o', opts, '-l', `${dir}/log`, '-w', 'start');
execFileSync(`${BIN}/createdb`, ['-h', '127.0.0.1', '-p', String(PORT), '-U', 'postgres', 'probe']);
const env = { ...process.env, DATABASE_URL: `postgres://postgres@127.0.0.1:${PORT}/probe`, PORT: String(APP), HOST: '127.0.0.1', ATIENDE_ADMIN_PASSWORD: 'probe-password-123', ATIENDE_DATA_DIR: dir, ATIENDE_LOG_LEVEL: 'warn' };
const server = spawn('node', [`${REPO}/bin/atiende.js`, 'serve', '--api-only'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
let exited = null; server.on('exit', (c, s) => { exited = `${c}/${s}`; });
let log = ''; server.stdout.on('data', (d) => (log += d)); server.stderr.on('data', (d) => (log += d));
const base = `http://127.0.0.1:${APP}/api/v1`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
for (let i = 0; i < 240; i++) { if (exited) { console.log('server exited', exited, log); try { pgc('-D', data, '-m', 'immediate', 'stop'); } catch {} process.exit(1); } try { if ((await fetch(`http://127.0.0.1:${APP}/healthz`)).ok) break; } catch {} await sleep(500); }
const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'probe-password-123' }) });
const cookie = String(login.headers.get('set-cookie')).split(';')[0]; const { csrfToken } = await login.json();
const H = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
const stats = { ok: 0, s503: 0, retryAfter503: 0, other: {}, neterr: 0, replayed: 0 }; const acked = new Map(); let stop = false; let seq = 0;
const health = [];
async function writer(w) {
  while (!stop) {
    const n = seq++; const code = `P${w}-${n}`; const key = `probe-${code}`;
    for (let attempt = 0; attempt < 200; attempt++) {
      try {
        const r = await fetch(`${base}/customers`, { method: 'POST', headers: { ...H, 'idempotency-key': key }, body: JSON.stringify({ code, name: `Probe ${code}` }) });
        if (r.status === 201) { const b = await r.json(); acked.set(code, b.id); stats.ok++; if (r.headers.get('idempotent-replayed')) stats.replayed++; break; }
        if (r.status === 503) { stats.s503++; if (r.headers.get('retry-after')) stats.retryAfter503++; await r.text(); await sleep(200); continue; }
        stats.other[r.status] = (stats.other[r.status] ?? 0) + 1; console.log('other', r.status, (await r.text()).slice(0, 200)); await sleep(200);
      } catch (e) { stats.neterr++; await sleep(200); }
    }
  }
}
const writers = Array.from({ length: 20 }, (_, w) => writer(w));
await sleep(4000);
const t0 = Date.now();
pgc('-D', data, '-m', 'fast', '-w', 'stop');
for (let i = 0; i < 6; i++) { try { const r = await fetch(`http://127.0.0.1:${APP}/healthz`); health.push(`healthz ${r.status} ${await r.text()}`); const y = await fetch(`http://127.0.0.1:${APP}/readyz`); health.push(`readyz ${y.status}`); } catch (e) { health.push('health neterr ' + e.message); } await sleep(300); }
pgc('-D', data, '-o', opts, '-l', `${dir}/log`, '-w', 'start');
const down = Date.now() - t0;
await sleep(6000); stop = true; await Promise.all(writers);
// Every acknowledged write is there; no code twice.
const rows = execFileSync(`${BIN}/psql`, ['-h', '127.0.0.1', '-p', String(PORT), '-U', 'postgres', '-d', 'probe', '-At', '-c', "select code, count(*) from customers where code like 'P%' group by code"]).toString().trim().split('\n').filter(Boolean).map((l) => l.split('|'));
const present = new Map(rows.map(([c, n]) => [c, Number(n)]));
const lost = [...acked.keys()].filter((c) => !present.has(c)); const dup = rows.filter(([, n]) => Number(n) > 1);
const after = await fetch(`http://127.0.0.1:${APP}/healthz`).then((r) => r.text()).catch((e) => 'neterr ' + e.message);
console.log(JSON.stringify({ serverExited: exited, downMs: down, acked: acked.size, lost: lost.length, duplicates: dup.length, rowsP: rows.length, stats, after, health }, null, 1));
console.log('server log tail:', log.split('\n').filter((l) => /error|fatal|unhandled/i.test(l)).slice(-5).join('\n'));
server.kill('SIGTERM'); await sleep(1500); try { pgc('-D', data, '-m', 'immediate', 'stop'); } catch {}
fs.rmSync(dir, { recursive: true, force: true });
