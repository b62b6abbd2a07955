import { useTranslation } from 'react-i18next';
import { useFormat } from '../app/format.ts';
import { StatusBadge } from '../ui/badges.tsx';
import type { Unit } from './queries.ts';

/** Under warranty until when / ended when / none — text and colour. */
export function WarrantyBadge({ warranty }: { warranty: Unit['warranty'] }) {
  const { t } = useTranslation('customers');
  const f = useFormat();
  if (warranty.underWarranty) {
    return <StatusBadge tone="green">{warranty.until ? t('unit.warranty.inUntil', { date: f.date(warranty.until) }) : t('unit.warranty.in')}</StatusBadge>;
  }
  if (warranty.until) return <StatusBadge tone="red">{t('unit.warranty.outSince', { date: f.date(warranty.until) })}</StatusBadge>;
  return <StatusBadge tone="gray">{t('unit.warranty.none')}</StatusBadge>;
}

export function ContractBadge({ contract }: { contract: Unit['contract'] }) {
  const { t } = useTranslation('customers');
  const f = useFormat();
  if (contract.underContract) {
    return <StatusBadge tone="blue">{contract.until ? t('unit.contractState.inUntil', { date: f.date(contract.until) }) : t('unit.contractState.in')}</StatusBadge>;
  }
  return <StatusBadge tone="gray">{t('unit.contractState.out')}</StatusBadge>;
}

export function InForceBadge({ inForce }: { inForce: boolean }) {
  const { t } = useTranslation('customers');
  return <StatusBadge tone={inForce ? 'green' : 'gray'}>{inForce ? t('contract.inForce') : t('contract.notInForce')}</StatusBadge>;
}
