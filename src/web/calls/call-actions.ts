/**
 * Actions that can be created from a call (technical activity, task, incident, time entry…).
 * Each area that has one registers it here once, from its module file:
 *
 *   registerCallAction({ id: 'task', label: 'tasks:fromCall', href: (call) => `/tasks/new?fromCallId=${call.id}&customerId=${call.customerId ?? ''}` });
 *
 * The call page shows a "Create action" menu with them; the page they open must send
 * `fromCallId` in its POST, so the server finishes the call in the same transaction.
 */
import type { Call } from './api.ts';

export type CallAction = {
  id: string;
  /** i18n key, 'namespace:key'. */
  label: string;
  href: (call: Call) => string;
};

export const callActions: CallAction[] = [];

export function registerCallAction(action: CallAction) {
  if (!callActions.some((a) => a.id === action.id)) callActions.push(action);
}
