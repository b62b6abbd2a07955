/**
 * The shell's own requests: the session (server area auth) and the global search (server area
 * search). The only file of the app area that calls the API; keys start with 'auth' or 'search',
 * the server areas they read.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { User } from '../../shared/users.ts';
import { api } from './api.ts';
import type { SearchHit } from './module.ts';

export type MeResponse = { user: User; csrfToken: string | null };

export const authKeys = {
  /** GET /auth/me: MeResponse | null (null: not signed in) */
  me: ['auth', 'me'] as const,
};

export const searchKeys = {
  /** GET /search?q&types&limit=15: { items: SearchHit[] } */
  hits: (q: string, types: string[]) => ['search', 'hits', q, types] as const,
};

export const authApi = {
  me: () => api.get<MeResponse>('/auth/me'),
  login: (username: string, password: string) => api.post<MeResponse>('/auth/login', { username, password }),
  logout: () => api.post('/auth/logout'),
};

/** Records of these types matching what was typed (2 characters at least). */
export function useSearch(q: string, types: string[]) {
  return useQuery({
    queryKey: searchKeys.hits(q, types),
    queryFn: ({ signal }) => api.get<{ items: SearchHit[] }>('/search', { q, types, limit: 15 }, signal),
    enabled: q.trim().length >= 2 && types.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}
