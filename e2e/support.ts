/**
 * Shared helpers for browser tests: a real Atiende server (fresh SQLite database, built UI served
 * by the same process) on a free port, Debian's Chromium through playwright-core, logging in, and
 * screenshots. Each test file starts its own server:
 *
 *   const env = await startE2E();            // in beforeAll; env.close() in afterAll
 *   const page = await env.newPage();         // Spanish, Europe/Madrid, laptop size
 *   await env.login(page);                    // as admin
 *   await env.api.post('/customers', {...})   // seed through the API as admin
 *   await shot(page, 'customers/list-es');     // /tmp/shots/customers/list-es.png
 *
 * Wrap suites in `describeBrowser(...)`: without Chromium they are skipped loudly (and fail in CI,
 * see global-setup.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { describe, inject } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { systemCtx } from '../src/server/context.ts';
import { createDatabase } from '../src/server/db/database.ts';
import { createUser, ensureAdmin } from '../src/server/modules/users/users.service.ts';
import type { Role } from '../src/shared/roles.ts';
import { ADMIN_PASSWORD, Agent, clearConfiguration } from '../test/harness.ts';
import { copySqliteTemplate } from '../test/sqlite-template.ts';

export const chromiumPath = inject('chromiumPath');

/** `describe` when Chromium is available, otherwise a loudly skipped suite. */
export const describeBrowser: typeof describe = (chromiumPath ? describe : describe.skip) as typeof describe;
if (!chromiumPath) console.warn('\n\x1b[41m\x1b[37m SKIPPING BROWSER TESTS \x1b[0m Chromium not found (apt-get install chromium)\n');

/**
 * `ATIENDE_E2E_CPU_THROTTLE=4` runs every page's JavaScript four times slower (Chromium's CPU
 * throttling, as DevTools does), with locator waits scaled to match: a cheap way to see a test's
 * waits hold on a loaded machine before CI does (a wait that races the app fails here).
 */
const CPU_THROTTLE = Number(process.env.ATIENDE_E2E_CPU_THROTTLE ?? 1);

export const SHOTS_DIR = process.env.ATIENDE_SHOTS_DIR ?? '/tmp/shots';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export type E2E = {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  app: Awaited<ReturnType<typeof buildApp>>;
  /** The API as the admin (cookie + CSRF), for seeding data. */
  api: Agent;
  browser: Browser;
  /** A fresh browser context and page (Spanish, Europe/Madrid, 1366×850 unless told). */
  newPage(opts?: { locale?: string; viewport?: { width: number; height: number } }): Promise<Page>;
  /** Logs in through the login form and waits for the shell. */
  login(page: Page, username?: string, password?: string): Promise<void>;
  /** Creates a user with the role; password 'password-123'. */
  createUser(role: Role, extra?: { username?: string; name?: string; language?: 'es' | 'en' }): Promise<{ id: string; username: string; password: string }>;
  /**
   * Every message the browser logged about a Content-Security-Policy violation, on any page of this
   * environment (the server sends the policy: edge/security-headers.ts). Tests expect it empty.
   */
  cspViolations: string[];
  close(): Promise<void>;
};

/**
 * `starterConfiguration: true` keeps the configuration a fresh install starts with; by default the
 * configuration tables start empty and a suite seeds what it needs.
 */
export async function startE2E(opts: { starterConfiguration?: boolean } = {}): Promise<E2E> {
  if (!chromiumPath) throw new Error('Chromium is not available');
  const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const dir = fs.mkdtempSync(path.join(base, 'atiende-e2e-'));
  const file = path.join(dir, 'e2e.db');
  // A copy of the database migrated once for the run (e2e/global-setup.ts), else migrated here.
  const fromTemplate = copySqliteTemplate(inject('sqliteTemplate'), file, opts.starterConfiguration === true);
  const config = loadConfig({ ATIENDE_LOG_LEVEL: 'silent', ATIENDE_DATA_DIR: dir } as NodeJS.ProcessEnv, {
    database: { dialect: 'sqlite', file },
    runJobs: false,
  });
  const database = await createDatabase(config.database);
  if (!fromTemplate && !opts.starterConfiguration) await clearConfiguration(database);
  await ensureAdmin(database, { password: ADMIN_PASSWORD, timeZone: 'Europe/Madrid' });
  const app = await buildApp({ config, database, logger: false, serveWeb: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;

  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
  const api = new Agent(app, { cookie: String(res.headers['set-cookie']).split(';')[0], csrf: res.json().csrfToken });

  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  const cspViolations: string[] = [];

  return {
    baseUrl,
    app,
    api,
    browser,
    async newPage(opts = {}) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        locale: opts.locale ?? 'es-ES',
        timezoneId: 'Europe/Madrid',
        viewport: opts.viewport ?? { width: 1366, height: 850 },
      });
      context.setDefaultTimeout(10_000 * Math.max(1, CPU_THROTTLE / 2));
      contexts.push(context);
      const page = await context.newPage();
      if (CPU_THROTTLE > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
      page.on('pageerror', (error) => console.error('[browser error]', error.message));
      page.on('console', (message) => {
        if (/Content[ -]Security[ -]Policy/i.test(message.text())) cspViolations.push(`${page.url()}: ${message.text()}`);
      });
      return page;
    },
    async login(page, username = 'admin', password = ADMIN_PASSWORD) {
      await page.goto('/');
      await page.locator('input[name="username"]').fill(username);
      await page.locator('input[name="password"]').fill(password);
      await page.locator('input[name="password"]').press('Enter');
      await page.getByTestId('user-menu').waitFor();
    },
    cspViolations,
    async createUser(role, extra = {}) {
      const username = extra.username ?? `${role}${Math.random().toString(36).slice(2, 7)}`;
      const user = await createUser(systemCtx(database, config), { username, name: extra.name ?? username, password: 'password-123', role, language: extra.language ?? 'es' });
      return { id: user.id, username, password: 'password-123' };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await app.close();
      await database.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until the page is at rest: two frames painted (a transition just triggered has begun), then
 * no finite CSS animation or transition still running (a menu opening, a dialog sliding in, a
 * notification fading; endless ones such as loaders are not waited for). With `notifications`, also
 * until every notification has gone. No fixed sleep: a quiet page returns at once, a busy machine
 * gets up to 5 s (15 s for notifications).
 */
export async function settle(page: Page, opts: { notifications?: boolean } = {}) {
  if (opts.notifications) await page.locator('.mantine-Notification-root').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {});
  // (A page that paints no frame, e.g. hidden, goes on after 1 s.)
  await page.evaluate(() => new Promise<void>((resolve) => {
    setTimeout(resolve, 1_000);
    requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
  }));
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity), undefined, { timeout: 5_000 })
    .catch(() => {});
}

