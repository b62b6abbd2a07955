/**
 * Bulk finish and reassign on the call inbox: a checkbox per row (and per phone card), "select
 * all on the page", a bar with "Finalizar (n)" and "Reasignar a…", and a dialog that names how
 * many calls will change and asks to confirm. The server changes all of them or none
 * (POST /calls/bulk-finish, /calls/bulk-reassign); a refusal lists each refused call in the dialog.
 */
import { Alert, Button, Checkbox, Group, List, Modal, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../app/api.ts';
import { notifySuccess } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { type BulkCallRefusal, type CallListItem, destinationBody, useBulkCallAction, useDestinations } from './queries.ts';
import { callerText, DestinationSelect } from './parts.tsx';

/** Who a call is from, for labels: the caller, else its number. */
const who = (c: CallListItem) => callerText(c) ?? `#${c.id}`;

/**
 * The selected calls of the list: only pending calls on the page can be selected; the selection
 * is emptied when `resetKey` (the list's filters) changes, and a call that left the page (finished
 * elsewhere, refreshed away) drops out of it.
 */
export function useCallSelection(items: CallListItem[], resetKey: string) {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => setIds(new Set()), [resetKey]);
  const selectable = useMemo(() => items.filter((c) => c.pending), [items]);
  const selected = useMemo(() => selectable.filter((c) => ids.has(c.id)), [selectable, ids]);
  const all = selectable.length > 0 && selected.length === selectable.length;
  return {
    selected,
    isSelected: (c: CallListItem) => ids.has(c.id) && c.pending,
    toggle: (c: CallListItem, on: boolean) =>
      setIds((prev) => {
        const next = new Set(prev);
        if (on) next.add(c.id);
        else next.delete(c.id);
        return next;
      }),
    all,
    some: selected.length > 0 && !all,
    selectable: selectable.length > 0,
    toggleAll: () => setIds(all ? new Set() : new Set(selectable.map((c) => c.id))),
    clear: () => setIds(new Set()),
  };
}
export type CallSelection = ReturnType<typeof useCallSelection>;

export function SelectAllCheckbox({ selection }: { selection: CallSelection }) {
  const { t } = useTranslation('calls');
  return <Checkbox aria-label={t('bulk.selectAll')} checked={selection.all} indeterminate={selection.some} disabled={!selection.selectable} onChange={selection.toggleAll} data-testid="select-all-calls" />;
}

export function SelectCallCheckbox({ call, selection }: { call: CallListItem; selection: CallSelection }) {
  const { t } = useTranslation('calls');
  if (!call.pending) return null;
  return <Checkbox aria-label={t('bulk.selectOne', { who: who(call) })} checked={selection.isSelected(call)} onChange={(e) => selection.toggle(call, e.currentTarget.checked)} onClick={(e) => e.stopPropagation()} />;
}

/** The bar over the list while calls are selected (on a phone it also holds "select all"). */
export function BulkBar({ selection, phone }: { selection: CallSelection; phone: boolean }) {
  const { t } = useTranslation('calls');
  const [dialog, setDialog] = useState<'finish' | 'reassign' | null>(null);
  const n = selection.selected.length;
  if (!n && !(phone && selection.selectable)) return null;
  return (
    <Paper withBorder radius="md" p="xs" bg="gray.0" role="region" aria-label={t('bulk.region')} data-testid="bulk-bar">
      <Group gap="sm" wrap="wrap">
        {phone && <SelectAllCheckbox selection={selection} />}
        <Text size="sm" fw={500} aria-live="polite">
          {n ? t('bulk.selected', { count: n }) : ''}
        </Text>
        {n > 0 && (
          <>
            <Button size="xs" color="teal.9" leftSection={<Icon name="check" size={14} />} onClick={() => setDialog('finish')}>
              {t('bulk.finish', { count: n })}
            </Button>
            <Button size="xs" variant="default" onClick={() => setDialog('reassign')}>
              {t('bulk.reassign')}
            </Button>
            <Button size="xs" variant="subtle" onClick={selection.clear}>
              {t('bulk.clear')}
            </Button>
          </>
        )}
      </Group>
      {dialog && <BulkDialog kind={dialog} calls={selection.selected} onClose={() => setDialog(null)} onDone={selection.clear} />}
    </Paper>
  );
}

function BulkDialog({ kind, calls, onClose, onDone }: { kind: 'finish' | 'reassign'; calls: CallListItem[]; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('calls');
  const [to, setTo] = useState<string | null>(null);
  const action = useBulkCallAction();
  const { users, groups } = useDestinations();
  const count = calls.length;
  const byId = new Map(calls.map((c) => [c.id, c]));
  const error = action.error;
  const refused = error instanceof ApiError && error.code === 'calls_bulk_refused' ? (error.body.errors as BulkCallRefusal[]) : [];
  const toName = () => {
    const d = destinationBody(to);
    return d.toUserId ? (users.find((u) => u.id === d.toUserId)?.name ?? '') : (groups.find((g) => g.id === d.toGroupId)?.name ?? '');
  };
  const confirm = () => {
    const ids = calls.map((c) => c.id);
    const done = (message: string) => {
      notifySuccess(message);
      onDone();
      onClose();
    };
    if (kind === 'finish') action.mutate({ kind, ids }, { onSuccess: (r) => done(t('bulk.finished', { count: r.count })) });
    else if (to) {
      const name = toName();
      action.mutate({ kind, ids, to: destinationBody(to) }, { onSuccess: (r) => done(t('bulk.reassigned', { count: r.count, to: name })) });
    }
  };
  return (
    <Modal opened onClose={onClose} title={t(kind === 'finish' ? 'bulk.finishTitle' : 'bulk.reassignTitle', { count })} data-testid="bulk-dialog">
      <Stack gap="sm">
        <Text size="sm">{t(kind === 'finish' ? 'bulk.finishText' : 'bulk.reassignText', { count })}</Text>
        {kind === 'reassign' && <DestinationSelect label={t('bulk.reassignTo')} value={to} onChange={setTo} required data-autofocus comboboxProps={{ withinPortal: true }} />}
        {error && (
          <Alert color="red" icon={<Icon name="alert" />} role="alert" title={errorMessage(error)}>
            {refused.length > 0 && (
              <List size="sm" spacing={2}>
                {refused.map((r) => (
                  <List.Item key={r.id}>
                    {byId.get(r.id) ? t('bulk.refusedCall', { who: who(byId.get(r.id)!) }) : `#${r.id}`}: {r.detail}
                  </List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('actions.cancel')}
          </Button>
          <Button color={kind === 'finish' ? 'teal.9' : undefined} loading={action.isPending} disabled={kind === 'reassign' && !to} onClick={confirm}>
            {t(kind === 'finish' ? 'bulk.finishConfirm' : 'bulk.reassignConfirm', { count })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
