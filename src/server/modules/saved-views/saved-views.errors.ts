/** Error codes of the saved-views area, with their HTTP status and Spanish and English texts. */
import { defineErrors } from '../area.ts';

export const savedViewErrors = defineErrors({
  saved_view_name_taken: [409, 'Ya tiene una vista guardada con ese nombre en esta lista: elija otro nombre.', 'You already have a saved view with that name on this list: choose another name.'],
});
