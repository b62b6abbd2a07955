/**
 * The contract of the products area (items, units, service contracts): the Zod schemas of its
 * answers, used by the server's routes (`response`) and, as types, by the web (`import type`).
 * No server imports here.
 */
import { z } from 'zod';
import { createdUpdated, customerNameRef } from './fields.ts';

/** Whether a unit is under warranty, and until when. */
export const warrantyState = z.object({ underWarranty: z.boolean(), until: z.string().nullable() });

export const ITEM_KINDS = ['product', 'service', 'supply', 'labour'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const itemSchema = z.object({
  id: z.string(),
  code: z.string(),
  description: z.string(),
  kind: z.enum(ITEM_KINDS),
  unitPriceCents: z.number(),
  vatRate: z.number(),
  warrantyMonths: z.number(),
  serialized: z.boolean(),
  unitTypeCode: z.string().nullable(),
  active: z.boolean(),
  ...createdUpdated,
});

export const contractSchema = z.object({
  id: z.string(),
  code: z.string(),
  ...customerNameRef,
  description: z.string().nullable(),
  serviceTypeCode: z.string().nullable(),
  priorityCode: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string(),
  active: z.boolean(),
  inForce: z.boolean().describe('Active and covering today (Europe/Madrid)'),
  ...createdUpdated,
});

export const unitSchema = z.object({
  id: z.string(),
  serialNumber: z.string(),
  itemId: z.string(),
  itemCode: z.string(),
  itemDescription: z.string(),
  ...customerNameRef,
  saleDate: z.string(),
  warrantyEnd: z.string().nullable(),
  contractId: z.string().nullable(),
  contractCode: z.string().nullable(),
  regionCode: z.string().nullable(),
  notes: z.string().nullable(),
  active: z.boolean(),
  warranty: warrantyState.describe('As of today (Europe/Madrid)'),
  contract: z.object({ underContract: z.boolean(), contractId: z.string().nullable(), until: z.string().nullable() }).describe('As of today (Europe/Madrid)'),
  ...createdUpdated,
});

export type Item = z.infer<typeof itemSchema>;
export type Contract = z.infer<typeof contractSchema>;
export type Unit = z.infer<typeof unitSchema>;