/**
 * Full-page screenshot to /tmp/shots/<name>.png (folders created), once transitions have settled. A
 * screenshot is for people to look at, not an assertion: it gets 30 s (a long page on a loaded
 * machine took more than a locator's 10 s to capture).
 */
export async function shot(page: Page, name: string) {
  const file = path.join(SHOTS_DIR, `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await settle(page);
  await page.screenshot({ path: file, fullPage: true, timeout: 30_000 });
  return file;
}

/** Switches the UI language from the user menu and waits for it. */
export async function switchLanguage(page: Page, language: 'es' | 'en') {
  await page.getByTestId('user-menu').click();
  await page.getByTestId(`language-${language}`).click();
  await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
}

/**
 * Opens a module from the main navigation by its visible label and waits until its page is the one
 * shown: the link is the current page and a visible `h1` is there. The router moves inside a
 * transition, so the page being left stays on screen (keys still act on it) until the new page's
 * chunk has arrived — and a wait for some text can be satisfied by the old page (the home page has a
 * "Mis actividades técnicas pendientes" heading): `n` pressed then opened a new call instead.
 */
export async function openNav(page: Page, label: string) {
  const nav = page.getByTestId('app-nav');
  await nav.getByRole('link', { name: label, exact: true }).click();
  // A page's chunk can take a while to arrive on a loaded machine: more patience than one locator's.
  await nav.getByRole('link', { name: label, exact: true }).and(page.locator('[aria-current="page"]')).waitFor({ timeout: 30_000 });
  await page.locator('main h1').filter({ visible: true }).first().waitFor({ timeout: 30_000 });
}

/** Waits for the page whose title (its one `h1`) is exactly `title` — not a section heading containing it. */
export async function pageTitled(page: Page, title: string) {
  await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
}

/**
 * Makes a list's "Cargar más" button the only way to load its next page. Lists also load more by
 * themselves when their end scrolls into view (an IntersectionObserver on the row holding the
 * button, ui/list.tsx), so a click — which scrolls the button into view — raced the list's own
 * loading: the button went busy, then away, under the click. Call before the page loads (it is an
 * init script): observers are created and never report.
 */
export async function withoutAutoLoad(page: Page) {
  await page.addInitScript(() => {
    class SilentObserver {
      readonly root = null;
      readonly rootMargin = '0px';
      readonly thresholds = [0];
      observe() {}
      unobserve() {}
      disconnect() {}
      takeRecords() {
        return [];
      }
    }
    (window as unknown as { IntersectionObserver: unknown }).IntersectionObserver = SilentObserver;
  });
}

/**
 * Puts axe-core on the page (window.axe). Evaluated through the DevTools protocol, never as a
 * <script> tag: the server's Content-Security-Policy refuses inline scripts, so
 * `page.addScriptTag` would be blocked (and would count as a CSP violation).
 */
export async function injectAxe(page: Page): Promise<void> {
  await page.evaluate(fs.readFileSync(path.resolve(import.meta.dirname, '../node_modules/axe-core/axe.min.js'), 'utf8'));
}

export type A11yViolation = { id: string; impact: string; help: string; nodes: number; targets: string[] };

/**
 * Runs axe-core (node_modules/axe-core) on the page as it is now and returns the serious and
 * critical violations (WCAG 2.1 A/AA rules).
 */
export async function seriousA11yViolations(page: Page): Promise<A11yViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await injectAxe(page);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact!, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 5).map((n) => String(n.target.join(' '))) }));
  });
}

/**
 * Fails when axe-core finds any serious or critical violation on the page: call it on each main
 * screen of an area, in both languages (`await expectNoSeriousA11y(page, 'calls/inbox-es')`).
 */
export async function expectNoSeriousA11y(page: Page, screen: string) {
  const violations = await seriousA11yViolations(page);
  if (violations.length) {
    const lines = violations.map((v) => `  ${v.impact} ${v.id} ×${v.nodes}: ${v.help} — ${v.targets.join(' | ')}`);
    throw new Error(`axe-core on ${screen}: ${violations.length} serious/critical rule(s) violated\n${lines.join('\n')}`);
  }
}

/**
 * `expectNoSeriousA11y` with the page at rest: notifications gone (a fading toast is half-transparent
 * and fails contrast) and dialogs and menus done animating (see `settle`).
 */
export async function expectSettledA11y(page: Page, screen: string) {
  await settle(page, { notifications: true });
  await expectNoSeriousA11y(page, screen);
}
