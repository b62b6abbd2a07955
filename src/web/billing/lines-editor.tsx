/** Invoice lines as typed: item (fills description, price, VAT), quantity with up to 3 decimals, price, discount, VAT. */
import { ActionIcon, Button, Group, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../app/format.ts';
import { ItemPicker } from '../customers/pickers.tsx';
import { useCatalog } from '../ui/catalogs.tsx';
import { Icon } from '../ui/icons.tsx';
import type { LineInputValue } from './queries.ts';

export type LineValues = { itemId: string | null; description: string; quantity: number | string; unitPrice: number | string; discount: number | string; vatRateBp: string | null };

export const emptyLine = (): LineValues => ({ itemId: null, description: '', quantity: 1, unitPrice: '', discount: '', vatRateBp: null });

/** Form values → API: thousandths, cents and basis points, integers. */
export function toLineInput(l: LineValues): LineInputValue {
  return {
    itemId: l.itemId || null,
    description: l.description || null,
    quantityMilli: Math.round(Number(l.quantity) * 1000),
    unitPriceCents: l.unitPrice === '' ? null : Math.round(Number(l.unitPrice) * 100),
    discountBp: l.discount === '' ? 0 : Math.round(Number(l.discount) * 100),
    vatRateBp: l.vatRateBp ? Number(l.vatRateBp) : null,
  };
}

type LinesForm = {
  values: { lines: LineValues[] };
  setValue: (path: string, v: unknown) => void;
  text: (path: string) => object;
  select: (path: string) => object;
};

export function LinesEditor({ form, allowNegative = false }: { form: LinesForm; allowNegative?: boolean }) {
  const { t } = useTranslation('billing');
  const f = useFormat();
  const rates = useCatalog('vat-rates');
  const rateOptions = rates.entries.filter((e) => e.active && typeof e.rate === 'number').map((e) => ({ value: String(e.rate), label: f.percent(e.rate as number) }));
  const decimal = f.language === 'en' ? '.' : ',';
  const lines = form.values.lines;
  return (
    <Stack gap="xs">
      {lines.map((_, i) => (
        <Group key={i} gap="xs" align="flex-end" wrap="wrap">
          <ItemPicker label={t('form.item')} w={200} clearable {...(form.select(`lines.${i}.itemId`) as { value: string | null; onChange: (v: string | null) => void })} />
          <TextInput label={t('form.description_')} w={220} {...form.text(`lines.${i}.description`)} />
          <NumberInput label={t('form.quantity')} w={100} decimalScale={3} decimalSeparator={decimal} allowNegative={allowNegative} {...form.select(`lines.${i}.quantity`)} />
          <NumberInput label={t('form.unitPrice')} w={120} decimalScale={2} decimalSeparator={decimal} min={0} allowNegative={false} {...form.select(`lines.${i}.unitPrice`)} />
          <NumberInput label={t('form.discount')} w={100} decimalScale={2} decimalSeparator={decimal} min={0} max={100} allowNegative={false} {...form.select(`lines.${i}.discount`)} />
          <Select label={t('form.vatRate')} w={100} data={rateOptions} clearable {...form.select(`lines.${i}.vatRateBp`)} />
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t('form.removeLine')}
            onClick={() => form.setValue('lines', lines.filter((__, k) => k !== i))}
            mb={4}
          >
            <Icon name="trash" size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button variant="default" size="xs" leftSection={<Icon name="plus" size={14} />} onClick={() => form.setValue('lines', [...lines, emptyLine()])}>
          {t('form.addLine')}
        </Button>
      </Group>
    </Stack>
  );
}
