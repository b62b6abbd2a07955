/**
 * A page opened from a call (`?fromCallId=…`, e.g. the customer page): the banner that says so,
 * and the call id to pass to every action created there — only while the call is still pending.
 * Once an action finished it, the banner says that instead and the actions stop carrying it.
 */
import { Alert, Anchor, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useFormat } from '../app/format.ts';
import { notifySuccess } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { type CallDetail, useCall, useCallFinishedElsewhere } from './queries.ts';
import { callerText } from './parts.tsx';

export type FromCall = {
  /** The call id to send as fromCallId: set only while the call is pending. */
  callId: string | undefined;
  call: CallDetail | undefined;
  /** Forget the call: the page's actions no longer finish it. */
  drop: () => void;
};

export function useFromCall(): FromCall {
  const [params, setParams] = useSearchParams();
  const id = params.get('fromCallId') || undefined;
  const call = useCall(id);
  const drop = () =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        next.delete('fromCallId');
        return next;
      },
      { replace: true },
    );
  return { callId: id && call.data?.pending ? id : undefined, call: id ? call.data : undefined, drop };
}

/** After an action was saved with fromCallId: say the call is finished, drop its cached pending copy and refresh the inbox. */
export function useCallFinishedNotice() {
  const { t } = useTranslation('calls');
  const finishedElsewhere = useCallFinishedElsewhere();
  return (callId: string | null | undefined) => {
    if (!callId) return;
    notifySuccess(t('fromCall.finishedNotice', { id: callId }));
    finishedElsewhere(callId);
  };
}

export function FromCallBanner({ fromCall }: { fromCall: FromCall }) {
  const { t } = useTranslation('calls');
  const f = useFormat();
  const { call } = fromCall;
  if (!call) return null;
  const who = callerText(call) ?? t('call.unknownCaller');
  if (!call.pending) {
    return (
      <Alert color="green" icon={<Icon name="check" />} data-testid="from-call-banner" withCloseButton closeButtonLabel={t('fromCall.dismiss')} onClose={fromCall.drop}>
        <Text size="sm">
          {t('fromCall.finished', { who, when: call.finishedAt ? f.dateTime(call.finishedAt) : '' })}
          {call.finishedByActionType && ` ${t('fromCall.finishedBy', { action: t(`entities.${call.finishedByActionType}`, { defaultValue: call.finishedByActionType }), id: call.finishedByActionId })}`}{' '}
          <Anchor component={Link} to={`/calls/${call.id}`} size="sm">
            {t('fromCall.open', { id: call.id })}
          </Anchor>
        </Text>
      </Alert>
    );
  }
  return (
    <Alert color="orange" variant="light" icon={<Icon name="phone" />} data-testid="from-call-banner" title={t('fromCall.title', { who })}>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm" lineClamp={2} style={{ flex: 1, minWidth: 240 }}>
          {call.description || t('call.noDescription')}
        </Text>
        <Group gap="xs">
          <Button component={Link} to={`/calls/${call.id}`} size="xs" variant="light" color="orange" leftSection={<Icon name="phone" size={14} />}>
            {t('fromCall.back', { id: call.id })}
          </Button>
          <Button size="xs" variant="subtle" color="gray" onClick={fromCall.drop} leftSection={<Icon name="x" size={14} />}>
            {t('fromCall.drop')}
          </Button>
        </Group>
      </Group>
    </Alert>
  );
}
