import { z } from 'zod';
import { boolQuery, idString, isoDate, listQuery, pageSchema } from '../../http.ts';
import { contractSchema, ITEM_KINDS, itemSchema, unitSchema } from '../../../shared/products.ts';

export { contractSchema, itemSchema, unitSchema };

const text = (max: number) => z.string().trim().max(max);

export const itemCreateBody = z
  .object({
    code: text(40).min(1).describe('Item code, unique'),
    description: text(300).min(1),
    kind: z.enum(ITEM_KINDS).describe('product, service, supply (part) or labour'),
    unitPriceCents: z.number().int().min(0).max(1e12).optional().describe('Price before VAT, integer cents'),
    vatRate: z.number().int().min(0).max(10000).optional().describe('VAT rate in basis points (2100 = 21 %); default 2100'),
    warrantyMonths: z.number().int().min(0).max(600).optional().describe('Warranty of a sold unit, in months'),
    serialized: z.boolean().optional().describe('Sold as units with serial numbers'),
    unitTypeCode: text(20).nullish().describe('Active code of the unit-types catalog'),
    active: z.boolean().optional(),
  })
  .strict();
export const itemUpdateBody = itemCreateBody.partial().strict();


export const itemListQuery = listQuery.extend({
  q: z.string().max(200).optional().describe('Words of the code or description'),
  kind: z.enum(ITEM_KINDS).optional(),
  active: boolQuery.optional(),
  serialized: boolQuery.optional(),
});

const contractFields = {
  code: text(40).min(1).describe('Contract code, unique'),
  customerId: idString,
  description: text(500).nullish(),
  serviceTypeCode: text(20).nullish().describe('Active code of the service-types catalog'),
  priorityCode: text(20).nullish().describe('Active code of the priorities catalog'),
  startDate: isoDate,
  endDate: isoDate.describe('Last day covered (inclusive), not before startDate'),
  active: z.boolean().optional(),
};
export const contractCreateBody = z.object(contractFields).strict();
export const contractUpdateBody = contractCreateBody.partial().strict();


export const contractListQuery = listQuery.extend({
  q: z.string().max(200).optional().describe('Words of the code or description'),
  customerId: idString.optional(),
  active: boolQuery.optional(),
  inForce: boolQuery.optional().describe('true: only contracts active and covering today'),
});

export const unitCreateBody = z
  .object({
    serialNumber: text(80).min(1).describe('Serial number, unique however it is typed'),
    itemId: idString.describe('A serialized item'),
    customerId: idString,
    saleDate: isoDate,
    warrantyEnd: isoDate.nullish().describe('Default: sale date + the item warranty months; null for none'),
    contractId: idString.nullish().describe("One of the customer's contracts"),
    regionCode: text(20).nullish().describe("Active code of the regions catalog; default the customer's region"),
    notes: text(5000).nullish(),
    active: z.boolean().optional(),
  })
  .strict();
export const unitUpdateBody = unitCreateBody.partial().strict();


export const unitListQuery = listQuery.extend({
  q: z.string().max(200).optional().describe('Serial number, or part of it'),
  customerId: idString.optional(),
  itemId: idString.optional(),
  contractId: idString.optional(),
  active: boolQuery.optional(),
  underWarranty: boolQuery.optional().describe('Under warranty today (Europe/Madrid)'),
});

export const itemPage = pageSchema(itemSchema);
export const contractPage = pageSchema(contractSchema);
export const unitPage = pageSchema(unitSchema);
