/**
 * Intake: what the agent needs beside the caller while taking a call (GET /customers/{id}/context).
 * It reads through the other areas' services and owns no table.
 */
import { defineArea } from '../area.ts';
import { intakeRoutes } from './intake.routes.ts';

export const intakeArea = defineArea({ id: 'intake', routes: intakeRoutes });
