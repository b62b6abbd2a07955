/**
 * Bulk actions of the call inbox: finish or reassign up to 100 calls at once. Each call goes
 * through exactly the function that changes one call (finishCall, updateCall: same rules, same
 * audit entry per call), all inside ONE transaction: if any call is refused, nothing is saved and
 * the answer is a 409 `calls_bulk_refused` whose `errors` lists every refused call
 * (`{ id, field: 'ids', code, detail }`). A refusal that is about the request rather than a call
 * (an unknown destination) is that 400 as it is, naming its field.
 */
import type { BulkCallRefusal } from '../../../shared/calls.ts';
import { type Ctx, tx } from '../../context.ts';
import { AppError, fieldError } from '../../errors.ts';
import { translate } from '../../i18n/messages.ts';
import type { Call } from './calls.mapper.ts';
import { type CallDetail, finishCall, updateCall } from './calls.service.ts';

export type BulkResult = { count: number; items: Call[] };

/** The ids once each, in the order given. */
function distinct(ids: string[]): number[] {
  return [...new Set(ids.map(Number))];
}

const brief = ({ notes: _notes, postponements: _postponements, ...call }: CallDetail): Call => call;

/** Runs `one` on every call in one transaction; any refused call rolls all of them back. */
async function eachOrNone(ctx: Ctx, ids: string[], one: (c: Ctx, id: number) => Promise<CallDetail>): Promise<BulkResult> {
  const calls = distinct(ids);
  return tx(ctx, async (c) => {
    const items: Call[] = [];
    const refused: BulkCallRefusal[] = [];
    for (const id of calls) {
      try {
        items.push(brief(await one(c, id)));
      } catch (error) {
        // Not about one call (a database failure, or a field of the request): answered as it is.
        if (!(error instanceof AppError) || error.code === 'validation_failed') throw error;
        refused.push({ id: String(id), field: 'ids', code: error.code, detail: translate(c.locale, error.code, error.params) });
      }
    }
    if (refused.length) throw new AppError('calls_bulk_refused', { status: 409, params: { refused: refused.length, total: calls.length }, extra: { errors: refused } });
    return { count: items.length, items };
  });
}

/** POST /calls/bulk-finish: each call as POST /calls/{id}/finish, all or none. */
export function finishCalls(ctx: Ctx, ids: string[]): Promise<BulkResult> {
  return eachOrNone(ctx, ids, (c, id) => finishCall(c, id));
}

/** POST /calls/bulk-reassign: each call as PATCH /calls/{id} with the new destination, all or none. */
export function reassignCalls(ctx: Ctx, input: { ids: string[]; toUserId?: string | null; toGroupId?: string | null }): Promise<BulkResult> {
  if (!input.toUserId && !input.toGroupId) throw fieldError('toUserId', 'call_destination_required');
  const to = input.toUserId && !input.toGroupId ? { toUserId: input.toUserId } : input.toGroupId && !input.toUserId ? { toGroupId: input.toGroupId } : { toUserId: input.toUserId, toGroupId: input.toGroupId };
  return eachOrNone(ctx, input.ids, (c, id) => updateCall(c, id, to));
}
