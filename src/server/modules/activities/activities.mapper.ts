import { toBool } from '../../db/dialect.ts';
import type { Locale } from '../../i18n/messages.ts';
import { translate } from '../../i18n/messages.ts';
import type { ActivityRow } from './activities.repository.ts';

export type AutomaticActionReport = {
  kind: string;
  status: 'done' | 'failed';
  /** why it failed, in the caller's language */
  error?: string;
  /** stable code of the failure */
  errorCode?: string;
  /** the record it produced */
  result?: { type: string; id: string };
};

export function toAutomaticAction(
  r: { kind: string | null; status: string | null; error: string | null; resultType: string | null; resultId: number | null },
  locale: Locale,
): AutomaticActionReport | null {
  if (!r.kind || !r.status) return null;
  const out: AutomaticActionReport = { kind: r.kind, status: r.status as 'done' | 'failed' };
  if (r.error) {
    out.errorCode = r.error;
    out.error = translate(locale, r.error);
  }
  if (r.resultType && r.resultId) out.result = { type: r.resultType, id: String(r.resultId) };
  return out;
}

export function toActivity(r: ActivityRow, locale: Locale, extra: { attachmentCount?: number } = {}) {
  return {
    id: String(r.id),
    registeredAt: r.registered_at,
    registeredBy: String(r.registered_by),
    registeredByName: r.registered_by_name,
    statusCode: r.status_code,
    pending: toBool(r.pending),
    customerId: r.customer_id ? String(r.customer_id) : null,
    customerCode: r.customer_code ?? null,
    customerName: r.customer_name ?? null,
    projectId: r.project_id ? String(r.project_id) : null,
    originCode: r.origin_code,
    problemTypeCode: r.problem_type_code,
    problem: r.problem,
    solutionTypeCode: r.solution_type_code,
    solution: r.solution,
    fromCallId: r.from_call_id ? String(r.from_call_id) : null,
    automaticAction: toAutomaticAction(
      { kind: r.action_kind, status: r.action_status, error: r.action_error, resultType: r.action_result_type, resultId: r.action_result_id },
      locale,
    ),
    ...(extra.attachmentCount !== undefined ? { attachmentCount: extra.attachmentCount } : {}),
    updatedAt: r.updated_at,
    updatedBy: r.updated_by ? String(r.updated_by) : null,
  };
}
export type Activity = ReturnType<typeof toActivity>;
