/**
 * The one line every action (technical or commercial activity, task, incident, incident event,
 * time entry, quick time entry) adds to its create function so that `fromCallId` finishes the call
 * it was created from:
 *
 *   return tx(ctx, async (c) => {
 *     const id = await repo.insertActivity(c.db, …);
 *     await finishCallFromAction(c, input.fromCallId, { type: 'activity', id });
 *     …
 *   });
 *
 * Call it with the action's transaction context: the call is finished in the same transaction, so
 * if the action fails afterwards (or this refuses), nothing is saved and the call stays pending.
 */
import { type Ctx, tx } from '../../context.ts';
import { fieldError } from '../../errors.ts';
import { type CallDetail, finishCall } from './calls.service.ts';

/**
 * Finishes the call `fromCallId` (when given) as done by `action`: finish stamps, the
 * default-finished status and `finishedByActionType/Id`. Refuses with 409 `call_already_finished`
 * a call that is already finished, and with 400 on `fromCallId` an id that is not a call.
 */
export async function finishCallFromAction(ctx: Ctx, fromCallId: string | null | undefined, action: { type: string; id: number }): Promise<CallDetail | null> {
  if (fromCallId === null || fromCallId === undefined || fromCallId === '') return null;
  if (!/^\d{1,15}$/.test(String(fromCallId))) throw fieldError('fromCallId', 'invalid_format');
  return tx(ctx, (c) => finishCall(c, Number(fromCallId), { action, field: 'fromCallId' }));
}
