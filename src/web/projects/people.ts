/** Users and groups for the selects (cached for the session). */
import { useQuery } from '@tanstack/react-query';
import { peopleApi } from './api.ts';

export function useUsers() {
  return useQuery({ queryKey: ['users', 'active'], queryFn: ({ signal }) => peopleApi.users(signal), staleTime: 5 * 60_000, select: (r) => r.items });
}

export function useGroups() {
  return useQuery({ queryKey: ['groups'], queryFn: ({ signal }) => peopleApi.groups(signal), staleTime: 5 * 60_000, select: (r) => r.items.filter((g) => g.active) });
}
