/**
 * Saved views as the web reads and writes them: query keys (each key one shape), the requests and
 * hooks. The only file of the area that calls the API; the types come from src/shared/saved-views.ts.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SavedView, SavedViewCreate, SavedViewList, SavedViewPatch } from '../../shared/saved-views.ts';
import { api, type Page } from '../app/api.ts';

export type { SavedView, SavedViewList } from '../../shared/saved-views.ts';

export const savedViewsKeys = {
  /** Everything of the area: invalidate this after any change to a view. */
  all: ['saved-views'] as const,
  /** GET /saved-views?list=…: the first Page<SavedView> of one list (up to 200: a menu, not a table). */
  ofList: (list: SavedViewList) => ['saved-views', 'list', list] as const,
};

export const savedViewsApi = {
  ofList: (list: SavedViewList, signal?: AbortSignal) => api.get<Page<SavedView>>('/saved-views', { list, limit: 200 }, signal),
  create: (body: SavedViewCreate) => api.post<SavedView>('/saved-views', body),
  update: (id: string, body: SavedViewPatch) => api.patch<SavedView>(`/saved-views/${id}`, body),
  remove: (id: string) => api.delete(`/saved-views/${id}`),
};

/** The signed-in user's views of one list, by name. */
export function useSavedViews(list: SavedViewList) {
  return useQuery({ queryKey: savedViewsKeys.ofList(list), queryFn: ({ signal }) => savedViewsApi.ofList(list, signal), staleTime: 60_000 });
}

/** Refetch the views after a change. */
function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: savedViewsKeys.all });
}

export function useUpdateSavedView() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: ({ id, body }: { id: string; body: SavedViewPatch }) => savedViewsApi.update(id, body), onSuccess: invalidate });
}

export function useDeleteSavedView() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (id: string) => savedViewsApi.remove(id), onSuccess: invalidate });
}

export function useSavedViewsChanged() {
  return useInvalidate();
}
