/** Error codes of the activities area with their HTTP status and Spanish and English texts, and the area's other texts. */
import { defineErrors, defineTexts } from '../area.ts';

export const activitiesErrors = defineErrors({
  status_required: [400, 'Indique la situación: no hay ninguna situación de actividad marcada como habitual.', 'Give the status: no activity status is configured as the default.'],
  project_requires_customer: [400, 'Solo se puede indicar un proyecto si se ha indicado el cliente.', 'A project can only be given together with a customer.'],
  problem_or_solution_required: [400, 'Describa el problema o la solución.', 'Describe the problem or the solution.'],
  action_not_failed: [409, 'La última acción automática no ha fallado: no hay nada que reintentar.', 'The last automatic action did not fail: there is nothing to retry.'],
  no_solution_type: [409, 'La actividad no tiene tipo de solución.', 'The activity has no solution type.'],
  action_no_customer: [400, 'La actividad no tiene cliente.', 'The activity has no customer.'],
  customer_has_no_email: [400, 'El cliente no tiene ninguna dirección de correo electrónico.', 'The customer has no e-mail address.'],
  action_unavailable: [400, 'Esta acción automática no está disponible.', 'This automatic action is not available.'],
  action_failed: [400, 'No se pudo realizar la acción automática.', 'The automatic action could not be done.'],
});

/** Texts of e-mails, notices and timeline entries. */
export const activitiesTexts = defineTexts({
  commercial_type_visit: ['Visita', 'Visit'],
  commercial_type_phone_call: ['Llamada', 'Phone call'],
  commercial_type_email: ['Correo electrónico', 'E-mail'],
  commercial_type_meeting: ['Reunión', 'Meeting'],
  commercial_type_offer: ['Oferta', 'Offer'],
  commercial_type_demo: ['Demostración', 'Demo'],
  commercial_type_follow_up: ['Seguimiento', 'Follow-up'],
  commercial_type_other: ['Otra', 'Other'],
  activity_email_subject: ['Asistencia técnica: {{solutionType}}', 'Technical support: {{solutionType}}'],
  activity_email_body: ['Estimado cliente {{customer}}:\n\nLe informamos de la actuación de nuestro servicio de asistencia técnica del {{date}} (referencia {{activity}}).\n\nProblema: {{problem}}\n\nSolución: {{solution}}\n\nAtentamente,\n{{user}}\nServicio de asistencia técnica', 'Dear {{customer}},\n\nThis is a summary of the work of our technical support service on {{date}} (reference {{activity}}).\n\nProblem: {{problem}}\n\nSolution: {{solution}}\n\nKind regards,\n{{user}}\nTechnical support service'],
  activity_notice_title: [(p) => `Actividad técnica ${p.id}: ${p.solutionType}`, (p) => `Technical activity ${p.id}: ${p.solutionType}`],
  activity_callback_title: [(p) => `Llamar a ${p.customer}: ${p.solutionType}`, (p) => `Call ${p.customer} back: ${p.solutionType}`],
  activity_task_title: [(p) => `Seguimiento de la actividad técnica ${p.id}: ${p.solutionType}`, (p) => `Follow up technical activity ${p.id}: ${p.solutionType}`],
  activity_callback_notes: [(p) => `Actividad técnica ${p.id}.\nProblema: ${p.problem}\nSolución: ${p.solution}`, (p) => `Technical activity ${p.id}.\nProblem: ${p.problem}\nSolution: ${p.solution}`],
});
