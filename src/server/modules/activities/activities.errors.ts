/** Error codes of the activities area with their HTTP status and Spanish and English texts, and the area's other texts. */
import type { AreaError, AreaText } from '../area.ts';

export const activitiesErrors = {
  status_required: {
    status: 400,
    es: 'Indique la situación: no hay ninguna situación de actividad marcada como habitual.',
    en: 'Give the status: no activity status is configured as the default.',
  },
  project_requires_customer: { status: 400, es: 'Solo se puede indicar un proyecto si se ha indicado el cliente.', en: 'A project can only be given together with a customer.' },
  problem_or_solution_required: { status: 400, es: 'Describa el problema o la solución.', en: 'Describe the problem or the solution.' },
  action_not_failed: { status: 409, es: 'La última acción automática no ha fallado: no hay nada que reintentar.', en: 'The last automatic action did not fail: there is nothing to retry.' },
  no_solution_type: { status: 409, es: 'La actividad no tiene tipo de solución.', en: 'The activity has no solution type.' },

  action_no_customer: { status: 400, es: 'La actividad no tiene cliente.', en: 'The activity has no customer.' },
  customer_has_no_email: { status: 400, es: 'El cliente no tiene ninguna dirección de correo electrónico.', en: 'The customer has no e-mail address.' },
  action_unavailable: { status: 400, es: 'Esta acción automática no está disponible.', en: 'This automatic action is not available.' },
  action_failed: { status: 400, es: 'No se pudo realizar la acción automática.', en: 'The automatic action could not be done.' },
} satisfies Record<string, AreaError>;

/** Texts of e-mails, notices and timeline entries. */
export const activitiesTexts = {
  commercial_type_visit: { es: 'Visita', en: 'Visit' },
  commercial_type_phone_call: { es: 'Llamada', en: 'Phone call' },
  commercial_type_email: { es: 'Correo electrónico', en: 'E-mail' },
  commercial_type_meeting: { es: 'Reunión', en: 'Meeting' },
  commercial_type_offer: { es: 'Oferta', en: 'Offer' },
  commercial_type_demo: { es: 'Demostración', en: 'Demo' },
  commercial_type_follow_up: { es: 'Seguimiento', en: 'Follow-up' },
  commercial_type_other: { es: 'Otra', en: 'Other' },

  activity_email_subject: { es: 'Asistencia técnica: {{solutionType}}', en: 'Technical support: {{solutionType}}' },
  activity_email_body: {
    es: 'Estimado cliente {{customer}}:\n\nLe informamos de la actuación de nuestro servicio de asistencia técnica del {{date}} (referencia {{activity}}).\n\nProblema: {{problem}}\n\nSolución: {{solution}}\n\nAtentamente,\n{{user}}\nServicio de asistencia técnica',
    en: 'Dear {{customer}},\n\nThis is a summary of the work of our technical support service on {{date}} (reference {{activity}}).\n\nProblem: {{problem}}\n\nSolution: {{solution}}\n\nKind regards,\n{{user}}\nTechnical support service',
  },
  activity_notice_title: { es: (p) => `Actividad técnica ${p.id}: ${p.solutionType}`, en: (p) => `Technical activity ${p.id}: ${p.solutionType}` },
  activity_callback_title: { es: (p) => `Llamar a ${p.customer}: ${p.solutionType}`, en: (p) => `Call ${p.customer} back: ${p.solutionType}` },
  activity_task_title: { es: (p) => `Seguimiento de la actividad técnica ${p.id}: ${p.solutionType}`, en: (p) => `Follow up technical activity ${p.id}: ${p.solutionType}` },
  activity_callback_notes: { es: (p) => `Actividad técnica ${p.id}.\nProblema: ${p.problem}\nSolución: ${p.solution}`, en: (p) => `Technical activity ${p.id}.\nProblem: ${p.problem}\nSolution: ${p.solution}` },

} satisfies Record<string, AreaText>;
