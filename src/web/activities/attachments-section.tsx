/** Files attached to a record: list with downloads, upload (checked and typed by the server), removal. */
import { Anchor, Button, FileButton, Group, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { API_BASE } from '../app/api.ts';
import { useCan } from '../app/auth.tsx';
import { LoadError, notifyError, notifySuccess } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { RemoveIconButton } from '../ui/list.tsx';
import { Section } from '../ui/page.tsx';
import { When } from '../ui/when.tsx';
import { activitiesKeys, type Attachment, attachmentsApi, useAttachments } from './queries.ts';
import { useFormat } from '../app/format.ts';

function size(bytes: number, number: (n: number, o?: Intl.NumberFormatOptions) => string) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${number(bytes / 1024, { maximumFractionDigits: 0 })} KB`;
  return `${number(bytes / 1024 / 1024, { maximumFractionDigits: 1 })} MB`;
}

export function AttachmentsSection({ basePath, onChange }: { basePath: string; onChange?: () => void }) {
  const { t } = useTranslation('activities');
  const f = useFormat();
  const canWrite = useCan('support.write');
  const queryClient = useQueryClient();
  const key = activitiesKeys.attachments(basePath);
  const list = useAttachments(basePath);

  const upload = useMutation({
    mutationFn: (file: File) => attachmentsApi.upload(basePath, file),
    onSuccess: (a) => {
      notifySuccess(t('attachments.uploaded', { name: a.fileName }));
      void queryClient.invalidateQueries({ queryKey: key });
      onChange?.();
    },
    onError: (e) => notifyError(e),
  });
  const remove = useMutation({
    mutationFn: (a: Attachment) => attachmentsApi.remove(a.id),
    onSuccess: () => {
      notifySuccess(t('attachments.removed'));
      void queryClient.invalidateQueries({ queryKey: key });
      onChange?.();
    },
    onError: (e) => notifyError(e),
  });

  return (
    <Section
      title={t('attachments.title')}
      actions={
        canWrite && (
          <FileButton onChange={(file) => file && upload.mutate(file)}>
            {(props) => (
              <Button {...props} size="xs" variant="light" leftSection={<Icon name="paperclip" size={14} />} loading={upload.isPending}>
                {t('attachments.upload')}
              </Button>
            )}
          </FileButton>
        )
      }
    >
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('attachments.empty')}
        </Text>
      )}
      {list.data && list.data.length > 0 && (
        <Table fz="sm" verticalSpacing={4}>
          <Table.Tbody>
            {list.data.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>
                  <Stack gap={0}>
                    <Anchor href={`${API_BASE}/attachments/${a.id}/download`} download={a.fileName} size="sm">
                      <Icon name="download" size={14} style={{ verticalAlign: 'middle', marginRight: 4 }} />
                      {a.fileName}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {t('attachments.detected', { type: a.contentType })}
                    </Text>
                  </Stack>
                </Table.Td>
                <Table.Td>{size(a.sizeBytes, f.number)}</Table.Td>
                <Table.Td visibleFrom="sm">
                  <When value={a.uploadedAt} size="sm" /> {a.uploadedByName && <Text span size="xs" c="dimmed">{t('attachments.by', { name: a.uploadedByName })}</Text>}
                </Table.Td>
                <Table.Td w={40}>
                  {canWrite && (
                    <RemoveIconButton label={t('attachments.remove')} onClick={() => window.confirm(t('attachments.confirmRemove', { name: a.fileName })) && remove.mutate(a)} />
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {upload.isPending && (
        <Group mt="xs">
          <Text size="xs" c="dimmed">
            {t('attachments.uploading')}
          </Text>
        </Group>
      )}
    </Section>
  );
}
