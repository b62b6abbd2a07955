import { z } from 'zod';
import { boolQuery, idString, listQuery, pageSchema } from '../../http.ts';
import { contactSchema, customerSchema, feedEntrySchema } from '../../../shared/customers.ts';

export { contactSchema, customerSchema, feedEntrySchema };

const text = (max: number) => z.string().trim().max(max);

export const addressSchema = z
  .object({
    street: text(200).optional().describe('Street and number'),
    city: text(100).optional(),
    postalCode: text(20).optional().describe('Spanish addresses: 5 digits'),
    province: text(100).optional(),
    country: text(60).optional().describe('Spain when empty'),
  })
  .strict();

const phones = z.array(z.string().max(40)).max(10).describe('Phone numbers in any common format; stored as typed and normalised for caller-id look-ups');
const emails = z.array(z.email().max(200)).max(10);

export const customerCreateBody = z
  .object({
    code: text(30).min(1).describe('Customer code, unique'),
    name: text(200).min(1),
    taxId: text(20).nullish().describe('Spanish NIF, NIE or CIF; stored upper case without separators'),
    phones: phones.optional(),
    emails: emails.optional(),
    address: addressSchema.nullish(),
    regionCode: text(20).nullish().describe('Active code of the regions catalog'),
    language: z.enum(['es', 'en']).optional().describe('Language for documents and e-mails to the customer (default es)'),
    notes: text(5000).nullish(),
    active: z.boolean().optional(),
  })
  .strict();
export const customerUpdateBody = customerCreateBody.partial().strict();


export const customerListQuery = listQuery.extend({
  q: z.string().max(200).optional().describe('Name (accents optional), code, tax id, phone, e-mail, city'),
  regionCode: z.string().max(20).optional(),
  active: boolQuery.optional(),
  taxId: z.string().max(30).optional().describe('Exact tax id, separators allowed'),
  sort: z.enum(['name', 'code']).default('name'),
});

export const contactCreateBody = z
  .object({
    name: text(200).min(1),
    position: text(100).nullish().describe('Job title or department'),
    phones: phones.optional(),
    emails: emails.optional(),
    notes: text(5000).nullish(),
    active: z.boolean().optional(),
  })
  .strict();
export const contactWithCustomerBody = contactCreateBody.extend({ customerId: idString }).strict();
export const contactUpdateBody = contactCreateBody.partial().strict();


export const contactListQuery = listQuery.extend({
  customerId: idString.optional(),
  q: z.string().max(200).optional().describe('Name, position, e-mail or phone'),
  active: boolQuery.optional(),
});

export const feedQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(8000).optional(),
  types: z
    .string()
    .max(300)
    .optional()
    .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined))
    .describe('Comma-separated entry types (unit, contract, call, activity, incident…)'),
});


export const customerPage = pageSchema(customerSchema);
export const contactPage = pageSchema(contactSchema);
export const feedPage = pageSchema(feedEntrySchema);

export const callerLookupSchema = z.object({
  phone: z.string().describe('The number normalised: digits with the country code'),
  matches: z.array(z.object({ customer: customerSchema, contact: contactSchema.nullable() })),
});
