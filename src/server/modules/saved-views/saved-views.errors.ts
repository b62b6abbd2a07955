/** Error codes of the saved-views area, with their HTTP status and es/en texts. */
import type { AreaError } from '../area.ts';

export const savedViewErrors: Record<string, AreaError> = {
  saved_view_name_taken: {
    status: 409,
    es: 'Ya tiene una vista guardada con ese nombre en esta lista: elija otro nombre.',
    en: 'You already have a saved view with that name on this list: choose another name.',
  },
};
