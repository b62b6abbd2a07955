/** Error codes of the attachments area with their HTTP status and Spanish and English texts, and the area's other texts. */
import type { AreaError, AreaText } from '../area.ts';

export const attachmentsErrors = {
  file_too_large: { status: 400, es: (p) => `El archivo supera el tamaño máximo de ${p.maximum}.`, en: (p) => `The file is larger than the ${p.maximum} limit.` },
  file_empty: { status: 400, es: 'El archivo está vacío.', en: 'The file is empty.' },
  multipart_required: { status: 400, es: 'Envíe el archivo como multipart/form-data en el campo «file».', en: 'Send the file as multipart/form-data in the "file" field.' },

} satisfies Record<string, AreaError>;
