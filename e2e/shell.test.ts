import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, type E2E, expectNoSeriousA11y, shot, startE2E, switchLanguage } from './support.ts';

describeBrowser('web shell', () => {
  let env: E2E;
  beforeAll(async () => {
    env = await startE2E();
  });
  afterAll(() => env?.close());

  it('refuses a wrong password, logs in, switches language and logs out', async () => {
    const page = await env.newPage();
    await page.goto('/');
    await shot(page, 'shell/login-es');
    await page.locator('input[name="username"]').fill('admin');
    await page.locator('input[name="password"]').fill('wrong-password');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toMatch(/contraseña|Usuario/i);

    await env.login(page);
    // The shell's navigation is there once logged in (waitFor throws if it never shows).
    const myDay = page.getByRole('navigation').getByText('Mi día').first();
    await myDay.waitFor({ state: 'visible' });
    expect(await myDay.isVisible()).toBe(true);
    await shot(page, 'shell/home-es');

    await switchLanguage(page, 'en');
    await page.getByRole('heading', { name: 'My day' }).waitFor();
    await shot(page, 'shell/home-en');
    // The choice is saved on the user: a reload keeps English.
    await page.reload();
    await page.getByRole('heading', { name: 'My day' }).waitFor();
    const me = await env.api.get('/auth/me');
    expect(me.body.user.language).toBe('en');

    await page.keyboard.press('Shift+?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await shot(page, 'shell/shortcuts-en');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await switchLanguage(page, 'es');
    await page.getByRole('heading', { name: 'Mi día' }).waitFor();

    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.locator('input[name="username"]').waitFor();

    // The API reference page runs under the same policy (scripts from files only) and still works.
    // The server's Content-Security-Policy (no inline script, no framing) broke nothing on these pages.
    expect(env.cspViolations).toEqual([]);
  });

  it('changes the password from the user menu: the server refuses a wrong current password, then ends the other sessions', async () => {
    const user = await env.createUser('agent');
    const other = await env.newPage();
    await env.login(other, user.username, user.password);
    const page = await env.newPage();
    await env.login(page, user.username, user.password);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('change-password').click();
    await page.getByRole('heading', { name: 'Cambiar contraseña', level: 1 }).waitFor();
    await page.locator('input[name="currentPassword"]').fill('no-es-la-mia');
    await page.locator('input[name="newPassword"]').fill('nueva-clave-2026');
    await page.locator('input[name="confirmPassword"]').fill('nueva-clave-2026');
    await page.getByRole('button', { name: 'Cambiar la contraseña' }).click();
    await page.getByText('La contraseña actual no es correcta.').waitFor();
    await page.locator('input[name="currentPassword"]').fill(user.password);
    await page.getByRole('button', { name: 'Cambiar la contraseña' }).click();
    await page.getByTestId('password-changed').waitFor();
    await shot(page, 'shell/password-changed-es');
    await expectNoSeriousA11y(page, 'password-es');
    // The other browser's session has ended; this one goes on.
    await other.reload();
    await other.locator('input[name="username"]').waitFor();
    await page.reload();
    await page.getByTestId('user-menu').waitFor();
  });

  it('the API reference page runs under the same policy: its scripts (files, no inline script) run and break no rule', async () => {
    const page = await env.newPage();
    await page.goto('/api/docs/');
    // Swagger UI's bundle ran and mounted (rendering the whole document takes long on a busy machine;
    // the document itself is checked by the API tests).
    await page.locator('#swagger-ui section.swagger-ui').waitFor({ timeout: 30_000 });
    expect(env.cspViolations).toEqual([]);
  });

  it('a first visit downloads the login page only; each area loads when first opened', async () => {
    // Bytes of the built (uncompressed) JavaScript files the page asked for.
    const dist = path.resolve(import.meta.dirname, '../dist/web');
    const loaded = (page: Page) => {
      const files = new Set<string>();
      page.on('request', (r) => {
        const p = new URL(r.url()).pathname;
        if (p.endsWith('.js')) files.add(p);
      });
      return () => [...files].reduce((n, f) => n + fs.statSync(path.join(dist, f)).size, 0);
    };
    const page = await env.newPage();
    const bytes = loaded(page);
    await page.goto('/');
    await page.locator('input[name="username"]').waitFor();
    const login = bytes();
    await env.login(page);
    await page.goto('/calls');
    await page.getByRole('heading', { name: 'Llamadas', level: 1 }).waitFor();
    const inbox = bytes();
    console.log(`JS loaded: login page ${login} bytes; login + call inbox ${inbox} bytes`);
    // The single bundle of before was 1.1 MB (1.86 MB once charts landed): a first visit loads under half.
    expect(login).toBeLessThan(550_000);
    // Charts (ECharts, ~490 kB) are not loaded until a page with a chart is opened. The inbox itself
    // measured 1.05 MB once it gained the saved-views menu (Mantine Menu and Modal), hence 1.1 MB here.
    expect(inbox).toBeLessThan(1_100_000);
  });
});
