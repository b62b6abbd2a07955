/** saved_views row → API shape. */
import type { SavedView, SavedViewList } from '../../../shared/saved-views.ts';
import type { SavedViewRow } from './saved-views.repository.ts';

export function toSavedView(r: SavedViewRow): SavedView {
  return { id: String(r.id), list: r.list as SavedViewList, name: r.name, query: r.query, createdAt: r.created_at, updatedAt: r.updated_at };
}
