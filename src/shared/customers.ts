/**
 * The contract of the customers area (customers, contacts, timelines): the Zod schemas of its
 * answers, used by the server's routes (`response`) and, as types, by the web (`import type`).
 * No server imports here.
 */
import { z } from 'zod';
import { createdUpdated, customerIdNameRef, phonesEmails } from './fields.ts';

export const customerSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  taxId: z.string().nullable(),
  address: z
    .object({ street: z.string().optional(), city: z.string().optional(), postalCode: z.string().optional(), province: z.string().optional(), country: z.string().optional() })
    .nullable(),
  ...phonesEmails,
  regionCode: z.string().nullable(),
  language: z.enum(['es', 'en']),
  notes: z.string().nullable(),
  active: z.boolean(),
  ...createdUpdated,
});

export const contactSchema = z.object({
  id: z.string(),
  ...customerIdNameRef,
  name: z.string(),
  position: z.string().nullable(),
  ...phonesEmails,
  notes: z.string().nullable(),
  active: z.boolean(),
  ...createdUpdated,
});

export const feedEntrySchema = z.object({
  type: z.string(),
  id: z.string(),
  at: z.string(),
  title: z.string(),
  summary: z.string().nullable().optional(),
  status: z.string().nullable().optional(),
  pending: z.boolean().optional(),
  userName: z.string().nullable().optional(),
});

export type Customer = z.infer<typeof customerSchema>;
export type Address = NonNullable<Customer['address']>;
export type Contact = z.infer<typeof contactSchema>;
export type FeedEntry = z.infer<typeof feedEntrySchema>;
