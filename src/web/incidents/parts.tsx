/** Small pieces the incident screens share: stage and case-type badges, the owner picker and text. */
import { Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { StatusBadge, type Tone } from '../ui/badges.tsx';
import { useGroups, useUsers } from '../users/queries.ts';
import type { Incident } from './queries.ts';

const STAGE_TONE: Record<Incident['stage'], Tone> = { open: 'orange', diagnosed: 'blue', resolved: 'teal', closed: 'gray' };
const CASE_TONE: Record<Incident['caseType'], Tone> = { warranty: 'green', courtesy: 'violet', billable: 'yellow' };

export function StageBadge({ stage }: { stage: Incident['stage'] }) {
  const { t } = useTranslation('incidents');
  return <StatusBadge tone={STAGE_TONE[stage]} data-testid="stage-badge">{t(`stage.${stage}`)}</StatusBadge>;
}

export function CaseTypeBadge({ caseType }: { caseType: Incident['caseType'] }) {
  const { t } = useTranslation('incidents');
  return <StatusBadge tone={CASE_TONE[caseType]}>{t(`caseType.${caseType}`)}</StatusBadge>;
}

export function ownerText(i: Pick<Incident, 'ownerUserName' | 'ownerGroupName'>, none: string) {
  return i.ownerUserName ?? (i.ownerGroupName ? `${i.ownerGroupName} (grupo)` : none);
}

/** Users and groups in one select: values `u:<id>` and `g:<id>`. */
export function OwnerSelect(props: Omit<SelectProps, 'data'>) {
  const users = useUsers();
  const groups = useGroups();
  const { i18n } = useTranslation();
  const data = [
    { group: i18n.language === 'en' ? 'Users' : 'Usuarios', items: (users.data ?? []).filter((u) => u.active).map((u) => ({ value: `u:${u.id}`, label: u.name })) },
    { group: i18n.language === 'en' ? 'Groups' : 'Grupos', items: (groups.data ?? []).filter((g) => g.active).map((g) => ({ value: `g:${g.id}`, label: g.name })) },
  ];
  return <Select searchable data={data} nothingFoundMessage="—" {...props} />;
}

export function ownerBody(value: string | null): { toUserId?: string; toGroupId?: string } {
  if (!value) return {};
  return value.startsWith('u:') ? { toUserId: value.slice(2) } : { toGroupId: value.slice(2) };
}
