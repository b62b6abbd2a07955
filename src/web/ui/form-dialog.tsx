/**
 * A dialog holding a record's form (the form's own component, with its own footer) while `opened`:
 * the form mounts when the dialog opens, so each opening starts from the record's values.
 */
export function FormModal({ opened, onClose, title, size = 'lg', children }: { opened: boolean; onClose: () => void; title: ReactNode; size?: MantineSize | (string & {}) | number; children: ReactNode }) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size}>
      {opened && children}
    </Modal>
  );
}

/**
 * A dialog that is one form: the Modal, the `<form>` of a `useApiForm`, its fields, then the
 * FormFooter (the form-level error, "Cancelar" closing the dialog, submit).
 *
 *   <FormDialog title={t('save.title')} onClose={onClose} form={form} submitLabel={t('save.submit')}>
 *     <TextInput label={t('save.name')} {...form.text('name')} />
 *   </FormDialog>
 *
 * Enter in a field submits (it is a form); Esc and "Cancelar" close it.
 */
import { type MantineSize, Modal, Stack } from '@mantine/core';
import type { ComponentProps, ReactNode } from 'react';
import { FormFooter } from './form-footer.tsx';

type FooterProps = ComponentProps<typeof FormFooter>;

export function FormDialog({
  opened = true,
  onClose,
  title,
  size = 'md',
  form,
  children,
  ...footer
}: {
  opened?: boolean;
  onClose: () => void;
  title: ReactNode;
  size?: MantineSize | (string & {}) | number;
  form: FooterProps['form'] & { formProps: ComponentProps<'form'> };
  children: ReactNode;
} & Omit<FooterProps, 'form' | 'onCancel'>) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size}>
      <form {...form.formProps}>
        <Stack gap="sm">
          {children}
          <FormFooter form={form} onCancel={onClose} {...footer} />
        </Stack>
      </form>
    </Modal>
  );
}
