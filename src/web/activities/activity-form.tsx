/** The technical activity form, for a new activity and for changing one. */
import { Alert, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FormFooter } from '../ui/form-footer.tsx';
import { Icon } from '../ui/icons.tsx';
import { useApiForm } from '../ui/use-api-form.ts';
import { type Activity, activitiesApi } from './queries.ts';
import { useCatalog } from '../ui/catalogs.tsx';
import { CatalogSelect, CustomerSelect, ProjectSelect } from './pickers.tsx';

export type ActivityValues = {
  statusCode: string | null;
  customerId: string | null;
  projectId: string | null;
  originCode: string | null;
  problemTypeCode: string | null;
  problem: string;
  solutionTypeCode: string | null;
  solution: string;
};

export function valuesOf(a: Activity): ActivityValues {
  return {
    statusCode: a.statusCode,
    customerId: a.customerId,
    projectId: a.projectId,
    originCode: a.originCode,
    problemTypeCode: a.problemTypeCode,
    problem: a.problem ?? '',
    solutionTypeCode: a.solutionTypeCode,
    solution: a.solution ?? '',
  };
}

export function ActivityForm({
  initial,
  activity,
  customerLabel,
  fromCallId,
  onSaved,
  onCancel,
}: {
  initial: ActivityValues;
  /** the activity being changed; absent for a new one */
  activity?: Activity;
  customerLabel?: string | null;
  fromCallId?: string | null;
  onSaved: (a: Activity) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation('activities');
  const statuses = useCatalog('activity-statuses');
  const solutionTypes = useCatalog('solution-types');
  const hasDefaultStatus = (statuses.data ?? []).some((s) => s.isDefault && s.active);

  const form = useApiForm<ActivityValues, Activity>({
    initialValues: initial,
    submit: (v) => {
      const body = {
        statusCode: v.statusCode ?? undefined,
        customerId: v.customerId,
        projectId: v.projectId,
        originCode: v.originCode,
        problemTypeCode: v.problemTypeCode,
        problem: v.problem,
        solutionTypeCode: v.solutionTypeCode,
        solution: v.solution,
      };
      return activity ? activitiesApi.update(activity.id, body) : activitiesApi.create({ ...body, fromCallId: fromCallId ?? undefined });
    },
    onSuccess: onSaved,
  });
  const v = form.values;

  const chosenSolution = (solutionTypes.data ?? []).find((s) => s.code === v.solutionTypeCode);
  // solution-types carry the attribute `automaticAction` (CATALOG_ATTRIBUTES).
  const automaticAction = typeof chosenSolution?.automaticAction === 'string' ? chosenSolution.automaticAction : null;
  const willRun = Boolean(automaticAction && automaticAction !== 'none' && chosenSolution?.code !== activity?.solutionTypeCode);

  return (
    <form {...form.formProps} aria-label={activity ? t('form.editTitle', { id: activity.id }) : t('form.newTitle')}>
      <Stack gap="sm">
        {fromCallId && (
          <Alert color="blue" icon={<Icon name="phone" />}>
            {t('form.fromCallNote', { id: fromCallId })}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <CatalogSelect
            catalog="activity-statuses"
            label={t('fields.status')}
            required={!hasDefaultStatus}
            description={!statuses.isPending && !hasDefaultStatus && !activity ? t('form.noDefaultStatus') : undefined}
            clearable={false}
            {...form.select('statusCode')}
          />
          <CatalogSelect catalog="origins" label={t('fields.origin')} {...form.select('originCode')} />
          <CustomerSelect
            label={t('fields.customer')}
            initialLabel={customerLabel}
            {...form.select('customerId')}
            onChange={(id) => {
              form.setValue('customerId', id);
              // A project belongs to one customer: changing the customer drops it.
              if (id !== v.customerId) form.setValue('projectId', null);
            }}
          />
          <ProjectSelect label={t('fields.project')} description={t('form.projectHint')} customerId={v.customerId} {...form.select('projectId')} />
          <CatalogSelect catalog="problem-types" label={t('fields.problemType')} {...form.select('problemTypeCode')} />
          <CatalogSelect catalog="solution-types" label={t('fields.solutionType')} {...form.select('solutionTypeCode')} />
        </SimpleGrid>
        <Textarea label={t('fields.problem')} autosize minRows={3} maxRows={12} {...form.text('problem')} />
        <Textarea label={t('fields.solution')} autosize minRows={2} maxRows={12} {...form.text('solution')} />
        {willRun && (
          <Text size="sm" c="blue.8">
            <Icon name="send" size={14} style={{ verticalAlign: 'middle', marginRight: 4 }} />
            {t('actions.willRun', { kind: t(`actions.kinds.${automaticAction}`) })}
          </Text>
        )}
        <FormFooter form={form} onCancel={onCancel} submitLabel={activity ? undefined : t('form.save')} />
      </Stack>
    </form>
  );
}
