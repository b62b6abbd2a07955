import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, type E2E, expectSettledA11y, openNav, shot, startE2E, switchLanguage, withoutAutoLoad } from './support.ts';

describeBrowser('customers, units and contracts', () => {
  let env: E2E;
  let customerId: string;
  let unitInId: string;
  beforeAll(async () => {
    env = await startE2E();
    const { api } = env;
    await api.post('/catalogs/regions', { code: 'MAD', descriptionEs: 'Madrid', descriptionEn: 'Madrid' });
    await api.post('/catalogs/regions', { code: 'CAT', descriptionEs: 'Cataluña', descriptionEn: 'Catalonia' });
    const item = (await api.post('/items', { code: 'CAL-24', description: 'Caldera de condensación 24 kW', kind: 'product', unitPriceCents: 123456, vatRate: 2100, warrantyMonths: 24, serialized: true })).body;
    const c = await api.post('/customers', {
      code: 'C0001',
      name: 'Hostal Miramar, S.L.',
      taxId: 'B12345674',
      phones: ['912 345 678'],
      emails: ['recepcion@miramar.example'],
      address: { street: 'Calle Mayor 12', postalCode: '28013', city: 'Madrid', province: 'Madrid' },
      regionCode: 'MAD',
    });
    expect(c.status).toBe(201);
    customerId = c.body.id;
    await api.post(`/customers/${customerId}/contacts`, { name: 'Marta Ruiz', position: 'Gerente', phones: ['600 111 222'], emails: ['marta@miramar.example'] });
    const contract = (await api.post('/contracts', { code: 'CT-2026-01', customerId, description: 'Mantenimiento anual', startDate: '2026-01-01', endDate: '2030-12-31' })).body;
    const today = new Date().toISOString().slice(0, 10);
    unitInId = (await api.post('/units', { serialNumber: 'SN-IN-0001', itemId: item.id, customerId, saleDate: today, contractId: contract.id })).body.id;
    await api.post('/units', { serialNumber: 'SN-OUT-0002', itemId: item.id, customerId, saleDate: '2019-03-01' });
    for (let i = 2; i <= 60; i++) {
      await api.post('/customers', { code: `C${String(i).padStart(4, '0')}`, name: `Cliente de prueba ${String(i).padStart(2, '0')}`, regionCode: i % 2 ? 'MAD' : 'CAT' });
    }
  });
  afterAll(() => env?.close());

  it('finds a customer with the global search ("/" then type, Enter opens it)', async () => {
    const page = await env.newPage();
    await env.login(page);
    await page.keyboard.press('/');
    await page.keyboard.type('miramar');
    await page.getByRole('option', { name: /Cliente Hostal Miramar/ }).waitFor();
    await shot(page, 'customers/search-es');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Hostal Miramar, S.L.' }).waitFor();
    expect(page.url()).toContain(`/customers/${customerId}`);
    // A serial number finds its unit.
    await page.getByTestId('global-search').fill('SN-OUT');
    await page.getByRole('option', { name: /SN-OUT-0002/ }).click();
    await page.getByRole('heading', { name: 'SN-OUT-0002' }).waitFor();
    await page.getByText(/Garantía vencida el 01\/03\/2021/).first().waitFor();
    await shot(page, 'customers/unit-out-of-warranty-es');
  });

  it('lists customers with filters in the address and keyset paging', async () => {
    const page = await env.newPage();
    // The button is the way under test (the list's own loading on scroll would race the click).
    await withoutAutoLoad(page);
    await env.login(page);
    await openNav(page, 'Clientes');
    await page.getByRole('table', { name: 'Clientes' }).getByText('Cliente de prueba 02').waitFor();
    await expect.poll(() => page.locator('tr[data-row]').count()).toBe(50);
    await shot(page, 'customers/list-es');
    await page.getByRole('button', { name: 'Cargar más' }).click();
    await expect.poll(() => page.locator('tr[data-row]').count()).toBe(60);
    await page.getByRole('combobox', { name: 'Región' }).click();
    await page.getByRole('option', { name: 'Cataluña' }).click();
    await expect.poll(() => page.locator('tr[data-row]').count()).toBe(30);
    await expect.poll(() => page.url()).toContain('regionCode=CAT');
    await page.getByLabel('Buscar', { exact: true }).fill('prueba 04');
    await expect.poll(() => page.locator('tr[data-row]').count()).toBe(1);
    await expect.poll(() => page.url()).toContain('q=prueba');
    // Reloading keeps the filters.
    await page.reload();
    await expect.poll(() => page.locator('tr[data-row]').count()).toBe(1);
    await page.getByLabel('Buscar', { exact: true }).fill('nadie-se-llama-asi');
    await page.getByText('No hay clientes con estos filtros.').waitFor();
    await shot(page, 'customers/list-empty-es');
  });

  it('creates a customer: a wrong tax id shows on its field and keeps what was typed; a right one saves', async () => {
    const page = await env.newPage();
    await env.login(page);
    await openNav(page, 'Clientes');
    await page.getByRole('table', { name: 'Clientes' }).waitFor();
    await page.keyboard.press('n');
    await page.getByRole('heading', { name: 'Nuevo cliente' }).waitFor();
    await page.getByLabel(/^Código( \*)?$/).fill('C9000');
    await page.getByLabel('Nombre o razón social').fill('Talleres Ebro, S.A.');
    await page.getByLabel('NIF / CIF / NIE').fill('12345678A');
    await page.getByRole('combobox', { name: 'Teléfonos' }).fill('976 123 456');
    await page.getByRole('combobox', { name: 'Teléfonos' }).press('Enter');
    await page.getByLabel('Población').fill('Zaragoza');
    await page.getByRole('button', { name: 'Crear' }).click();
    const taxId = page.getByLabel('NIF / CIF / NIE');
    await expect.poll(() => taxId.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('El NIF/NIE/CIF no es válido').waitFor();
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('taxId');
    expect(await page.getByLabel('Nombre o razón social').inputValue()).toBe('Talleres Ebro, S.A.');
    expect(await page.getByLabel('Población').inputValue()).toBe('Zaragoza');
    await shot(page, 'customers/new-taxid-error-es');
    expect((await env.api.get('/customers?q=Ebro')).body.items).toHaveLength(0);

    await taxId.fill('A58818501');
    await taxId.press('Enter');
    await page.getByRole('heading', { name: 'Talleres Ebro, S.A.' }).waitFor();
    const saved = (await env.api.get('/customers?q=Ebro')).body.items[0];
    expect(saved).toMatchObject({ code: 'C9000', taxId: 'A58818501', phones: ['976 123 456'], address: { city: 'Zaragoza' } });
    await shot(page, 'customers/new-created-es');

    // Edit: the same form, the server's errors on the right field.
    await page.getByRole('link', { name: 'Editar' }).click();
    await page.getByLabel(/^Código( \*)?$/).fill('C0001');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => page.getByLabel(/^Código( \*)?$/).getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'customers/edit-duplicate-code-es');
  });

  it('shows a customer at a glance and units with their warranty, in both languages', async () => {
    const page = await env.newPage();
    await env.login(page);
    await page.goto(`/customers/${customerId}`);
    await page.getByRole('heading', { name: 'Hostal Miramar, S.L.' }).waitFor();
    const units = page.getByRole('table', { name: 'Unidades' });
    await units.getByText('SN-IN-0001').waitFor();
    await units.getByText(/En garantía hasta/).waitFor();
    await units.getByText(/Garantía vencida/).waitFor();
    await page.getByText('Marta Ruiz', { exact: true }).waitFor();
    await page.getByRole('link', { name: /Venta: Caldera/ }).first().waitFor();
    // Sections other areas add to the page (their WebModule's customerSections), in their order.
    await page.locator('#customer-incidents').getByRole('link', { name: 'Nueva incidencia' }).waitFor();
    await page.locator('#customer-tasks').waitFor();
    expect(await page.locator('#customer-incidents ~ #customer-tasks').count()).toBe(1);
    await shot(page, 'customers/detail-es');

    // Add a contact from the customer page.
    await page.getByRole('button', { name: 'Nuevo contacto' }).click();
    await page.getByRole('dialog').getByLabel('Nombre').fill('Jorge Peña');
    await page.getByRole('dialog').getByLabel('Nombre').press('Enter');
    await page.getByText('Jorge Peña', { exact: true }).waitFor();

    await page.goto(`/units/${unitInId}`);
    await page.getByRole('heading', { name: 'SN-IN-0001' }).waitFor();
    await shot(page, 'customers/unit-es');
    await openNav(page, 'Unidades');
    await page.getByRole('table', { name: 'Unidades' }).getByText('SN-OUT-0002').waitFor();
    await shot(page, 'customers/units-es');
    await openNav(page, 'Contratos');
    await page.getByText('CT-2026-01').waitFor();
    await shot(page, 'customers/contracts-es');
    await page.getByText('CT-2026-01').click();
    await page.getByText('Unidades cubiertas').waitFor();
    await shot(page, 'customers/contract-es');
    await openNav(page, 'Artículos');
    await page.getByText('1.234,56 €').waitFor();
    await shot(page, 'customers/items-es');

    await switchLanguage(page, 'en');
    await page.getByText('€1,234.56').waitFor();
    await shot(page, 'customers/items-en');
    await page.goto(`/customers/${customerId}`);
    await page.getByRole('table', { name: 'Units' }).getByText(/Under warranty until/).waitFor();
    await shot(page, 'customers/detail-en');
    await openNav(page, 'Customers');
    await shot(page, 'customers/list-en');
    await page.goto(`/units/${unitInId}`);
    await shot(page, 'customers/unit-en');
    await openNav(page, 'Contracts');
    await shot(page, 'customers/contracts-en');
    await page.goto('/customers/new');
    await shot(page, 'customers/new-en');
    await switchLanguage(page, 'es');
  });

  it('is usable on a tablet', async () => {
    const page = await env.newPage({ viewport: { width: 820, height: 1180 } });
    await env.login(page);
    await page.goto(`/customers/${customerId}`);
    await page.getByRole('heading', { name: 'Hostal Miramar, S.L.' }).waitFor();
    await shot(page, 'customers/detail-tablet-es');
    await page.getByRole('button', { name: 'Abrir el menú' }).click();
    await openNav(page, 'Clientes');
    await page.getByRole('table', { name: 'Clientes' }).getByText('Cliente de prueba 02').waitFor();
    await shot(page, 'customers/list-tablet-es');

    // A filtered units list offers "Quitar filtros", which brings every unit back.
    await page.goto('/units?warranty=no');
    await page.getByText('SN-OUT-0002', { exact: true }).waitFor();
    expect(await page.getByText('SN-IN-0001', { exact: true }).count()).toBe(0);
    await shot(page, 'customers/units-filtered-es');
    await page.getByRole('button', { name: 'Quitar filtros' }).click();
    await page.getByText('SN-IN-0001', { exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('warranty')).toBeNull();

    // On a phone (390 px) units and contracts show cards, their filters fold behind "Filtros", and
    // axe finds nothing serious.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/units');
    await page.getByTestId('list-cards').locator('[data-card]').filter({ hasText: 'SN-IN-0001' }).waitFor();
    expect(await page.locator('table').count()).toBe(0);
    expect(await page.getByLabel('Número de serie', { exact: true }).isVisible()).toBe(false);
    await page.getByTestId('filters-toggle').click();
    await page.getByLabel('Número de serie', { exact: true }).waitFor();
    await shot(page, 'customers/units-phone-es');
    await expectSettledA11y(page, 'units-phone');
    await page.goto('/contracts');
    await page.getByTestId('list-cards').locator('[data-card]').filter({ hasText: 'CT-2026-01' }).waitFor();
    await expect.poll(() => page.getByTestId('filters-toggle').textContent()).toBe('Filtros');
    await shot(page, 'customers/contracts-phone-es');
    await expectSettledA11y(page, 'contracts-phone');
  });
});
