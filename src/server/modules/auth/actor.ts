import type { Role } from '../../../shared/roles.ts';
import type { Locale } from '../../i18n/messages.ts';

/** Who is calling: a logged-in user (cookie session) or an integration (API token acting as its creator). */
export type Actor = {
  userId: number;
  username: string;
  name: string;
  role: Role;
  language: Locale;
  timeZone: string;
  via: 'session' | 'token' | 'system';
  sessionId?: string;
  csrfToken?: string;
  tokenId?: number;
};

export const SYSTEM_ACTOR: Actor = {
  userId: 0,
  username: 'system',
  name: 'Atiende',
  role: 'admin',
  language: 'es',
  timeZone: 'Europe/Madrid',
  via: 'system',
};
