import { defineErrors } from '../area.ts';

export const idempotencyErrors = defineErrors({
  idempotency_key_reused: [422, 'Esta Idempotency-Key ya se usó con otros datos. Use una clave nueva para una petición distinta.', 'This Idempotency-Key was already used with other data. Use a new key for a different request.'],
  idempotency_key_in_progress: [409, 'Una petición con esta Idempotency-Key aún se está procesando. Vuelva a intentarlo en un momento.', 'A request with this Idempotency-Key is still being processed. Try again in a moment.'],
});
