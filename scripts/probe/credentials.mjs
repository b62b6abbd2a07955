// Usage (from the repository): mkdir -p /tmp/atiende-probe && REPO=$PWD node scripts/probe/credentials.mjs
// Probes (c) and (d) against a real `atiende serve --api-only` (SQLite): old sessions after a password
// change, a demoted owner's admin token, 40 logins with rotating X-Forwarded-For.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
const REPO = process.env.REPO, APP = 13998;
const dir = fs.mkdtempSync('/tmp/atiende-probe/sq-');
const env = { ...process.env, DATABASE_URL: `sqlite:${dir}/probe.db`, PORT: String(APP), HOST: '127.0.0.1', ATIENDE_ADMIN_PASSWORD: 'probe-password-123', ATIENDE_DATA_DIR: dir, ATIENDE_LOG_LEVEL: 'warn' };
const server = spawn('node', [`${REPO}/bin/atiende.js`, 'serve', '--api-only'], { cwd: REPO, env, stdio: 'ignore' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const base = `http://127.0.0.1:${APP}/api/v1`;
for (let i = 0; i < 240; i++) { try { if ((await fetch(`http://127.0.0.1:${APP}/healthz`)).ok) break; } catch {} await sleep(500); }
async function login(username, password, xff) {
  const h = { 'content-type': 'application/json' }; if (xff) h['x-forwarded-for'] = xff;
  const r = await fetch(`${base}/auth/login`, { method: 'POST', headers: h, body: JSON.stringify({ username, password }) });
  if (r.status !== 200) return { status: r.status };
  const b = await r.json(); return { status: 200, h: { cookie: String(r.headers.get('set-cookie')).split(';')[0], 'x-csrf-token': b.csrfToken, 'content-type': 'application/json' } };
}
const call = async (h, method, url, body) => { const r = await fetch(`${base}${url}`, { method, headers: h, body: body ? JSON.stringify(body) : undefined }); return { status: r.status, body: await r.text() }; };
const out = {};
const admin = (await login('admin', 'probe-password-123')).h;
const boss = JSON.parse((await call(admin, 'POST', '/users', { username: 'jefa', name: 'Jefa', password: 'jefa-password-1', role: 'admin' })).body);
// (c) two sessions of one user; a password change in one ends the other at once.
const s1 = (await login('jefa', 'jefa-password-1')).h, s2 = (await login('JEFA ', 'jefa-password-1')).h;
out.secondSessionBefore = (await call(s2, 'GET', '/auth/me')).status;
out.passwordChange = (await call(s1, 'POST', '/auth/password', { currentPassword: 'jefa-password-1', newPassword: 'jefa-password-2' })).status;
out.secondSessionAfter = (await call(s2, 'GET', '/auth/me')).status;
out.changingSessionAfter = (await call(s1, 'GET', '/auth/me')).status;
// (c) an admin token of a user demoted to agent stops being admin on the next request.
const s3 = (await login('jefa', 'jefa-password-2')).h;
const tok = JSON.parse((await call(s3, 'POST', '/api-tokens', { name: 'Integración', role: 'admin' })).body).token;
const bearer = { authorization: `Bearer ${tok}`, 'content-type': 'application/json' };
out.tokenAdminBefore = (await call(bearer, 'GET', '/api-tokens')).status;
out.demote = (await call(admin, 'PATCH', `/users/${boss.id}`, { role: 'agent' })).status;
out.tokenAdminAfter = (await call(bearer, 'GET', '/api-tokens')).status;
out.tokenCreateUserAfter = (await call(bearer, 'POST', '/users', { username: 'intruso', name: 'x', password: 'intruso-pass-1', role: 'admin' })).status;
// (d) 40 wrong logins, each from a different forwarded address.
const codes = {};
for (let i = 0; i < 40; i++) { const s = (await login(i % 2 ? 'Admin' : ' admin', 'wrong-password', `203.0.113.${i + 1}`)).status; codes[s] = (codes[s] ?? 0) + 1; }
out.rotatingXffLogins = codes;
out.rightPasswordWhileThrottled = (await login('admin', 'probe-password-123', '198.51.100.7')).status;
const auditRes = await call(admin, 'GET', '/audit?limit=200'); out.auditStatus = auditRes.status; const audit = JSON.parse(auditRes.body);
out.auditActions = [...new Set((audit.items ?? []).map((e) => e.action))].join(','); out.throttleAudit = (audit.items ?? []).filter((e) => JSON.stringify(e).includes('login_throttled')).length;
console.log(JSON.stringify(out, null, 1));
server.kill('SIGTERM'); await sleep(1000); fs.rmSync(dir, { recursive: true, force: true });
