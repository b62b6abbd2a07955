/**
 * Security headers on every answer (web UI, API, API reference page).
 *
 * - Content-Security-Policy: pages (text/html: the web UI's index.html and the API reference at
 *   /api/docs) may run scripts from this origin only — no inline script, no eval — talk to this
 *   origin only and never be framed (`frame-ancestors 'none'`). Styles allow 'unsafe-inline':
 *   Mantine writes its CSS variables in `<style>` elements and ECharts' tooltips carry `style`
 *   attributes; a style cannot run code, so this keeps the script rule strict without a per-request
 *   nonce. Every other answer (JSON, files) gets `default-src 'none'`. An answer that set its own
 *   policy (attachment downloads: `sandbox`) keeps it.
 * - X-Content-Type-Options, Referrer-Policy, X-Frame-Options (older browsers), and
 *   Cross-Origin-Opener-Policy.
 * - Strict-Transport-Security when the site is served over HTTPS: `ATIENDE_SECURE_COOKIES=true`, or
 *   the request arrived over TLS, or a trusted proxy (`ATIENDE_TRUST_PROXY`) says
 *   `X-Forwarded-Proto: https` (Fastify believes that header only from a trusted proxy).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { AppInstance } from '../http.ts';

export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'";

export const HSTS = 'max-age=31536000';

export function securityHeaders(request: FastifyRequest, reply: FastifyReply, config: Pick<Config, 'secureCookies'>): void {
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('Referrer-Policy', 'same-origin');
  reply.header('Cross-Origin-Opener-Policy', 'same-origin');
  if (!reply.hasHeader('X-Frame-Options')) reply.header('X-Frame-Options', 'DENY');
  if (!reply.hasHeader('Content-Security-Policy')) {
    const type = String(reply.getHeader('content-type') ?? '');
    reply.header('Content-Security-Policy', type.startsWith('text/html') ? PAGE_CSP : NON_PAGE_CSP);
  }
  if (config.secureCookies || request.protocol === 'https') reply.header('Strict-Transport-Security', HSTS);
}

export function installSecurityHeaders(app: AppInstance, config: Config): void {
  // A callback hook, not an async one: no promise per answer.
  app.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void) => {
    securityHeaders(request, reply, config);
    done(null, payload);
  });
}
