/**
 * The caller's context at intake: one read over the areas that hold it, through their services (so
 * permissions, coverage and "in force" read the same here as on every other screen).
 */
import type { CallerContext } from '../../../shared/intake.ts';
import type { Ctx } from '../../context.ts';
import { listActivities } from '../activities/activities.service.ts';
import { listCalls } from '../calls/calls.service.ts';
import { getCustomer } from '../customers/customers.service.ts';
import { listIncidents } from '../incidents/incidents.service.ts';
import { listContracts, listUnits } from '../products/products.service.ts';
import { listTasks } from '../projects/tasks.service.ts';

const LIMIT = 10;

export async function callerContext(ctx: Ctx, customerId: number): Promise<CallerContext> {
  const customer = await getCustomer(ctx, customerId);
  const [calls, activities, tasks, incidents, units, contracts] = await Promise.all([
    listCalls(ctx, { view: 'all', pending: true, customerId: String(customerId), limit: LIMIT }),
    listActivities(ctx, { customerId, pending: true, limit: LIMIT }),
    listTasks(ctx, { customerId, status: 'pending', limit: LIMIT }),
    listIncidents(ctx, { customerId: String(customerId), open: 'true', limit: LIMIT }),
    listUnits(ctx, { customerId, active: true, limit: LIMIT }),
    listContracts(ctx, { customerId, inForce: true, limit: 50 }),
  ]);
  return {
    customer: { id: customer.id, code: customer.code, name: customer.name },
    openCalls: calls.items.map((c) => ({ id: c.id, registeredAt: c.registeredAt, description: c.description, statusCode: c.statusCode, postponedUntil: c.postponedUntil })),
    moreCalls: calls.nextCursor !== null,
    pendingActivities: activities.items.map((a) => ({ id: a.id, registeredAt: a.registeredAt, problem: a.problem, statusCode: a.statusCode })),
    moreActivities: activities.nextCursor !== null,
    pendingTasks: tasks.items.map((t) => ({ id: t.id, title: t.title, dueDate: t.dueDate })),
    moreTasks: tasks.nextCursor !== null,
    openIncidents: incidents.items.map((i) => ({ id: i.id, number: i.number, symptom: i.symptom, stage: i.stage, statusCode: i.statusCode, priorityCode: i.priorityCode })),
    moreIncidents: incidents.nextCursor !== null,
    units: units.items.map((u) => ({
      id: u.id,
      serialNumber: u.serialNumber,
      itemDescription: u.itemDescription,
      underWarranty: u.warranty.underWarranty,
      warrantyEnd: u.warranty.until,
      underContract: u.contract.underContract,
      contractId: u.contract.contractId,
      contractCode: u.contractCode,
      contractEnd: u.contract.until,
    })),
    moreUnits: units.nextCursor !== null,
    contracts: contracts.items.map((c) => ({ id: c.id, code: c.code, description: c.description, endDate: c.endDate, serviceTypeCode: c.serviceTypeCode, priorityCode: c.priorityCode })),
  };
}
