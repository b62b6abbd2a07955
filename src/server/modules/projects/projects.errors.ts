/** Error codes of the projects area with their HTTP status and Spanish and English texts, and the area's other texts. */
import { defineErrors, defineTexts } from '../area.ts';

export const projectsErrors = defineErrors({
  project_choice_required: [409, 'El cliente tiene varios proyectos activos y ninguno tiene su código: elija en cuál registrar la dedicación.', 'The customer has several active projects and none has its code: choose the one to record the time on.'],
  project_not_of_customer: [400, 'El proyecto no pertenece a este cliente.', 'The project does not belong to this customer.'],
  project_inactive: [400, 'El proyecto no está activo.', 'The project is not active.'],
  project_code_taken: [409, (p) => `Ya existe el proyecto «${p.code}» y pertenece a otro cliente: no se puede crear el proyecto del cliente con su código.`, (p) => `Project "${p.code}" already exists and belongs to another customer: the customer's project cannot be created with its code.`],
  assignee_required: [400, 'Indique el usuario o el grupo responsable.', 'Give the user or the group responsible.'],
  task_not_of_project: [400, 'La tarea no pertenece a ese proyecto.', 'The task does not belong to that project.'],
  task_not_of_customer: [400, 'La tarea no pertenece a este cliente.', 'The task does not belong to this customer.'],
  customer_required: [400, 'Indique el cliente (o un proyecto o tarea del cliente).', 'Give the customer (or one of its projects or tasks).'],
  user_inactive: [400, 'El usuario no está activo.', 'The user is not active.'],
  date_range_too_long: [400, 'El periodo no puede superar 10 años.', 'The period cannot be longer than 10 years.'],
});

/** Texts of e-mails, notices and timeline entries. */
export const projectsTexts = defineTexts({
  task_status_pending: ['Pendiente', 'Pending'],
  task_status_done: ['Hecha', 'Done'],
  feed_next_follow_up: [(p) => `próxima gestión ${p.date}`, (p) => `next follow-up ${p.date}`],
});
