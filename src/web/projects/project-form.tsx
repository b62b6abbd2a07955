import { Modal, Select, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../ui/feedback.tsx';
import { FormFooter } from '../ui/form-footer.tsx';
import { Icon } from '../ui/icons.tsx';
import { useApiForm } from '../ui/use-api-form.ts';
import { type Project, type ProjectKind, projectsApi } from './queries.ts';
import { CustomerSelect } from './pickers.tsx';

type Values = { code: string; name: string; customerId: string | null; kind: ProjectKind; active: boolean };

export function ProjectFormDialog({ opened, onClose, project, onSaved }: { opened: boolean; onClose: () => void; project?: Project; onSaved?: (p: Project) => void }) {
  const { t } = useTranslation('projects');
  return (
    <Modal opened={opened} onClose={onClose} title={project ? t('projects.edit') : t('projects.new')} size="lg">
      {opened && <ProjectForm project={project} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

function ProjectForm({ project, onClose, onSaved }: { project?: Project; onClose: () => void; onSaved?: (p: Project) => void }) {
  const { t } = useTranslation('projects');
  const queryClient = useQueryClient();
  const form = useApiForm<Values, Project>({
    initialValues: { code: project?.code ?? '', name: project?.name ?? '', customerId: project?.customerId ?? null, kind: project?.kind ?? 'production', active: project?.active ?? true },
    submit: (v) =>
      project
        ? projectsApi.update(project.id, { code: v.code, name: v.name, kind: v.kind, active: v.active })
        : projectsApi.create({ code: v.code, name: v.name, customerId: v.customerId ?? '', kind: v.kind, active: v.active }),
    onSuccess: (saved) => {
      notifySuccess(project ? t('projects.saved') : t('projects.created'));
      void queryClient.invalidateQueries();
      onSaved?.(saved);
      onClose();
    },
  });
  return (
    <form {...form.formProps}>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('fields.code')} required data-autofocus {...form.text('code')} />
          <TextInput label={t('fields.name')} required {...form.text('name')} />
          {project ? (
            <TextInput label={t('fields.customer')} value={project.customerName ?? ''} readOnly />
          ) : (
            <CustomerSelect label={t('fields.customer')} placeholder={t('projects.pickCustomer')} required {...form.select('customerId')} />
          )}
          <Select
            label={t('fields.kind')}
            allowDeselect={false}
            data={[
              { value: 'production', label: t('kind.production') },
              { value: 'commercial', label: t('kind.commercial') },
            ]}
            {...form.select('kind')}
          />
        </SimpleGrid>
        <Switch label={t('fields.active')} {...form.checkbox('active')} />
        <FormFooter form={form} onCancel={onClose} />
      </Stack>
    </form>
  );
}
