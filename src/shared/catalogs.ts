/**
 * The configuration tables ("Mantenimientos"). Shared with the web UI, which builds its forms
 * from this description. Flags that may be true on one entry only are listed in `uniqueFlags`.
 */
import { z } from 'zod';

export const CATALOG_NAMES = [
  'call-statuses',
  'call-types',
  'activity-statuses',
  'origins',
  'problem-types',
  'solution-types',
  'incident-statuses',
  'priorities',
  'reason-codes',
  'resolution-codes',
  'incident-event-types',
  'payment-terms',
  'regions',
  'service-types',
  'unit-types',
  'vat-rates',
  'assignment-rules',
] as const;
export type CatalogName = (typeof CATALOG_NAMES)[number];

export type FlagName = 'pending' | 'isDefault' | 'defaultPending' | 'defaultFinished';

export type CatalogDefinition = {
  /** exact code length where the seeds call the code two-character */
  codeLength?: number;
  flags: FlagName[];
  uniqueFlags: FlagName[];
  /** entries may hang under a general entry (reason and resolution codes) */
  hierarchical?: boolean;
};

export const CATALOGS: Record<CatalogName, CatalogDefinition> = {
  'call-statuses': { codeLength: 2, flags: ['pending', 'defaultPending', 'defaultFinished'], uniqueFlags: ['defaultPending', 'defaultFinished'] },
  'call-types': { codeLength: 2, flags: ['isDefault'], uniqueFlags: ['isDefault'] },
  'activity-statuses': { codeLength: 2, flags: ['pending', 'isDefault'], uniqueFlags: ['isDefault'] },
  origins: { codeLength: 2, flags: ['isDefault'], uniqueFlags: ['isDefault'] },
  'problem-types': { codeLength: 2, flags: [], uniqueFlags: [] },
  'solution-types': { codeLength: 2, flags: [], uniqueFlags: [] },
  'incident-statuses': { flags: ['pending', 'isDefault'], uniqueFlags: ['isDefault'] },
  priorities: { flags: ['isDefault'], uniqueFlags: ['isDefault'] },
  'reason-codes': { flags: [], uniqueFlags: [], hierarchical: true },
  'resolution-codes': { flags: [], uniqueFlags: [], hierarchical: true },
  'incident-event-types': { flags: ['isDefault'], uniqueFlags: ['isDefault'] },
  'payment-terms': { flags: ['isDefault'], uniqueFlags: ['isDefault'] },
  regions: { flags: [], uniqueFlags: [] },
  'service-types': { flags: [], uniqueFlags: [] },
  'unit-types': { flags: [], uniqueFlags: [] },
  'vat-rates': { flags: ['isDefault'], uniqueFlags: ['isDefault'] },
  'assignment-rules': { flags: [], uniqueFlags: [] },
};

export const AUTOMATIC_ACTIONS = ['none', 'create_incident', 'email_customer', 'notify_user', 'schedule_callback', 'create_task'] as const;
export type AutomaticAction = (typeof AUTOMATIC_ACTIONS)[number];

/**
 * One entry of a configuration table as the API answers it: code, descriptions, flags, plus the
 * attributes its catalog carries (`CATALOG_ATTRIBUTES`, e.g. `rate` of a VAT rate) — hence loose.
 */
export const catalogEntrySchema = z.looseObject({
  code: z.string(),
  descriptionEs: z.string(),
  descriptionEn: z.string(),
  active: z.boolean().describe('Retired codes stay valid on old records and are not offered for new ones'),
  sortOrder: z.number(),
  parentCode: z.string().nullable(),
  pending: z.boolean(),
  isDefault: z.boolean(),
  defaultPending: z.boolean(),
  defaultFinished: z.boolean(),
});
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

/** GET /catalogs: every configuration table with its flags and attributes. */
export const catalogIndexSchema = z.object({
  items: z.array(
    z.object({
      name: z.enum(CATALOG_NAMES),
      codeLength: z.number().optional(),
      flags: z.array(z.enum(['pending', 'isDefault', 'defaultPending', 'defaultFinished'])),
      uniqueFlags: z.array(z.enum(['pending', 'isDefault', 'defaultPending', 'defaultFinished'])),
      hierarchical: z.boolean().optional(),
      attributes: z.array(z.string()),
    }),
  ),
  automaticActions: z.array(z.string()).describe('Automatic actions offered to solution types'),
});
export type CatalogIndex = z.infer<typeof catalogIndexSchema>;
