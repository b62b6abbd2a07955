/** Error codes of the projects area with their HTTP status and Spanish and English texts, and the area's other texts. */
import type { AreaError, AreaText } from '../area.ts';

export const projectsErrors = {
  project_choice_required: {
    status: 409,
    es: 'El cliente tiene varios proyectos activos y ninguno tiene su código: elija en cuál registrar la dedicación.',
    en: 'The customer has several active projects and none has its code: choose the one to record the time on.',
  },
  project_not_of_customer: { status: 400, es: 'El proyecto no pertenece a este cliente.', en: 'The project does not belong to this customer.' },
  project_inactive: { status: 400, es: 'El proyecto no está activo.', en: 'The project is not active.' },
  project_code_taken: {
    status: 409,
    es: (p) => `Ya existe el proyecto «${p.code}» y pertenece a otro cliente: no se puede crear el proyecto del cliente con su código.`,
    en: (p) => `Project "${p.code}" already exists and belongs to another customer: the customer's project cannot be created with its code.`,
  },
  assignee_required: { status: 400, es: 'Indique el usuario o el grupo responsable.', en: 'Give the user or the group responsible.' },
  task_not_of_project: { status: 400, es: 'La tarea no pertenece a ese proyecto.', en: 'The task does not belong to that project.' },
  task_not_of_customer: { status: 400, es: 'La tarea no pertenece a este cliente.', en: 'The task does not belong to this customer.' },
  customer_required: { status: 400, es: 'Indique el cliente (o un proyecto o tarea del cliente).', en: 'Give the customer (or one of its projects or tasks).' },
  user_inactive: { status: 400, es: 'El usuario no está activo.', en: 'The user is not active.' },
  date_range_too_long: { status: 400, es: 'El periodo no puede superar 10 años.', en: 'The period cannot be longer than 10 years.' },

} satisfies Record<string, AreaError>;

/** Texts of e-mails, notices and timeline entries. */
export const projectsTexts = {
  task_status_pending: { es: 'Pendiente', en: 'Pending' },
  task_status_done: { es: 'Hecha', en: 'Done' },
  feed_next_follow_up: { es: (p) => `próxima gestión ${p.date}`, en: (p) => `next follow-up ${p.date}` },
} satisfies Record<string, AreaText>;
