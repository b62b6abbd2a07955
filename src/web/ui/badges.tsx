/** State is always text plus colour, never colour alone. */
import { Badge, type BadgeProps, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export type Tone = 'green' | 'red' | 'orange' | 'yellow' | 'blue' | 'gray' | 'violet' | 'teal';

/**
 * Text colours of the light badges where Mantine's own falls short of WCAG AA on the badge's
 * background (teal: #087f5b on #c3fae8 is 4.3:1; this is 6:1).
 */
const TEXT_COLOUR: Partial<Record<Tone, string>> = { teal: '#066649' };

export function StatusBadge({ tone = 'gray', children, title, ...rest }: { tone?: Tone; children: ReactNode; title?: string } & Omit<BadgeProps, 'color'>) {
  const badge = (
    <Badge
      color={tone}
      c={TEXT_COLOUR[tone]}
      variant="light"
      radius="sm"
      size="sm"
      // Long states ("En garantía hasta 22/11/2028") wrap in narrow cells instead of being cut.
      styles={{ root: { textTransform: 'none', fontWeight: 600, height: 'auto', minHeight: 20, maxWidth: '100%' }, label: { whiteSpace: 'normal', overflow: 'visible', lineHeight: 1.3, paddingBlock: 2 } }}
      {...rest}
    >
      {children}
    </Badge>
  );
  return title ? <Tooltip label={title}>{badge}</Tooltip> : badge;
}

export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return <StatusBadge tone={active ? 'green' : 'gray'}>{active ? t('state.active') : t('state.inactive')}</StatusBadge>;
}

/** A pending / done pair as used by calls, activities, tasks. */
export function PendingBadge({ pending, pendingLabel, doneLabel }: { pending: boolean; pendingLabel: string; doneLabel: string }) {
  return <StatusBadge tone={pending ? 'orange' : 'green'}>{pending ? pendingLabel : doneLabel}</StatusBadge>;
}
