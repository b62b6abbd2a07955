import type { Selectable } from 'kysely';
import { fromJson, toBool } from '../../db/dialect.ts';
import type { CatalogEntriesTable } from './catalogs.tables.ts';

export type CatalogEntry = {
  code: string;
  descriptionEs: string;
  descriptionEn: string;
  active: boolean;
  sortOrder: number;
  parentCode: string | null;
  pending: boolean;
  isDefault: boolean;
  defaultPending: boolean;
  defaultFinished: boolean;
  [attribute: string]: unknown;
};

export function toEntry(r: Selectable<CatalogEntriesTable>): CatalogEntry {
  return {
    ...fromJson<Record<string, unknown>>(r.attributes, {}),
    code: r.code,
    descriptionEs: r.description_es,
    descriptionEn: r.description_en,
    active: toBool(r.active),
    sortOrder: r.sort_order,
    parentCode: r.parent_code,
    pending: toBool(r.pending),
    isDefault: toBool(r.is_default),
    defaultPending: toBool(r.default_pending),
    defaultFinished: toBool(r.default_finished),
  };
}
