import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, type E2E, expectSettledA11y, shot, startE2E, switchLanguage } from './support.ts';

describeBrowser('incidents', () => {
  let env: E2E;
  let callId: string;
  let technicianId: string;
  let customerId: string;
  const customerName = 'Panadería La Espiga';
  beforeAll(async () => {
    env = await startE2E({ starterConfiguration: true });
    const a = env.api;
    const me = await a.get('/auth/me');
    await a.post('/catalogs/resolution-codes', { code: 'REP', descriptionEs: 'Reparado', descriptionEn: 'Repaired' });
    await a.post('/catalogs/reason-codes', { code: 'HOR', descriptionEs: 'Horno', descriptionEn: 'Oven' });
    await a.post('/catalogs/reason-codes', { code: 'HOR-TEM', descriptionEs: 'No calienta', descriptionEn: 'Does not heat', parentCode: 'HOR' });
    const customer = await a.post('/customers', { code: 'C0042', name: customerName, phones: ['915 555 123'] });
    customerId = customer.body.id;
    await a.post('/items', { code: 'MO-HORA', description: 'Mano de obra técnico', kind: 'labour', unitPriceCents: 4500, vatRate: 2100, warrantyMonths: 0, serialized: false });
    technicianId = (await env.createUser('technician', { name: 'Marta Ruiz' })).id;
    const item = await a.post('/items', { code: 'HRN-60', description: 'Horno de convección H60', kind: 'product', unitPriceCents: 420000, vatRate: 2100, warrantyMonths: 24, serialized: true });
    await a.post('/units', { serialNumber: 'H60-2231', itemId: item.body.id, customerId: customer.body.id, saleDate: new Date().toISOString().slice(0, 10) });
    // A resolved case on the same item, offered as a similar case at intake.
    const old = await a.post('/incidents', { serialNumber: 'H60-2231', symptom: 'El horno no calienta', reasonCode: 'HOR' });
    await a.post(`/incidents/${old.body.id}/diagnose`, { diagnosis: 'Resistencia quemada' });
    await a.post(`/incidents/${old.body.id}/resolve`, { solution: 'Cambio de resistencia trasera', resolutionCode: 'REP' });
    await a.post(`/incidents/${old.body.id}/close`, {});
    const call = await a.post('/calls', { customerId: customer.body.id, serialNumber: 'h60 2231', toUserId: me.body.user.id, description: 'El horno no llega a temperatura' });
    callId = call.body.id;
  });
  afterAll(() => env?.close());

  it('takes an incident from a call by serial number showing warranty, then diagnoses, resolves and closes it', async () => {
    const page = await env.newPage();
    await env.login(page);
    await page.goto(`/calls/${callId}`);
    await page.getByRole('button', { name: 'Crear acción' }).click();
    await page.getByRole('menuitem', { name: 'Nueva incidencia' }).click();
    await page.getByTestId('serial-input').waitFor();
    await page.getByTestId('from-call-banner').waitFor();
    // The serial from the call identifies customer, item and warranty at once.
    const result = page.getByTestId('serial-result');
    await result.waitFor();
    await expect.poll(() => result.textContent()).toContain(customerName);
    await expect.poll(() => result.textContent()).toContain('Horno de convección H60');
    await expect.poll(() => result.textContent()).toMatch(/En garantía hasta/);
    await expect.poll(() => page.getByTestId('case-type').inputValue()).toBe('Garantía');
    await page.getByLabel('Síntoma').fill('No calienta: se queda en 90 grados');
    await page.getByTestId('similar-list').getByText('Cambio de resistencia trasera').waitFor();
    await page.getByRole('button', { name: 'Copiar solución al diagnóstico' }).click();
    await expect.poll(() => page.getByTestId('diagnosis-input').inputValue()).toContain('Cambio de resistencia trasera');
    await shot(page, 'incidents/intake-es');
    await expectSettledA11y(page, 'incidents/intake-es');
    await page.getByRole('button', { name: 'Registrar incidencia' }).click();

    // The incident page: open, from the call (now finished), warranty attached.
    await page.getByTestId('stage-badge').filter({ hasText: 'Abierta' }).waitFor();
    await page.getByText('En garantía hasta', { exact: false }).first().waitFor();
    const call = await env.api.get(`/calls/${callId}`);
    expect(call.body).toMatchObject({ pending: false, finishedByActionType: 'incident' });
    await expect.poll(() => page.getByTestId('missing-resolve').textContent()).toContain('la solución');
    const incidentUrl = page.url();
    const incidentId = incidentUrl.split('/').pop()!;

    // SLA clocks of the starter priorities, counting in business time.
    await page.getByTestId('incident-sla').getByText('Respuesta').waitFor();
    // The case sheet opens as a PDF.
    const href = await page.getByRole('link', { name: 'Hoja de trabajo (PDF)' }).getAttribute('href');
    expect(href).toBe(`/api/v1/incidents/${incidentId}/pdf`);
    const pdf = await page.request.get(href!);
    expect(pdf.headers()['content-type']).toBe('application/pdf');

    // Owner changes name the people, not #ids.
    await env.api.post(`/incidents/${incidentId}/delegate`, { toUserId: technicianId, note: 'Zona norte' });
    await page.reload();
    await page.getByText('Responsable: Sin asignar → Marta Ruiz').waitFor();

    // Supplies: add labour, change its quantity, totals follow.
    await page.getByRole('combobox', { name: 'Artículo' }).fill('MO-HORA');
    await page.getByRole('option', { name: /MO-HORA/ }).click();
    await page.getByRole('textbox', { name: 'Cantidad' }).fill('1,5');
    await page.getByRole('button', { name: 'Añadir suministro' }).click();
    await expect.poll(() => page.getByTestId('supplies-total').textContent()).toBe('81,68\u00a0€');
    await page.getByRole('button', { name: 'Cambiar Mano de obra técnico' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cambiar la línea de suministro' });
    await dialog.getByRole('textbox', { name: 'Cantidad' }).fill('2');
    await dialog.getByRole('button', { name: 'Guardar cambios' }).click();
    await expect.poll(() => page.getByTestId('supplies-total').textContent()).toBe('108,90\u00a0€');
    await expectSettledA11y(page, 'incidents/incident-open-es');

    await page.getByTestId('step-diagnose').click();
    await page.getByTestId('stage-badge').filter({ hasText: 'Diagnosticada' }).waitFor();
    await page.getByTestId('page-solution').fill('Cambio de resistencia y prueba de 30 minutos');
    await page.getByTestId('missing-resolve').filter({ hasText: 'código de resolución' }).waitFor();
    await page.getByRole('combobox', { name: 'Resolución general' }).click();
    await page.getByRole('option', { name: 'Reparado', exact: true }).click();
    await page.getByTestId('step-resolve').click();
    await page.getByTestId('stage-badge').filter({ hasText: 'Resuelta' }).waitFor();
    // The resolved badge (teal) once fell short of AA contrast.
    await expectSettledA11y(page, 'incidents/incident-resolved-es');
    await page.getByTestId('step-close').click();
    await page.getByTestId('stage-badge').filter({ hasText: 'Cerrada' }).waitFor();
    // The clocks stopped when it was resolved (the page refreshes them after each step).
    await page.getByTestId('incident-sla').getByText('Cumplido').first().waitFor();
    await shot(page, 'incidents/incident-es');
    await expectSettledA11y(page, 'incidents/incident-es');

    await switchLanguage(page, 'en');
    await page.getByTestId('stage-badge').filter({ hasText: 'Closed' }).waitFor();
    await shot(page, 'incidents/incident-en');
    await expectSettledA11y(page, 'incidents/incident-en');
    await page.goto('/incidents/new');
    await page.getByTestId('serial-input').waitFor();
    await shot(page, 'incidents/intake-en');
    await expectSettledA11y(page, 'incidents/intake-en');

    await page.goto('/incidents?view=all');
    await page.getByRole('row', { name: /Panadería La Espiga/ }).first().waitFor();
    await shot(page, 'incidents/inbox-en');
    await expectSettledA11y(page, 'incidents/inbox-en');
    await switchLanguage(page, 'es');
    await page.getByRole('tab', { name: 'Todas' }).waitFor();
    await shot(page, 'incidents/inbox-es');
    await expectSettledA11y(page, 'incidents/inbox-es');

    // The customer's timeline shows each incident's stage in words, and event types by their text.
    await page.goto(`/customers/${customerId}`);
    const timeline = page.locator('#customer-timeline');
    await timeline.getByText('Cerrada', { exact: true }).first().waitFor();
    expect(await timeline.getByText('Abierta', { exact: true }).count()).toBe(0);
    await shot(page, 'incidents/customer-timeline-es');
  }, 180_000);

  it('adds a new call to an open incident of the caller: an incoming-call event, the call finished', async () => {
    const a = env.api;
    const me = await a.get('/auth/me');
    const open = await a.post('/incidents', { serialNumber: 'H60-2231', symptom: 'La puerta del horno no cierra' });
    const call = await a.post('/calls', { customerId, toUserId: me.body.user.id, description: 'Llama otra vez: la puerta sigue sin cerrar' });
    const page = await env.newPage();
    await env.login(page);
    await page.goto(`/calls/${call.body.id}`);
    await page.getByRole('button', { name: 'Crear acción' }).click();
    await page.getByRole('menuitem', { name: 'Añadir a una incidencia' }).click();
    await page.getByTestId('from-call-banner').waitFor();
    // What the customer says now starts as the call's description; the type is an incoming call.
    await expect.poll(() => page.getByLabel('Qué dice el cliente').inputValue()).toBe('Llama otra vez: la puerta sigue sin cerrar');
    // The event types come from the catalog after the form opens: wait for the preset as a user would see it.
    await expect.poll(() => page.getByTestId('add-call-event-type').inputValue()).toContain('Llamada entrante');
    // The customer's only open incident is the one chosen.
    await expect.poll(() => page.getByRole('combobox', { name: 'Incidencia' }).inputValue()).toContain(open.body.number);
    await shot(page, 'incidents/add-call-es');
    await expectSettledA11y(page, 'incidents/add-call-es');
    await page.getByRole('button', { name: 'Añadir a una incidencia' }).click();
    await page.waitForURL(`**/incidents/${open.body.id}`);
    await page.getByText('Llama otra vez: la puerta sigue sin cerrar').first().waitFor();
    const after = await a.get(`/calls/${call.body.id}`);
    expect(after.body).toMatchObject({ pending: false });
    const incident = await a.get(`/incidents/${open.body.id}`);
    expect(incident.body.events).toEqual(
      expect.arrayContaining([expect.objectContaining({ typeCode: 'LLE', text: 'Llama otra vez: la puerta sigue sin cerrar', fromCallId: call.body.id })]),
    );
  }, 120_000);
});
