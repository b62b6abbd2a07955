/**
 * The choices of the quick time entry (spec section 4, steps 1–3), as pure functions so every
 * branch is tested on its own. The service feeds them what it read inside the transaction.
 */

export type ProjectFacts = { id: number; code: string; customerId: number; active: boolean };

export type ProjectChoice =
  /** no active project and no project with the customer's code: create one coded as the customer */
  | { action: 'create' }
  /** no active project, but an inactive one of this customer has its code: reactivate it */
  | { action: 'reactivate'; projectId: number }
  | { action: 'use'; projectId: number; reason: 'only_active' | 'customer_code' | 'requested' }
  /** several active projects, none coded as the customer: the user must choose */
  | { action: 'choose'; candidateIds: number[] }
  /** the project to create would take a code that another customer's project already has */
  | { action: 'code_taken' }
  /** the project the user chose is not one of this customer's active projects */
  | { action: 'invalid_request'; code: 'unknown_reference' | 'project_not_of_customer' | 'project_inactive' };

/**
 * @param activeProjects the customer's active projects
 * @param coded the project (of any customer, active or not) whose code equals the customer's code
 * @param requested the project the user chose (after being asked), or null
 */
export function chooseProject(input: {
  customerId: number;
  customerCode: string;
  activeProjects: ProjectFacts[];
  coded: ProjectFacts | null;
  requested: ProjectFacts | null | 'missing';
}): ProjectChoice {
  const { customerId, customerCode, activeProjects, coded, requested } = input;
  if (requested === 'missing') return { action: 'invalid_request', code: 'unknown_reference' };
  if (requested) {
    if (requested.customerId !== customerId) return { action: 'invalid_request', code: 'project_not_of_customer' };
    if (!requested.active) return { action: 'invalid_request', code: 'project_inactive' };
    return { action: 'use', projectId: requested.id, reason: 'requested' };
  }
  if (activeProjects.length === 0) {
    if (!coded) return { action: 'create' };
    if (coded.customerId !== customerId) return { action: 'code_taken' };
    return { action: 'reactivate', projectId: coded.id };
  }
  if (activeProjects.length === 1) return { action: 'use', projectId: activeProjects[0].id, reason: 'only_active' };
  const own = activeProjects.find((p) => p.code === customerCode);
  if (own) return { action: 'use', projectId: own.id, reason: 'customer_code' };
  return { action: 'choose', candidateIds: activeProjects.map((p) => p.id) };
}

export type TaskChoice = { action: 'create' } | { action: 'use'; taskId: number };

/** Step 3: no pending task in the project → create one; otherwise the most recent pending one. */
export function chooseTask(pendingTasks: Array<{ id: number; createdAt: string }>): TaskChoice {
  if (pendingTasks.length === 0) return { action: 'create' };
  const latest = pendingTasks.reduce((a, b) => (b.createdAt > a.createdAt || (b.createdAt === a.createdAt && b.id > a.id) ? b : a));
  return { action: 'use', taskId: latest.id };
}

/** The title of the task a quick entry creates: the first line of its text, shortened. */
export function taskTitleFromText(text: string, max = 120): string {
  const first = text.trim().split(/\r?\n/)[0].trim();
  return first.length > max ? `${first.slice(0, max - 1).trimEnd()}…` : first;
}
