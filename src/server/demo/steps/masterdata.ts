/**
 * Demo master data: the catalogue of items, ~40 customers with contacts, service contracts and
 * ~125 serialized units sold over the last four years (so some are under warranty and some not).
 */
import { addDays, addMonths, type DemoStep } from '../demo-kit.ts';
import { DEMO_CUSTOMERS } from '../demo-customers.ts';
import { DEMO_ITEMS } from '../demo-items.ts';

export const masterdataStep: DemoStep = {
  name: 'masterdata',
  async run({ api, state, random, today }) {
    const existingItems = new Map((await api.all<{ id: string; code: string }>('/items')).map((i) => [i.code, i.id]));
    for (const it of DEMO_ITEMS) {
      let id = existingItems.get(it.code);
      if (!id) {
        id = (
          await api.post<{ id: string }>('/items', {
            code: it.code,
            description: it.description,
            kind: it.kind,
            unitPriceCents: it.priceCents,
            vatRate: it.vatRate,
            warrantyMonths: it.warrantyMonths,
            serialized: it.kind === 'product',
            unitTypeCode: it.unitType ?? null,
          })
        ).id;
      }
      state.items[it.code] = id;
    }

    let contacts = 0;
    let units = 0;
    let contracts = 0;
    let serial = 0;
    for (const c of DEMO_CUSTOMERS) {
      const customer = await api.post<{ id: string }>('/customers', {
        code: c.code,
        name: c.name,
        taxId: c.taxId,
        phones: c.phones,
        emails: c.emails,
        address: c.address,
        regionCode: c.regionCode,
        language: c.language ?? 'es',
      });
      state.customers[c.code] = customer.id;
      for (const [i, k] of c.contacts.entries()) {
        const contact = await api.post<{ id: string }>(`/customers/${customer.id}/contacts`, { name: k.name, position: k.position, phones: k.phones, emails: k.emails });
        state.contacts[`${c.code}/${i}`] = contact.id;
        contacts++;
      }

      let contractId: string | null = null;
      let contractStart: string | undefined;
      if (c.contract) {
        contractStart = addMonths(today, -c.contract.startMonthsAgo);
        const endDate = addDays(addMonths(contractStart, 12 * c.contract.years), -1);
        const code = `CT-${contractStart.slice(0, 4)}-${c.code}`;
        const contract = await api.post<{ id: string }>('/contracts', {
          code,
          customerId: customer.id,
          description: c.contract.description,
          serviceTypeCode: c.contract.serviceTypeCode,
          priorityCode: c.contract.priorityCode,
          startDate: contractStart,
          endDate,
        });
        contractId = contract.id;
        state.contracts[code] = contract.id;
        contracts++;
      }

      for (const itemCode of c.equipment) {
        const item = DEMO_ITEMS.find((i) => i.code === itemCode);
        if (!item?.serialPrefix) throw new Error(`demo customer ${c.code}: ${itemCode} is not a serialized product`);
        // Sold at some point of the last four years; units under a contract were mostly sold first.
        const fourYearsAgo = addDays(today, -4 * 365);
        const beforeContract = contractStart && random.chance(0.7) ? addDays(contractStart, -random.int(0, 700)) : undefined;
        const saleDate = beforeContract && beforeContract > fourYearsAgo ? beforeContract : addDays(today, -random.int(10, 4 * 365));
        serial++;
        const serialNumber = `${item.serialPrefix}${saleDate.slice(2, 4)}${String(48_213 + serial * 37).padStart(6, '0')}`;
        const unit = await api.post<{ id: string }>('/units', {
          serialNumber,
          itemId: state.items[itemCode],
          customerId: customer.id,
          saleDate,
          contractId,
        });
        state.units[serialNumber] = unit.id;
        units++;
      }
    }
    return `${DEMO_ITEMS.length} artículos, ${DEMO_CUSTOMERS.length} clientes, ${contacts} contactos, ${contracts} contratos, ${units} equipos con número de serie`;
  },
};
