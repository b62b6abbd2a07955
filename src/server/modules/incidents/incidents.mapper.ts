/** Rows → API shapes (ids as strings, booleans through toBool) and → hook snapshots (ids as numbers). */
import type { Selectable } from 'kysely';
import { toBool } from '../../db/dialect.ts';
import type { CaseType, Incident, IncidentChange, IncidentEvent, IncidentListItem, IncidentSupply, Stage } from '../../../shared/incidents.ts';
import type { IncidentEventSnapshot, IncidentSnapshot, IncidentSupplySnapshot } from '../incident-hooks.ts';
import type { ChangeRow, EventRow, IncidentListRow, IncidentRow, SupplyRow } from './incidents.repository.ts';
import type { IncidentsTable } from './incidents.tables.ts';
import { formatQuantity, lineAmounts } from './incidents.rules.ts';

const idOrNull = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));

type BareRow = Selectable<IncidentsTable>;
type Names = Partial<Pick<IncidentRow, 'customer_code' | 'customer_name' | 'item_code' | 'item_description' | 'owner_user_name' | 'owner_group_name' | 'registered_by_name'>>;

export function toIncident(r: BareRow & Names): Incident {
  return {
    id: String(r.id),
    number: r.number,
    receivedAt: r.received_at,
    registeredAt: r.registered_at,
    registeredBy: idOrNull(r.registered_by),
    registeredByName: r.registered_by_name ?? null,
    originCode: r.origin_code,
    customerId: String(r.customer_id),
    customerCode: r.customer_code ?? null,
    customerName: r.customer_name ?? null,
    contactName: r.contact_name,
    contactAddress: r.contact_address,
    contactPhone: r.contact_phone,
    contactFax: r.contact_fax,
    contactEmail: r.contact_email,
    unitId: idOrNull(r.unit_id),
    serialNumber: r.serial_number,
    itemId: idOrNull(r.item_id),
    itemCode: r.item_code ?? null,
    itemDescription: r.item_description ?? null,
    warranty: {
      underWarranty: toBool(r.under_warranty),
      warrantyEnd: r.warranty_end,
      underContract: toBool(r.under_contract),
      contractId: idOrNull(r.contract_id),
      contractCode: r.contract_code,
      contractEnd: r.contract_end,
    },
    regionCode: r.region_code,
    serviceTypeCode: r.service_type_code,
    caseType: r.case_type as CaseType,
    reasonCode: r.reason_code,
    specificReasonCode: r.specific_reason_code,
    symptom: r.symptom,
    diagnosis: r.diagnosis,
    solution: r.solution,
    resolutionCode: r.resolution_code,
    specificResolutionCode: r.specific_resolution_code,
    estimatedCloseDate: r.estimated_close_date,
    ownerUserId: idOrNull(r.owner_user_id),
    ownerUserName: r.owner_user_name ?? null,
    ownerGroupId: idOrNull(r.owner_group_id),
    ownerGroupName: r.owner_group_name ?? null,
    statusCode: r.status_code,
    priorityCode: r.priority_code,
    stage: r.stage as Stage,
    firstResponseAt: r.first_response_at,
    diagnosedAt: r.diagnosed_at,
    resolvedAt: r.resolved_at,
    closedAt: r.closed_at,
    responseDueAt: r.response_due_at,
    resolutionDueAt: r.resolution_due_at,
    invoiceId: idOrNull(r.invoice_id),
    source: r.source_type && r.source_id !== null ? { type: r.source_type, id: String(r.source_id) } : null,
    updatedAt: r.updated_at,
  };
}

/** A row of a list page; the owner's names from the configuration cache (the service reads them). */
export function toIncidentListItem(r: IncidentListRow, owner: { userName: string | null; groupName: string | null }): IncidentListItem {
  return {
    id: String(r.id),
    number: r.number,
    receivedAt: r.received_at,
    customerId: String(r.customer_id),
    customerCode: r.customer_code,
    customerName: r.customer_name,
    unitId: idOrNull(r.unit_id),
    serialNumber: r.serial_number,
    caseType: r.case_type as CaseType,
    symptom: r.symptom,
    ownerUserId: idOrNull(r.owner_user_id),
    ownerUserName: owner.userName,
    ownerGroupId: idOrNull(r.owner_group_id),
    ownerGroupName: owner.groupName,
    statusCode: r.status_code,
    priorityCode: r.priority_code,
    stage: r.stage as Stage,
  };
}

export function toEvent(r: EventRow): IncidentEvent {
  return {
    id: String(r.id),
    incidentId: String(r.incident_id),
    typeCode: r.type_code,
    text: r.text,
    at: r.at,
    userId: idOrNull(r.user_id),
    userName: r.user_name ?? null,
    fromCallId: idOrNull(r.from_call_id),
    countsAsResponse: toBool(r.counts_as_response),
  };
}

export function toSupply(r: SupplyRow): IncidentSupply {
  const quantityMilli = Number(r.quantity_milli);
  const unitPriceCents = Number(r.unit_price_cents);
  return {
    id: String(r.id),
    incidentId: String(r.incident_id),
    itemId: String(r.item_id),
    itemCode: r.item_code ?? null,
    itemKind: r.item_kind ?? null,
    description: r.description,
    quantity: formatQuantity(quantityMilli),
    quantityMilli,
    unitPriceCents,
    costCents: Number(r.cost_cents),
    vatRateBp: r.vat_rate_bp,
    ...lineAmounts(quantityMilli, unitPriceCents, r.vat_rate_bp),
    createdAt: r.created_at,
    createdBy: idOrNull(r.created_by),
  };
}

export function toChange(r: ChangeRow): IncidentChange {
  return { id: String(r.id), at: r.at, userId: idOrNull(r.user_id), userName: r.user_name ?? null, kind: r.kind, from: r.from_value, to: r.to_value, fromName: null, toName: null, note: r.note };
}

export function toSupplySnapshot(r: SupplyRow): IncidentSupplySnapshot {
  return {
    id: r.id,
    itemId: r.item_id,
    description: r.description,
    quantityMilli: Number(r.quantity_milli),
    unitPriceCents: Number(r.unit_price_cents),
    costCents: Number(r.cost_cents),
    vatRateBp: r.vat_rate_bp,
  };
}

export function toSnapshot(r: BareRow, supplies: SupplyRow[]): IncidentSnapshot {
  return {
    id: r.id,
    number: r.number,
    customerId: r.customer_id,
    unitId: r.unit_id,
    itemId: r.item_id,
    contractId: r.contract_id,
    regionCode: r.region_code,
    serviceTypeCode: r.service_type_code,
    caseType: r.case_type as CaseType,
    stage: r.stage as Stage,
    statusCode: r.status_code,
    priorityCode: r.priority_code,
    ownerUserId: r.owner_user_id,
    ownerGroupId: r.owner_group_id,
    receivedAt: r.received_at,
    registeredAt: r.registered_at,
    firstResponseAt: r.first_response_at,
    resolvedAt: r.resolved_at,
    closedAt: r.closed_at,
    invoiceId: r.invoice_id,
    supplies: supplies.map(toSupplySnapshot),
  };
}

export function toEventSnapshot(r: { id: number; type_code: string; at: string; user_id: number | null; counts_as_response: boolean | number }, firstResponse: boolean): IncidentEventSnapshot {
  return { id: r.id, typeCode: r.type_code, at: r.at, userId: r.user_id, countsAsResponse: toBool(r.counts_as_response), firstResponse };
}
