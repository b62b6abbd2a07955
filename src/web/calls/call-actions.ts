/**
 * Actions that can be created from a call (technical activity, task, incident, time entry…).
 * Each area that has one registers it here once, from its module file:
 *
 *   registerCallAction({ id: 'task', label: 'tasks:fromCall', href: (call) => `/tasks/new?fromCallId=${call.id}&customerId=${call.customerId ?? ''}` });
 *
 * The call page shows a "Create action" menu with them; the page they open must send
 * `fromCallId` in its POST, so the server finishes the call in the same transaction.
 */
import type { Call } from './queries.ts';

export type CallAction = {
  id: string;
  /** i18n key, 'namespace:key'. */
  label: string;
  href: (call: Call) => string;
  /** Place in the menu, lowest first (technical activity 10, commercial 20, task 30, time entry 40). */
  order?: number;
};

export const callActions: CallAction[] = [];

export function registerCallAction(action: CallAction) {
  if (callActions.some((a) => a.id === action.id)) return;
  callActions.push(action);
  callActions.sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
}
