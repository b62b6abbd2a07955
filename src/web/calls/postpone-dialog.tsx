/** "Aplazar": until a future date and time, a reason and the user or group that will handle it. */
import { Button, Group, Text, Textarea } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../app/format.ts';
import { notifySuccess } from '../ui/feedback.tsx';
import { FormDialog } from '../ui/form-dialog.tsx';
import { Icon } from '../ui/icons.tsx';
import { useApiForm } from '../ui/use-api-form.ts';
import { type CallDetail, callsApi, destinationBody, destinationValue } from './queries.ts';
import { DestinationSelect } from './parts.tsx';

type Values = { until: string | null; reason: string; to: string | null };

/** Quick choices: in an hour, this afternoon, tomorrow morning, next Monday morning. */
function presets(now = dayjs()) {
  const at = (d: dayjs.Dayjs, h: number) => d.hour(h).minute(0).second(0).millisecond(0);
  const list: Array<{ key: string; value: dayjs.Dayjs }> = [{ key: 'inOneHour', value: now.add(1, 'hour').second(0).millisecond(0) }];
  if (now.hour() < 15) list.push({ key: 'thisAfternoon', value: at(now, 16) });
  list.push({ key: 'tomorrowMorning', value: at(now.add(1, 'day'), 9) });
  const daysToMonday = (8 - now.day()) % 7 || 7;
  list.push({ key: 'nextMonday', value: at(now.add(daysToMonday, 'day'), 9) });
  return list;
}

export function PostponeDialog({ call, opened, onClose, onDone }: { call: CallDetail; opened: boolean; onClose: () => void; onDone: (c: CallDetail) => void }) {
  const { t } = useTranslation('calls');
  const f = useFormat();
  const form = useApiForm<Values, CallDetail>({
    initialValues: { until: null, reason: '', to: destinationValue(call) },
    fieldAliases: { toUserId: 'to', toGroupId: 'to' },
    submit: (v) =>
      callsApi.postpone(call.id, {
        // The picker gives a local "YYYY-MM-DD HH:mm:ss"; the API wants an instant.
        until: v.until ? dayjs(v.until).toISOString() : '',
        reason: v.reason,
        ...destinationBody(v.to),
      }),
    onSuccess: (c) => {
      notifySuccess(t('postpone.saved', { when: f.dateTime(c.postponedUntil) }));
      onDone(c);
    },
  });
  return (
    <FormDialog opened={opened} onClose={onClose} title={t('postpone.title')} form={form} submitLabel={t('postpone.save')} submitIcon={<Icon name="clock" size={16} />}>
      <DateTimePicker
        label={t('postpone.until')}
        withAsterisk
        valueFormat="DD/MM/YYYY HH:mm"
        minDate={dayjs().format('YYYY-MM-DD')}
        clearable
        {...form.select('until')}
      />
      <Group gap={6}>
        <Text size="xs" c="dimmed">
          {t('postpone.quick')}:
        </Text>
        {presets().map((p) => (
          <Button key={p.key} size="compact-xs" variant="light" onClick={() => form.setValue('until', p.value.format('YYYY-MM-DD HH:mm:ss'))}>
            {t(`postpone.${p.key}`)}
          </Button>
        ))}
      </Group>
      <Textarea label={t('postpone.reason')} withAsterisk autosize minRows={2} {...form.text('reason')} />
      <DestinationSelect label={t('postpone.to')} withAsterisk {...form.select('to')} />
    </FormDialog>
  );
}
