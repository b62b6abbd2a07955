/**
 * Server-side texts in Spanish and English: problem details, field errors, e-mail subjects.
 * Modules add their own entries with `registerMessages` so this file does not grow with every area.
 */
export type Locale = 'es' | 'en';
export const LOCALES: Locale[] = ['es', 'en'];

type Params = Record<string, unknown>;
type Text = string | ((p: Params) => string);
type Table = Record<string, { es: Text; en: Text }>;

/** The core codes: problem details every area may answer and the field errors of validation. */
const core = {
  // problem details (keyed by AppError code)
  validation_failed: { es: 'Hay datos incorrectos. Revise los campos indicados.', en: 'Some data is not valid. Check the fields listed.' },
  unauthenticated: { es: 'Inicie sesión para continuar.', en: 'Please log in to continue.' },
  invalid_credentials: { es: 'Usuario o contraseña incorrectos.', en: 'Wrong username or password.' },
  forbidden: { es: 'No tiene permiso para realizar esta acción.', en: 'You are not allowed to do this.' },
  csrf_failed: { es: 'Falta el token CSRF o no es válido. Recargue la página.', en: 'Missing or invalid CSRF token. Reload the page.' },
  not_found: { es: 'No se ha encontrado el registro.', en: 'The record was not found.' },
  route_not_found: { es: 'La ruta solicitada no existe.', en: 'The requested route does not exist.' },
  conflict: { es: 'La operación no es posible en el estado actual.', en: 'The operation is not possible in the current state.' },
  duplicate: { es: 'Ya existe un registro con ese valor.', en: 'A record with that value already exists.' },
  too_many_requests: { es: 'Demasiados intentos. Espere un momento y vuelva a intentarlo.', en: 'Too many attempts. Wait a moment and try again.' },
  payload_too_large: { es: 'El contenido enviado es demasiado grande.', en: 'The content sent is too large.' },
  internal_error: { es: 'Error interno del servidor. Inténtelo de nuevo.', en: 'Internal server error. Please try again.' },
  service_unavailable: { es: 'La base de datos no está disponible en este momento. Vuelva a intentarlo en unos segundos.', en: 'The database is not available right now. Try again in a few seconds.' },
  in_use: { es: 'El registro está en uso y no se puede eliminar.', en: 'The record is in use and cannot be deleted.' },

  // field errors
  required: { es: 'Este campo es obligatorio.', en: 'This field is required.' },
  invalid_type: { es: (p) => `Tipo de dato incorrecto (se esperaba ${p.expected ?? 'otro'}).`, en: (p) => `Wrong data type (expected ${p.expected ?? 'another'}).` },
  too_short: { es: (p) => `Debe tener al menos ${p.minimum} caracteres.`, en: (p) => `Must have at least ${p.minimum} characters.` },
  too_long: { es: (p) => `Debe tener como máximo ${p.maximum} caracteres.`, en: (p) => `Must have at most ${p.maximum} characters.` },
  too_small: { es: (p) => `Debe ser como mínimo ${p.minimum}.`, en: (p) => `Must be at least ${p.minimum}.` },
  too_big: { es: (p) => `Debe ser como máximo ${p.maximum}.`, en: (p) => `Must be at most ${p.maximum}.` },
  too_few_items: { es: (p) => `Indique al menos ${p.minimum} elementos.`, en: (p) => `Give at least ${p.minimum} items.` },
  too_many_items: { es: (p) => `Indique como máximo ${p.maximum} elementos.`, en: (p) => `Give at most ${p.maximum} items.` },
  invalid_format: { es: 'El formato no es válido.', en: 'The format is not valid.' },
  invalid_email: { es: 'La dirección de correo electrónico no es válida.', en: 'The e-mail address is not valid.' },
  invalid_date: { es: 'La fecha no es válida (AAAA-MM-DD).', en: 'The date is not valid (YYYY-MM-DD).' },
  invalid_datetime: { es: 'La fecha y hora no son válidas (ISO-8601).', en: 'The date and time are not valid (ISO-8601).' },
  invalid_value: { es: (p) => (p.values ? `Valor no admitido. Valores posibles: ${String(p.values)}.` : 'Valor no admitido.'), en: (p) => (p.values ? `Value not allowed. Possible values: ${String(p.values)}.` : 'Value not allowed.') },
  unknown_field: { es: 'Campo desconocido.', en: 'Unknown field.' },
  not_integer: { es: 'Debe ser un número entero.', en: 'Must be a whole number.' },
  invalid_tax_id: { es: 'El NIF/NIE/CIF no es válido: revise la letra o dígito de control.', en: 'The Spanish tax id (NIF/NIE/CIF) is not valid: check its control character.' },
  invalid_phone: { es: 'El teléfono no es válido.', en: 'The phone number is not valid.' },
  code_length_2: { es: 'El código debe tener exactamente 2 caracteres.', en: 'The code must be exactly 2 characters long.' },
  code_taken: { es: 'Ya existe un registro con este código.', en: 'A record with this code already exists.' },
  username_taken: { es: 'Ese nombre de usuario ya existe.', en: 'That username already exists.' },
  serial_taken: { es: 'Ya existe una unidad con ese número de serie.', en: 'A unit with that serial number already exists.' },
  unknown_code: { es: (p) => `El código «${p.value}» no existe o no está activo.`, en: (p) => `The code "${p.value}" does not exist or is not active.` },
  unknown_reference: { es: 'El registro indicado no existe.', en: 'The record referred to does not exist.' },
  current_password_wrong: { es: 'La contraseña actual no es correcta.', en: 'The current password is not correct.' },
  password_unchanged: { es: 'La nueva contraseña debe ser distinta de la actual.', en: 'The new password must differ from the current one.' },
  weak_password: { es: 'La contraseña debe tener al menos 8 caracteres.', en: 'The password must have at least 8 characters.' },
  one_of_user_group: { es: 'Indique un usuario o un grupo, pero no ambos.', en: 'Give a user or a group, not both.' },
  invalid_characters: {
    es: 'Contiene caracteres no admitidos (un carácter nulo o un carácter Unicode incompleto).',
    en: 'Contains characters that are not allowed (a NUL character or an incomplete Unicode character).',
  },
  invalid_cursor: { es: 'El cursor de paginación no es válido.', en: 'The pagination cursor is not valid.' },
  date_order: { es: 'La fecha final debe ser posterior a la inicial.', en: 'The end date must be after the start date.' },
  only_own_name: { es: 'Solo puede registrarlo a su nombre; un supervisor puede hacerlo por otros.', en: 'You can only record it in your own name; a supervisor can do it for others.' },
  readonly_field: { es: 'Este campo lo asigna el servidor y no se puede modificar.', en: 'This field is set by the server and cannot be changed.' },
  invalid: { es: 'Valor no válido.', en: 'Invalid value.' },
} satisfies Table;

/** The core error codes (the areas declare theirs in their manifest's `errors`). */
export const CORE_ERROR_CODES = Object.keys(core);

const table: Table = { ...core };

export function registerMessages(entries: Table): void {
  Object.assign(table, entries);
}

export function hasMessage(key: string): boolean {
  return key in table;
}

export function translate(locale: Locale, key: string, params: Params = {}): string {
  const entry = table[key];
  if (!entry) return key;
  const text = entry[locale] ?? entry.es;
  return typeof text === 'function' ? text(params) : text;
}

/** Picks es or en from an Accept-Language header; Spanish unless English is preferred. */
export function localeFromHeader(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { lang: tag.trim().toLowerCase().slice(0, 2), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.lang === 'es' || x.lang === 'en')
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.lang as Locale | undefined;
}
