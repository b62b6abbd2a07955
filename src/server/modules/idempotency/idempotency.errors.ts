import type { AreaError } from '../area.ts';

export const idempotencyErrors: Record<string, AreaError> = {
  idempotency_key_reused: {
    status: 422,
    es: 'Esta Idempotency-Key ya se usó con otros datos. Use una clave nueva para una petición distinta.',
    en: 'This Idempotency-Key was already used with other data. Use a new key for a different request.',
  },
  idempotency_key_in_progress: {
    status: 409,
    es: 'Una petición con esta Idempotency-Key aún se está procesando. Vuelva a intentarlo en un momento.',
    en: 'A request with this Idempotency-Key is still being processed. Try again in a moment.',
  },
};
