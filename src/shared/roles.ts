/** Roles and what each may do. Shared with the web UI so it hides what the server would refuse. */
export const ROLES = ['admin', 'supervisor', 'agent', 'technician', 'billing', 'readonly'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** read any business data (every role) */
  read: ['admin', 'supervisor', 'agent', 'technician', 'billing', 'readonly'],
  /** create and change customers, contacts, items, units, contracts */
  'masterdata.write': ['admin', 'supervisor', 'agent', 'technician', 'billing'],
  /** configuration tables */
  'catalogs.write': ['admin', 'supervisor'],
  /** users, groups, API tokens */
  'users.manage': ['admin'],
  /** incoming calls, activities, tasks, time, incidents: day-to-day support work */
  'support.write': ['admin', 'supervisor', 'agent', 'technician'],
  /** issue invoices, rectify and void them, record payments (billing staff and administrators only) */
  'billing.write': ['admin', 'billing'],
  /** the company's billing data, series and VERI*FACTU settings */
  'billing.settings': ['admin'],
  /** the audit trail */
  'audit.read': ['admin', 'supervisor'],
  /** reports and statistics */
  'reports.read': ['admin', 'supervisor', 'agent', 'technician', 'billing', 'readonly'],
  /** the billing report: invoiced, collected, outstanding and overdue money */
  'reports.billing': ['admin', 'supervisor', 'billing'],
  /** the supervisor's dashboard: what is late now, SLA compliance, commonest reasons */
  'reports.dashboard': ['admin', 'supervisor'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: string, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly string[]).includes(role);
}

/** Everything `role` may do. */
function permissionsOf(role: string): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p));
}

/**
 * The role an API token acts with: its own, but never more than its owner may do now. When neither
 * role's permissions contain the other's, it is the read-only role.
 */
export function cappedRole(tokenRole: Role, ownerRole: Role): Role {
  const token = permissionsOf(tokenRole);
  const owner = permissionsOf(ownerRole);
  if (token.every((p) => owner.includes(p))) return tokenRole;
  if (owner.every((p) => token.includes(p))) return ownerRole;
  return 'readonly';
}
