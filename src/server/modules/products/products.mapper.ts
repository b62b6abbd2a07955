import type { Selectable } from 'kysely';
import { toBool } from '../../db/dialect.ts';
import type { ContractsTable, ItemsTable, UnitsTable } from './products.tables.ts';
import { coverageOn } from './warranty.ts';

import type { ItemKind } from '../../../shared/products.ts';

export { ITEM_KINDS, type ItemKind } from '../../../shared/products.ts';

export function toItem(r: Selectable<ItemsTable>) {
  return {
    id: String(r.id),
    code: r.code,
    description: r.description,
    kind: r.kind as ItemKind,
    unitPriceCents: Number(r.unit_price_cents),
    vatRate: r.vat_rate,
    warrantyMonths: r.warranty_months,
    serialized: toBool(r.serialized),
    unitTypeCode: r.unit_type_code,
    active: toBool(r.active),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type Item = ReturnType<typeof toItem>;

/** A contract as the repository reads it: its row and its customer's name. */
export type ContractRow = Selectable<ContractsTable> & { customer_name: string };

/** `today` is the calendar date (Europe/Madrid by default) `inForce` is computed for. */
export function toContract(r: ContractRow, today: string) {
  const active = toBool(r.active);
  return {
    id: String(r.id),
    code: r.code,
    customerId: String(r.customer_id),
    customerName: r.customer_name,
    description: r.description,
    serviceTypeCode: r.service_type_code,
    priorityCode: r.priority_code,
    startDate: r.start_date,
    endDate: r.end_date,
    active,
    inForce: active && r.start_date <= today && today <= r.end_date,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type Contract = ReturnType<typeof toContract>;

/** A unit as the repository reads it: its row (less the folded key) and its item, customer and contract. */
export type UnitRow = Omit<Selectable<UnitsTable>, 'serial_folded'> & {
  item_code: string;
  item_description: string;
  customer_name: string;
  contract_code: string | null;
  contract_active: boolean | number | null;
  contract_start: string | null;
  contract_end: string | null;
};

/** A unit with its warranty and contract coverage as of `today`. */
export function toUnit(r: UnitRow, today: string) {
  const contract =
    r.contract_id !== null && r.contract_start !== null && r.contract_end !== null
      ? { id: r.contract_id, active: toBool(r.contract_active), startDate: r.contract_start, endDate: r.contract_end }
      : null;
  const coverage = coverageOn({ warrantyEnd: r.warranty_end, contractId: r.contract_id }, contract, today);
  return {
    id: String(r.id),
    serialNumber: r.serial_number,
    itemId: String(r.item_id),
    itemCode: r.item_code,
    itemDescription: r.item_description,
    customerId: String(r.customer_id),
    customerName: r.customer_name,
    saleDate: r.sale_date,
    warrantyEnd: r.warranty_end,
    contractId: r.contract_id === null ? null : String(r.contract_id),
    contractCode: r.contract_code,
    regionCode: r.region_code,
    notes: r.notes,
    active: toBool(r.active),
    warranty: coverage.warranty,
    contract: coverage.contract,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type Unit = ReturnType<typeof toUnit>;
