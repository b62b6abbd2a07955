import { registerMessages } from '../../i18n/messages.ts';

registerMessages({
  project_choice_required: {
    es: 'El cliente tiene varios proyectos activos y ninguno tiene su código: elija en cuál registrar la dedicación.',
    en: 'The customer has several active projects and none has its code: choose the one to record the time on.',
  },
  project_not_of_customer: { es: 'El proyecto no pertenece a este cliente.', en: 'The project does not belong to this customer.' },
  project_inactive: { es: 'El proyecto no está activo.', en: 'The project is not active.' },
  project_code_taken: {
    es: (p) => `Ya existe el proyecto «${p.code}» y pertenece a otro cliente: no se puede crear el proyecto del cliente con su código.`,
    en: (p) => `Project "${p.code}" already exists and belongs to another customer: the customer's project cannot be created with its code.`,
  },
  assignee_required: { es: 'Indique el usuario o el grupo responsable.', en: 'Give the user or the group responsible.' },
  task_not_of_project: { es: 'La tarea no pertenece a ese proyecto.', en: 'The task does not belong to that project.' },
  task_not_of_customer: { es: 'La tarea no pertenece a este cliente.', en: 'The task does not belong to this customer.' },
  customer_required: { es: 'Indique el cliente (o un proyecto o tarea del cliente).', en: 'Give the customer (or one of its projects or tasks).' },
  user_inactive: { es: 'El usuario no está activo.', en: 'The user is not active.' },
  task_status_pending: { es: 'Pendiente', en: 'Pending' },
  task_status_done: { es: 'Hecha', en: 'Done' },
  feed_next_follow_up: { es: (p) => `próxima gestión ${p.date}`, en: (p) => `next follow-up ${p.date}` },
  date_range_too_long: { es: 'El periodo no puede superar 10 años.', en: 'The period cannot be longer than 10 years.' },
});
