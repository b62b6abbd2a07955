/**
 * Users and groups as the web reads them: one key per request, holding the server's answer as it
 * came (one key, one shape); hooks pick what they need with `select`. Every screen that lists users
 * or groups (pickers, the call inbox filter, settings) goes through these hooks.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChangePasswordBody } from '../../shared/auth.ts';
import type { Group, Preferences, User } from '../../shared/users.ts';
import { api, type Page } from '../app/api.ts';

import type { GroupOption, UserOption } from '../../shared/users.ts';
export type { Group, GroupOption, Preferences, User, UserOption } from '../../shared/users.ts';

export const usersKeys = {
  /** Everything of the area: invalidate this after changing a user or a group. */
  all: ['users'] as const,
  /** GET /users: every user, active or not (pickers keep a retired current value). */
  list: () => ['users', 'list'] as const,
  /** GET /groups: every group. */
  groups: () => ['users', 'groups'] as const,
  /** GET /me/preferences */
  preferences: () => ['users', 'me', 'preferences'] as const,
};

export const usersApi = {
  list: (signal?: AbortSignal) => api.get<Page<User>>('/users', undefined, signal),
  groups: (signal?: AbortSignal) => api.get<Page<Group>>('/groups', undefined, signal),
  preferences: (signal?: AbortSignal) => api.get<Preferences>('/me/preferences', undefined, signal),
  savePreferences: (patch: Partial<Preferences>) => api.patch<Preferences>('/me/preferences', patch),
  create: (body: Record<string, unknown>) => api.post<User>('/users', body),
  update: (id: string, body: Record<string, unknown>) => api.patch<User>(`/users/${id}`, body),
  createGroup: (body: { code: string; name: string; memberIds: string[] }) => api.post<Group>('/groups', body),
  updateGroup: (id: string, body: { name: string; memberIds: string[]; active: boolean }) => api.patch<Group>(`/groups/${id}`, body),
  /** POST /auth/password (204): the server ends every other session of this user. */
  changePassword: (body: ChangePasswordBody) => api.post<null>('/auth/password', body),
};

/** Every user (active or not), for pickers and settings. */
export function useUsers() {
  return useQuery({ queryKey: usersKeys.list(), queryFn: ({ signal }) => usersApi.list(signal), staleTime: 60_000, select: (page: Page<User>) => page.items });
}

/** Every group (active or not). */
export function useGroups() {
  return useQuery({ queryKey: usersKeys.groups(), queryFn: ({ signal }) => usersApi.groups(signal), staleTime: 60_000, select: (page: Page<Group>) => page.items });
}

export function usePreferences() {
  return useQuery({ queryKey: usersKeys.preferences(), queryFn: ({ signal }) => usersApi.preferences(signal), staleTime: 60_000 });
}

/** Select options of active users or groups, plus the current value even if it was retired. */
export function personOptions(list: Array<UserOption | GroupOption> | undefined, keep?: string | null): Array<{ value: string; label: string }> {
  return (list ?? []).filter((p) => p.active || p.id === keep).map((p) => ({ value: p.id, label: p.name }));
}

/** PATCH /me/preferences; the answer replaces the cached preferences. */
export function useUpdatePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<Preferences>) => usersApi.savePreferences(patch),
    onSuccess: (prefs) => queryClient.setQueryData(usersKeys.preferences(), prefs),
  });
}

/** Changes the signed-in user's password. Nothing cached changes (the session and CSRF token stay). */
export function useChangePassword() {
  return useMutation({ mutationFn: (body: ChangePasswordBody) => usersApi.changePassword(body) });
}

/** Refetch users and groups after one changed. */
export function useRefreshUsers() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: usersKeys.all });
}
