/**
 * Warranty and contract coverage of a unit. Pure functions over `YYYY-MM-DD` dates, so they are
 * free of time zones: the caller decides what "today" is (Europe/Madrid by default).
 */

function parseDate(date: string): { y: number; m: number; d: number } {
  const [y, m, d] = date.split('-').map(Number);
  return { y, m, d };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Adds whole calendar months; a day that does not exist in the target month becomes that month's
 * last day (2024-01-31 + 1 month = 2024-02-29, 2023-01-31 + 1 month = 2023-02-28).
 */
export function addMonths(date: string, months: number): string {
  const { y, m, d } = parseDate(date);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return `${pad(ny, 4)}-${pad(nm)}-${pad(Math.min(d, daysInMonth(ny, nm)))}`;
}

/** Warranty end when none is given: sale date + the item's warranty months; none without months. */
export function defaultWarrantyEnd(saleDate: string, warrantyMonths: number): string | null {
  return warrantyMonths > 0 ? addMonths(saleDate, warrantyMonths) : null;
}

export type CoverageUnit = { warrantyEnd: string | null; contractId: string | number | null };
export type CoverageContract = { id: string | number; active: boolean; startDate: string; endDate: string } | null | undefined;

export type Coverage = {
  warranty: { underWarranty: boolean; until: string | null };
  contract: { underContract: boolean; contractId: string | null; until: string | null };
};

/**
 * A unit is under warranty on a date when that date ≤ its warranty end; under contract when its
 * contract is active and covers that date (start ≤ date ≤ end).
 */
export function coverageOn(unit: CoverageUnit, contract: CoverageContract, date: string): Coverage {
  const underWarranty = unit.warrantyEnd !== null && date <= unit.warrantyEnd;
  const linked = contract && unit.contractId !== null && String(contract.id) === String(unit.contractId) ? contract : null;
  const underContract = Boolean(linked && linked.active && linked.startDate <= date && date <= linked.endDate);
  return {
    warranty: { underWarranty, until: unit.warrantyEnd },
    contract: {
      underContract,
      contractId: unit.contractId === null ? null : String(unit.contractId),
      until: linked ? linked.endDate : null,
    },
  };
}
