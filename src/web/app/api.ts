/**
 * The one way the UI talks to the API: JSON over fetch with the session cookie, the CSRF token on
 * writes, Accept-Language = the UI language, and problem+json turned into an ApiError whose
 * `errors` name the fields (forms put each message under its field, see use-api-form.ts).
 */
import type { ErrorCode } from '../../shared/error-codes.ts';

/** A field the server refused: its name, the code (one of the closed ErrorCode union) and the text. */
export type FieldError = { field: string; code: ErrorCode; message: string };

export class ApiError extends Error {
  readonly status: number;
  /** The problem's code; 'http_error' when the answer was not problem+json (a proxy's page…). */
  readonly code: ErrorCode | 'http_error';
  readonly detail: string;
  readonly errors: FieldError[];
  /** The whole problem document (some errors carry more, e.g. `candidates`). */
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const detail = typeof body.detail === 'string' ? body.detail : `HTTP ${status}`;
    super(detail);
    this.status = status;
    this.code = typeof body.code === 'string' ? (body.code as ErrorCode) : 'http_error';
    this.detail = detail;
    this.errors = Array.isArray(body.errors) ? (body.errors as FieldError[]) : [];
    this.body = body;
  }

  /** The message of one field, if the server named it. */
  fieldMessage(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

export type Page<T> = { items: T[]; nextCursor: string | null };

type State = { csrfToken: string | null; language: string; onUnauthenticated: () => void };
const state: State = { csrfToken: null, language: 'es', onUnauthenticated: () => {} };

export function setCsrfToken(token: string | null) {
  state.csrfToken = token;
}
export function setApiLanguage(language: string) {
  state.language = language;
}
/** Called on any 401 except the login attempt itself: the shell shows the login page. */
export function onUnauthenticated(fn: () => void) {
  state.onUnauthenticated = fn;
}

export const API_BASE = '/api/v1';

type QueryValue = string | number | boolean | null | undefined | Array<string | number>;
export type Query = Record<string, QueryValue>;

/** `?a=1&b=x` without empty values; arrays become comma-separated lists. */
export function toQueryString(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

async function request<T>(method: string, path: string, opts: { query?: Query; body?: unknown; signal?: AbortSignal; raw?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': state.language };
  const isForm = typeof FormData !== 'undefined' && opts.body instanceof FormData;
  if (opts.body !== undefined && !isForm) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.csrfToken) headers['X-CSRF-Token'] = state.csrfToken;
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}${toQueryString(opts.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: isForm ? (opts.body as FormData) : opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      signal: opts.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, { code: 'network_error', detail: state.language === 'en' ? 'Cannot reach the server. Check the connection and try again.' : 'No se puede contactar con el servidor. Compruebe la conexión y vuelva a intentarlo.' });
  }
  if (res.status === 204) return undefined as T;
  if (opts.raw && res.ok) return res as unknown as T;
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await res.json().catch(() => ({})) : { detail: await res.text().catch(() => '') };
  if (!res.ok) {
    const error = new ApiError(res.status, body as Record<string, unknown>);
    if (res.status === 401 && path !== '/auth/login') state.onUnauthenticated();
    throw error;
  }
  return body as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
  /** multipart/form-data (file uploads); the browser sets the boundary. */
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, { body: form }),
  /** The raw Response (for files: PDFs, CSV from the server). */
  fetchRaw: (path: string, query?: Query) => request<Response>('GET', path, { query, raw: true }),
};

/** The message to show for anything thrown by a request. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.errors.length && error.code === 'validation_failed') {
      return [error.detail, ...error.errors.filter((e) => !e.field).map((e) => e.message)].join(' ');
    }
    return error.detail;
  }
  return error instanceof Error ? error.message : String(error);
}
