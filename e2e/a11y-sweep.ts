/**
 * The accessibility sweep: axe-core on every main screen (WCAG 2.1 AA — contrast, names of icon
 * buttons, labels…), no serious or critical violation, one h1 per page and no Content-Security-Policy
 * violation. Each failure lists the rule and the elements. It runs as two browser files, one per
 * language (`a11y.test.ts` in Spanish, `a11y-en.test.ts` in English), so the two halves run side by
 * side. A new main screen goes in `screens()` below. Other areas call `expectNoSeriousA11y(page,
 * name)` from support.ts on their own screens.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type A11yViolation, describeBrowser, type E2E, SHOTS_DIR, seriousA11yViolations, settle, shot, startE2E, switchLanguage } from './support.ts';

export function a11ySweep(language: 'es' | 'en') {
  describeBrowser(`accessibility of the main screens (${language})`, () => {
    let env: E2E;
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      env = await startE2E({ starterConfiguration: true });
      const a = env.api;
      const me = (await a.get('/auth/me')).body.user;
      const customer = await a.post('/customers', { code: 'C0001', name: 'Hostal La Plaza', taxId: 'B12345674', phones: ['912 345 678'] });
      ids.customer = customer.body.id;
      const item = await a.post('/items', { code: 'CAF-200', description: 'Cafetera industrial C200', kind: 'product', unitPriceCents: 250000, vatRate: 2100, warrantyMonths: 24, serialized: true });
      const unit = await a.post('/units', { serialNumber: 'C200-7781', itemId: item.body.id, customerId: customer.body.id, saleDate: '2026-01-15' });
      ids.unit = unit.body.id;
      const call = await a.post('/calls', { customerId: customer.body.id, toUserId: me.id, description: 'La cafetera pierde agua por la base.' });
      ids.call = call.body.id;
      const activity = await a.post('/activities', { customerId: customer.body.id, problem: 'Pierde agua', solution: 'Cambiada la junta' });
      ids.activity = activity.body.id;
      const task = await a.post('/tasks', { title: 'Llevar la junta de repuesto', customerId: customer.body.id, assigneeUserId: me.id });
      ids.task = task.body.id;
      const project = await a.post('/projects', { code: 'MANT-2027', name: 'Mantenimiento 2027', customerId: customer.body.id, kind: 'production' });
      ids.project = project.body.id;
      const incident = await a.post('/incidents', { serialNumber: 'C200-7781', symptom: 'Pierde agua por la base' });
      ids.incident = incident.body.id;
      const calendars = await a.get('/service-calendars');
      ids.calendar = calendars.body.items[0].id;
      // Every record exists: a screen of "undefined" would check a not-found page instead.
      expect(Object.entries(ids).filter(([, id]) => !id)).toEqual([]);
    });
    afterAll(() => env?.close());

    // A third element 'load' opens the screen with a full page load: its page is the one just checked
    // with another address (same component, same title), so nothing on screen says it has moved on.
    const screens = (): Array<[string, string, 'load'?]> => [
      ['home', '/'],
      ['calls-inbox', '/calls'],
      ['call', `/calls/${ids.call}`],
      ['activities', '/activities'],
      ['activity', `/activities/${ids.activity}`],
      ['activity-new', '/activities/new'],
      ['commercial-activities', '/commercial-activities'],
      ['customer-agenda', '/customer-agenda'],
      ['agenda', '/agenda'],
      ['tasks', '/tasks'],
      ['task', `/tasks/${ids.task}`],
      ['projects', '/projects'],
      ['project', `/projects/${ids.project}`],
      ['time', '/time'],
      ['notices', '/notices'],
      ['customers', '/customers'],
      ['customer', `/customers/${ids.customer}`],
      ['customer-new', '/customers/new'],
      ['units', '/units'],
      ['unit', `/units/${ids.unit}`],
      ['contracts', '/contracts'],
      ['items', '/items'],
      ['catalogs', '/settings/catalogs'],
      ['catalog', '/settings/catalogs/call-statuses', 'load'],
      ['users', '/settings/users'],
      ['groups', '/settings/groups'],
      ['incidents', '/incidents'],
      ['incident', `/incidents/${ids.incident}`],
      ['incident-new', '/incidents/new'],
      ['sla', '/incidents/sla'],
      ['calendars', '/service-calendars'],
      ['calendar', `/service-calendars/${ids.calendar}`],
      ['invoices', '/invoices'],
      ['invoice-new', '/invoices/new'],
      ['verifactu', '/verifactu'],
      ['billing-company', '/settings/billing'],
      ['dashboard', '/dashboard'],
      ['reports', '/reports'],
      ['report', '/reports/calls'],
      ['preferences', '/preferences'],
      ['password', '/preferences/password'],
    ];

    /** A full page load (the first screen, and where a test needs a fresh start). */
    async function load(page: Page, url: string) {
      await page.goto(url);
      await page.getByTestId('user-menu').waitFor();
      await ready(page, url, Date.now());
    }

    /**
     * Opens the next screen inside the running app, as a click on a link does (history.pushState and
     * the popstate React Router listens to): one full page load per language instead of one per
     * screen. It waits until the screen has replaced the previous one — its title (the `h1`) is a
     * new element or says something else; the router keeps the previous page on screen while the next
     * one's chunk loads — and fails naming the screen when it never does.
     */
    async function go(page: Page, url: string) {
      const started = Date.now();
      const before = await page.evaluate(() => {
        const h1 = document.querySelector('main h1');
        h1?.setAttribute('data-a11y-left', '');
        return h1?.textContent ?? null;
      });
      await page.evaluate((to) => {
        window.history.pushState(null, '', to);
        window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
      }, url);
      await page
        .waitForFunction(
          ([to, text]) => {
            const h1 = document.querySelector('main h1');
            // (A list may add its filters to the address: the path is what names the screen.)
            return window.location.pathname === new URL(to, window.location.href).pathname && !!h1 && (!h1.hasAttribute('data-a11y-left') || h1.textContent !== text);
          },
          [url, before] as const,
          { timeout: 20_000 },
        )
        .catch(() => {
          throw new Error(`a11y: ${url} did not replace the previous screen (${before}) within 20 s`);
        });
      await ready(page, url, started);
    }

    /** The page's title is there (its lazily loaded chunk has arrived), then no skeleton: the page shows its data. */
    async function ready(page: Page, url: string, started: number) {
      await page.locator('main h1').first().waitFor({ timeout: 15_000 }).catch(() => {});
      await page.waitForFunction(() => !document.querySelector('.mantine-Skeleton-root[data-visible="true"], main .mantine-Loader-root'), undefined, { timeout: 5_000 }).catch(() => {});
      console.log(`a11y: ${url} ready in ${Date.now() - started} ms`);
    }

    it(`has no serious or critical axe-core violation on any main screen, in ${language === 'es' ? 'Spanish' : 'English'}`, async () => {
      const page = await env.newPage();
      await env.login(page);
      const found: Record<string, A11yViolation[]> = {};
      const headings: Record<string, number> = {};
      if (language === 'en') await switchLanguage(page, 'en');
      for (const [i, [name, url, how]] of screens().entries()) {
        if (i === 0 || how === 'load') await load(page, url);
        else await go(page, url);
        found[`${name}-${language}`] = await seriousA11yViolations(page);
        headings[`${name}-${language}`] = await page.locator('h1').count();
      }
      // The open dialogs and menus count too.
      await go(page, '/calls');
      await page.keyboard.press('n');
      await page.getByRole('dialog').waitFor();
      await settle(page); // the dialog's opening transition (a half-faded button fails the contrast check)
      found[`new-call-dialog-${language}`] = await seriousA11yViolations(page);
      await shot(page, `a11y/new-call-dialog-${language}`);
      await page.keyboard.press('Escape');
      await page.getByTestId('user-menu').click();
      await page.getByRole('menu').waitFor();
      await settle(page); // the dropdown's opening transition
      found[`user-menu-${language}`] = await seriousA11yViolations(page);
      await shot(page, `a11y/user-menu-${language}`);
      await page.keyboard.press('Escape');
      const summary = Object.fromEntries(Object.entries(found).map(([k, v]) => [k, v.reduce((n, x) => n + x.nodes, 0)]));
      fs.mkdirSync(path.join(SHOTS_DIR, 'a11y'), { recursive: true });
      fs.writeFileSync(path.join(SHOTS_DIR, 'a11y', `report-${language}.json`), JSON.stringify({ summary, found }, null, 2));
      const failing = Object.entries(found)
        .filter(([, v]) => v.length)
        .map(([screen, v]) => `${screen}: ${v.map((x) => `${x.id}×${x.nodes} (${x.targets.slice(0, 2).join(' | ')})`).join(', ')}`);
      expect(failing).toEqual([]);
      // One h1 per page: the title a screen reader jumps to.
      expect(Object.entries(headings).filter(([, n]) => n !== 1)).toEqual([]);
      // The server's Content-Security-Policy (edge/security-headers.ts) blocked nothing on any screen.
      expect(env.cspViolations).toEqual([]);
    }, 900_000);
  });
}
