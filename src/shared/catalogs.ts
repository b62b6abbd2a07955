/**
 * The configuration tables ("Mantenimientos"). Shared with the web UI, which builds its forms
 * from this description. Flags that may be true on one entry only are listed in `uniqueFlags`.
 */
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
