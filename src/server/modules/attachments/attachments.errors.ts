/** Error codes of the attachments area with their HTTP status and Spanish and English texts, and the area's other texts. */
import { defineErrors } from '../area.ts';

export const attachmentsErrors = defineErrors({
  file_too_large: [400, (p) => `El archivo supera el tamaño máximo de ${p.maximum}.`, (p) => `The file is larger than the ${p.maximum} limit.`],
  file_empty: [400, 'El archivo está vacío.', 'The file is empty.'],
  multipart_required: [400, 'Envíe el archivo como multipart/form-data en el campo «file».', 'Send the file as multipart/form-data in the "file" field.'],
});
