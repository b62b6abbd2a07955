import type { SameKeys } from '../app/i18n.ts';

export const es = {
  menu: {
    button: 'Vistas guardadas',
    none: 'Aún no ha guardado ninguna vista de esta lista.',
    save: 'Guardar filtros actuales…',
    manage: 'Gestionar vistas…',
    current: 'vista actual',
  },
  save: {
    title: 'Guardar vista',
    name: 'Nombre de la vista',
    hint: 'Guarda los filtros que tiene ahora la lista, para volver a ellos desde este menú.',
    noFilters: 'La lista no tiene filtros ahora: la vista la mostrará tal cual.',
    submit: 'Guardar vista',
    saved: 'Vista «{{name}}» guardada',
  },
  manage: {
    title: 'Vistas guardadas',
    name: 'Nombre de «{{name}}»',
    rename: 'Cambiar nombre',
    resave: 'Guardar con los filtros actuales',
    remove: 'Eliminar',
    removeLabel: 'Eliminar la vista «{{name}}»',
    confirm: '¿Eliminar la vista «{{name}}»?',
    renamed: 'Nombre cambiado',
    resaved: 'Vista «{{name}}» guardada con los filtros actuales',
    removed: 'Vista «{{name}}» eliminada',
    close: 'Cerrar',
  },
};

export const en: SameKeys<typeof es> = {
  menu: {
    button: 'Saved views',
    none: 'You have not saved any view of this list yet.',
    save: 'Save current filters…',
    manage: 'Manage views…',
    current: 'current view',
  },
  save: {
    title: 'Save view',
    name: 'View name',
    hint: 'Keeps the filters the list has now, to come back to them from this menu.',
    noFilters: 'The list has no filters now: the view will show it as it is.',
    submit: 'Save view',
    saved: 'View "{{name}}" saved',
  },
  manage: {
    title: 'Saved views',
    name: 'Name of "{{name}}"',
    rename: 'Rename',
    resave: 'Save with the current filters',
    remove: 'Delete',
    removeLabel: 'Delete the view "{{name}}"',
    confirm: 'Delete the view "{{name}}"?',
    renamed: 'Name changed',
    resaved: 'View "{{name}}" saved with the current filters',
    removed: 'View "{{name}}" deleted',
    close: 'Close',
  },
};
