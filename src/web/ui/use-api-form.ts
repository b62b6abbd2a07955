/**
 * Form state for forms that the server validates. Values stay as typed on an error; each server
 * field error (`errors[{field,code,message}]`) is shown under its field and the first wrong field
 * (in the order of the form) gets the focus. Errors on fields the form does not show are listed
 * at the top (`formError`).
 *
 *   const form = useApiForm({ initialValues: { name: '', taxId: '' },
 *     submit: (v) => api.post<Customer>('/customers', v), onSuccess: (c) => navigate(`/customers/${c.id}`) });
 *   <form {...form.formProps}>
 *     <TextInput label={t('name')} {...form.text('name')} />
 *     <Select label={t('region')} data={…} {...form.select('regionCode')} />
 *     {form.formError && <Alert color="red">{form.formError}</Alert>}
 *     <Button type="submit" loading={form.submitting}>…</Button>
 *
 * Nested values use dotted paths ('address.city'); an error on 'phones.1' shows on 'phones'.
 * `fieldAliases` maps a server field to the input that shows it when they differ.
 */
import { type ChangeEvent, type FormEvent, useCallback, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../app/api.ts';

type AnyRecord = Record<string, unknown>;

export function getPath(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((acc, key) => (acc === null || acc === undefined ? undefined : (acc as AnyRecord)[key]), obj);
}

export function setPath<T>(obj: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  const base: AnyRecord = Array.isArray(obj) ? ([...obj] as unknown as AnyRecord) : { ...(obj as AnyRecord) };
  base[head] = rest.length ? setPath(base[head] ?? {}, rest.join('.'), value) : value;
  return base as T;
}

/**
 * Which form field shows a server error: the field itself if the form has it, else its closest
 * parent ('phones.1' → 'phones', 'address.city' → 'address' when only 'address' exists).
 */
export function resolveField(serverField: string, known: Set<string>, aliases: Record<string, string> = {}): string | undefined {
  if (aliases[serverField]) return aliases[serverField];
  const parts = serverField.split('.');
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join('.');
    if (known.has(candidate)) return candidate;
    if (aliases[candidate]) return aliases[candidate];
  }
  return undefined;
}

export type UseApiFormOptions<V, R> = {
  initialValues: V;
  submit: (values: V) => Promise<R>;
  onSuccess?: (result: R, values: V) => void;
  fieldAliases?: Record<string, string>;
};

export function useApiForm<V extends AnyRecord, R = unknown>(opts: UseApiFormOptions<V, R>) {
  const [values, setValues] = useState<V>(opts.initialValues);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const known = useRef(new Set<string>());
  const formRef = useRef<HTMLFormElement | null>(null);
  const optsRef = useRef(opts);
  optsRef.current = opts;

  const setValue = useCallback((path: string, value: unknown) => {
    setValues((v) => setPath(v, path, value));
    setErrors((e) => {
      if (!e[path]) return e;
      const { [path]: _, ...rest } = e;
      return rest;
    });
  }, []);

  const register = (path: string) => {
    known.current.add(path);
    // aria-invalid explicitly: some Mantine inputs (PasswordInput) only set data-invalid.
    return { name: path, id: `field-${path.replace(/\./g, '-')}`, error: errors[path], 'data-field': path, 'aria-invalid': (errors[path] ? true : undefined) as true | undefined };
  };

  function focusFirstError(fields: string[]) {
    // Wait for the error texts to render, then focus the first wrong field in the form's order.
    requestAnimationFrame(() => {
      const form = formRef.current;
      if (!form) return;
      const inputs = Array.from(form.querySelectorAll<HTMLElement>('[data-field]')).filter((el) => fields.includes(el.dataset.field ?? ''));
      const target = inputs.find((el) => (el as HTMLInputElement).type !== 'hidden') ?? inputs[0];
      target?.focus();
    });
  }

  const applyError = (error: unknown) => {
    if (error instanceof ApiError && error.errors.length) {
      const next: Record<string, string> = {};
      const unplaced: string[] = [];
      for (const e of error.errors) {
        const field = e.field ? resolveField(e.field, known.current, optsRef.current.fieldAliases) : undefined;
        if (field) next[field] = next[field] ? `${next[field]} ${e.message}` : e.message;
        else unplaced.push(e.field ? `${e.field}: ${e.message}` : e.message);
      }
      setErrors(next);
      setFormError(unplaced.length ? unplaced.join(' · ') : Object.keys(next).length ? null : error.detail);
      focusFirstError(Object.keys(next));
    } else {
      setErrors({});
      setFormError(errorMessage(error));
    }
  };

  const onSubmit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (submitting) return;
    setSubmitting(true);
    setFormError(null);
    try {
      const result = await optsRef.current.submit(values);
      setErrors({});
      optsRef.current.onSuccess?.(result, values);
    } catch (error) {
      applyError(error);
    } finally {
      setSubmitting(false);
    }
  };

  return {
    values,
    setValues,
    setValue,
    errors,
    formError,
    submitting,
    onSubmit,
    /** Put a server error onto the fields (for submits done outside onSubmit). */
    applyError,
    reset: (v: V = optsRef.current.initialValues) => {
      setValues(v);
      setErrors({});
      setFormError(null);
    },
    /** Attach to the <form> so the first wrong field can be focused. */
    formRef,
    /** `<form {...form.formProps}>`: submit on Enter, our own validation messages (not the browser's). */
    formProps: { ref: formRef, onSubmit, noValidate: true },
    /** TextInput, Textarea, PasswordInput: value from the event. */
    text: (path: string) => ({
      ...register(path),
      value: (getPath(values, path) as string | null | undefined) ?? '',
      onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setValue(path, e.currentTarget.value),
    }),
    /** Select, Autocomplete, NumberInput, TagsInput, DateInput…: the value itself. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- fits every Mantine value input
    select: (path: string): { value: any; onChange: (v: any) => void; name: string; id: string; error: string | undefined; 'data-field': string; 'aria-invalid': true | undefined } => ({
      ...register(path),
      value: getPath(values, path),
      onChange: (v: unknown) => setValue(path, v),
    }),
    /** Checkbox, Switch. */
    checkbox: (path: string) => {
      const { error, ...rest } = register(path);
      return { ...rest, error, checked: !!getPath(values, path), onChange: (e: ChangeEvent<HTMLInputElement>) => setValue(path, e.currentTarget.checked) };
    },
  };
}

export type ApiForm = ReturnType<typeof useApiForm>;
