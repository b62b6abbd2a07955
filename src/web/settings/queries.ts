/**
 * The settings screens as they read and write: API tokens here; users and groups go through
 * `users/queries.ts`, configuration tables through `ui/queries.ts` (the areas that own them). The
 * only file of the area that calls the API; types from src/shared/auth.ts.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ApiToken, CreatedApiToken } from '../../shared/auth.ts';
import type { Role } from '../../shared/roles.ts';
import { api, type Page } from '../app/api.ts';

export type { ApiToken, CreatedApiToken } from '../../shared/auth.ts';

export const settingsKeys = {
  /** GET /api-tokens: ApiToken[] (never the secret). */
  apiTokens: () => ['settings', 'api-tokens'] as const,
};

export const settingsApi = {
  apiTokens: (signal?: AbortSignal) => api.get<Page<ApiToken>>('/api-tokens', undefined, signal).then((r) => r.items),
  createApiToken: (body: { name: string; role: Role }) => api.post<CreatedApiToken>('/api-tokens', body),
  revokeApiToken: (id: string) => api.delete(`/api-tokens/${id}`),
};

export function useApiTokens() {
  return useQuery({ queryKey: settingsKeys.apiTokens(), queryFn: ({ signal }) => settingsApi.apiTokens(signal) });
}

export function useRefreshApiTokens() {
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.invalidateQueries({ queryKey: settingsKeys.apiTokens() }), [queryClient]);
}
