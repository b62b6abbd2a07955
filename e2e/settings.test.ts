import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, type E2E, openNav, shot, startE2E, switchLanguage } from './support.ts';

describeBrowser('configuration screens', () => {
  let env: E2E;
  beforeAll(async () => {
    env = await startE2E();
    await env.api.post('/catalogs/call-types', { code: 'AV', descriptionEs: 'Avería', descriptionEn: 'Breakdown', isDefault: true });
    await env.api.post('/catalogs/call-statuses', { code: 'PE', descriptionEs: 'Pendiente', descriptionEn: 'Pending', pending: true, defaultPending: true });
    await env.api.post('/catalogs/call-statuses', { code: 'FI', descriptionEs: 'Finalizada', descriptionEn: 'Finished', defaultFinished: true });
    await env.api.post('/catalogs/solution-types', { code: 'IN', descriptionEs: 'Crear incidencia', descriptionEn: 'Create incident', automaticAction: 'none' });
    await env.api.post('/catalogs/vat-rates', { code: 'G', descriptionEs: 'General', descriptionEn: 'Standard', rate: 2100, isDefault: true });
  });
  afterAll(() => env?.close());

  it('edits a configuration table: adds an entry, refuses a bad code on its field, edits in place, toggles a flag', async () => {
    const page = await env.newPage();
    await env.login(page);
    await openNav(page, 'Tablas de configuración');
    await page.getByRole('table', { name: 'Situaciones de llamada' }).waitFor();
    await shot(page, 'settings/catalogs-call-statuses-es');

    await page.getByRole('link', { name: 'Tipos de llamada' }).click();
    await page.getByRole('table', { name: 'Tipos de llamada' }).waitFor();
    // "n" opens the new-entry dialog.
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel('Código').fill('X');
    await dialog.getByLabel('Descripción (español)').fill('Consulta');
    await dialog.getByLabel('Descripción (inglés)').fill('Question');
    await dialog.getByRole('button', { name: 'Crear' }).click();
    // Call types are two-character codes: the server's message appears under the code field.
    await dialog.getByLabel('Código').and(page.locator('[aria-invalid="true"]')).waitFor();
    await shot(page, 'settings/catalog-new-error-es');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('code');
    await dialog.getByLabel('Código').fill('CO');
    await dialog.getByLabel('Código').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.locator('tr[data-code="CO"]').waitFor();

    // Edit in place: the form opens inside the row.
    await page.getByRole('button', { name: 'Editar CO' }).click();
    const form = page.getByRole('form', { name: 'Editar CO' });
    await form.getByLabel('Descripción (español)').fill('Consulta técnica');
    await shot(page, 'settings/catalog-edit-inline-es');
    await form.getByRole('button', { name: 'Guardar' }).click();
    await page.locator('tr[data-code="CO"]', { hasText: 'Consulta técnica' }).waitFor();

    // Flags switch in place; one default per table.
    await page.getByRole('switch', { name: 'Habitual · CO' }).click({ force: true });
    await expect.poll(async () => (await env.api.get('/catalogs/call-types/CO')).body.isDefault).toBe(true);
    expect((await env.api.get('/catalogs/call-types/AV')).body.isDefault).toBe(false);
    const saved = (await env.api.get('/catalogs/call-types/CO')).body;
    expect(saved.descriptionEs).toBe('Consulta técnica');

    await page.getByRole('link', { name: 'Tipos de solución' }).click();
    await page.getByRole('button', { name: 'Editar IN' }).click();
    await shot(page, 'settings/catalog-solution-types-es');

    await switchLanguage(page, 'en');
    await page.getByRole('link', { name: 'VAT rates' }).click();
    await page.getByRole('table', { name: 'VAT rates' }).waitFor();
    await shot(page, 'settings/catalogs-vat-en');
    await switchLanguage(page, 'es');
  });

  it('manages users, groups and API tokens', async () => {
    const page = await env.newPage();
    await env.login(page);
    await openNav(page, 'Usuarios');
    await page.getByRole('button', { name: 'Nuevo usuario' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Usuario (para entrar)').fill('lucia');
    await dialog.getByLabel('Nombre').fill('Lucía Fernández');
    await dialog.getByLabel('Contraseña').fill('corta');
    await dialog.getByRole('button', { name: 'Crear' }).click();
    await dialog.getByLabel('Contraseña').and(page.locator('[aria-invalid="true"]')).waitFor();
    await shot(page, 'settings/user-new-error-es');
    await dialog.getByLabel('Contraseña').fill('una-clave-larga');
    await dialog.getByRole('button', { name: 'Crear' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'Lucía Fernández', exact: true }).waitFor();
    await shot(page, 'settings/users-es');

    await openNav(page, 'Grupos');
    await page.getByText('Todavía no hay grupos').waitFor();
    await shot(page, 'settings/groups-empty-es');
    await page.keyboard.press('n');
    await dialog.getByLabel('Código').fill('TEC');
    await dialog.getByLabel('Nombre').fill('Técnicos de campo');
    await dialog.getByLabel('Miembros').click();
    await page.getByRole('option', { name: /Lucía/ }).click();
    // Enter submits the form.
    await dialog.getByLabel('Nombre').press('Enter');
    await page.getByRole('cell', { name: 'Técnicos de campo', exact: true }).waitFor();
    await dialog.waitFor({ state: 'detached' });
    await shot(page, 'settings/groups-es');

    await openNav(page, 'Tokens de API');
    await page.getByText('No hay tokens').waitFor();
    await page.keyboard.press('n');
    await dialog.getByLabel('Nombre (qué lo usa)').fill('Centralita');
    await dialog.getByRole('button', { name: 'Crear' }).click();
    await expect.poll(() => page.getByTestId('token-secret').inputValue()).toMatch(/^atk_/);
    const secret = await page.getByTestId('token-secret').inputValue();
    await shot(page, 'settings/token-secret-es');
    expect((await env.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(200);
    await page.getByRole('button', { name: 'Ya lo he copiado' }).click();
    await page.getByRole('button', { name: 'Revocar' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revocar' }).click();
    await page.getByText('Revocado', { exact: true }).waitFor();
    expect((await env.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(401);
    await shot(page, 'settings/tokens-es');

    await switchLanguage(page, 'en');
    await shot(page, 'settings/tokens-en');
    await openNav(page, 'Users');
    await shot(page, 'settings/users-en');
    await openNav(page, 'Groups');
    await shot(page, 'settings/groups-en');
    await switchLanguage(page, 'es');
  });

  it('hides user administration from agents', async () => {
    const agent = await env.createUser('agent');
    const page = await env.newPage();
    await env.login(page, agent.username, agent.password);
    await page.getByTestId('app-nav').getByRole('link', { name: 'Tablas de configuración' }).waitFor();
    expect(await page.getByTestId('app-nav').getByRole('link', { name: 'Usuarios' }).count()).toBe(0);
    await page.goto('/settings/users');
    await page.getByText('Su perfil no permite esta acción.').waitFor();
  });
});
