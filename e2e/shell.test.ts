import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, type E2E, shot, startE2E, switchLanguage } from './support.ts';

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
    await expect(page.getByTestId('login-error').textContent()).resolves.toMatch(/contraseña|Usuario/i);

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
  });
});
