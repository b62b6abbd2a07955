/**
 * i18next with Spanish (default) and English. The shell's own texts live in the `common`
 * namespace below; each area adds its namespace with `registerBundle` (see modules.ts), and a
 * component reads it with `useTranslation('<area>')` — `common` keys work there too.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['es', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const es = {
  app: { name: 'Atiende', tagline: 'Servicio de asistencia técnica' },
  nav: {
    sections: { work: 'Trabajo', masterdata: 'Mantenimientos', settings: 'Configuración' },
    openMenu: 'Abrir el menú',
    skipToContent: 'Saltar al contenido',
    main: 'Navegación principal',
  },
  actions: {
    save: 'Guardar',
    saving: 'Guardando…',
    cancel: 'Cancelar',
    close: 'Cerrar',
    edit: 'Editar',
    create: 'Crear',
    new: 'Nuevo',
    add: 'Añadir',
    remove: 'Quitar',
    delete: 'Eliminar',
    back: 'Volver',
    retry: 'Reintentar',
    loadMore: 'Cargar más',
    exportCsv: 'Exportar CSV',
    print: 'Imprimir',
    clearFilters: 'Quitar filtros',
    search: 'Buscar',
    apply: 'Aplicar',
    copy: 'Copiar',
    copied: 'Copiado',
  },
  state: {
    loading: 'Cargando…',
    active: 'Activo',
    inactive: 'Inactivo',
    yes: 'Sí',
    no: 'No',
    none: '—',
    all: 'Todos',
    saved: 'Cambios guardados',
    created: 'Creado',
  },
  list: {
    showing_one: '{{count}} mostrado',
    showing_other: '{{count}} mostrados',
    more: 'hay más',
    end: 'no hay más',
    noResults: 'Ningún resultado con estos filtros.',
    exporting: 'Exportando… {{count}} filas',
    exported: 'Exportadas {{count}} filas',
    exportLimited: 'Exportación limitada a las primeras {{count}} filas; afine los filtros para exportar el resto.',
    filters: 'Filtros',
    filtersActive: 'Filtros (activos)',
  },
  errors: {
    title: 'No se ha podido completar',
    loadFailed: 'No se han podido cargar los datos',
    checkFields: 'Revise los campos marcados.',
    notFound: 'No existe o no tiene acceso.',
    forbidden: 'Su perfil no permite esta acción.',
    pageNotFound: 'Esta página no existe.',
    goHome: 'Ir al inicio',
    fix: { callStatuses: 'Configurar las situaciones de llamada', preferences: 'Abrir mis preferencias' },
  },
  auth: {
    title: 'Iniciar sesión',
    username: 'Usuario',
    password: 'Contraseña',
    submit: 'Entrar',
    logout: 'Cerrar sesión',
    loggedOut: 'Ha cerrado la sesión.',
    expired: 'La sesión ha caducado. Vuelva a entrar.',
  },
  user: {
    menu: 'Menú de usuario',
    language: 'Idioma',
    timeZone: 'Zona horaria',
    preferences: 'Preferencias',
    password: 'Cambiar contraseña',
    languageChanged: 'Idioma cambiado',
    timeZoneChanged: 'Zona horaria cambiada a {{tz}}',
    roles: { admin: 'Administrador', supervisor: 'Supervisor', agent: 'Agente', technician: 'Técnico', billing: 'Facturación', readonly: 'Solo lectura' },
  },
  languages: { es: 'Español', en: 'English' },
  search: {
    label: 'Búsqueda global',
    placeholder: 'Buscar clientes, contactos, números de serie…',
    hint: 'Pulse / para buscar',
    nothing: 'Nada encontrado para «{{q}}».',
    typeMore: 'Escriba al menos 2 caracteres',
    types: { customer: 'Cliente', contact: 'Contacto', unit: 'Unidad', call: 'Llamada', activity: 'Actividad', incident: 'Incidencia', invoice: 'Factura' },
  },
  shortcuts: {
    title: 'Atajos de teclado',
    search: 'Buscar',
    new: 'Nuevo en el módulo actual',
    newHere: 'Nuevo aquí: {{what}}',
    close: 'Cerrar el diálogo',
    submit: 'Guardar el formulario',
    help: 'Mostrar los atajos',
    newTooltip: 'Nuevo (tecla N)',
  },
  home: {
    title: 'Mi día',
    myDay: 'Mi día',
    welcome: 'Hola, {{name}}',
    intro: 'Busque un cliente, un contacto o un número de serie con la tecla /, o elija un módulo.',
    newCall: 'Nueva llamada',
    newCallHint: 'Registrar una llamada (tecla n)',
    newActivity: 'Nueva actividad',
    search: 'Buscar',
    calls: {
      title: 'Llamadas pendientes para mí',
      open: 'Abrir la bandeja',
      empty: 'No tiene llamadas pendientes ahora. Cuando entre una, pulse «Nueva llamada» (n) para tomar el recado.',
      unknown: 'Llamante sin identificar',
      postponed_one: '{{count}} aplazada para más tarde',
      postponed_other: '{{count}} aplazadas para más tarde',
      all_one: 'En toda la empresa: {{count}} llamada pendiente ahora',
      all_other: 'En toda la empresa: {{count}} llamadas pendientes ahora',
    },
    agenda: {
      title: 'Mi agenda de hoy',
      open: 'Ver agenda',
      empty: 'Nada vencido ni para hoy. Las fechas de seguimiento de sus tareas aparecerán aquí.',
      emptyUpcoming_one: 'Nada vencido ni para hoy; {{count}} cosa en los próximos días.',
      emptyUpcoming_other: 'Nada vencido ni para hoy; {{count}} cosas en los próximos días.',
      callback: 'Llamar al cliente',
      followUp: 'Seguimiento',
      due: 'Vence',
      today: 'Hoy',
    },
    activities: {
      title: 'Mis actividades técnicas pendientes',
      open: 'Ver todas',
      empty: 'No tiene actividades técnicas pendientes. Registre una con «Nueva actividad».',
      noProblem: 'Sin descripción del problema',
    },
    notices: {
      title: 'Avisos sin leer',
      open: 'Ver avisos',
      empty: 'Está al día: no tiene avisos sin leer.',
    },
  },
  time: { justNow: 'ahora mismo' },
  form: { required: 'Obligatorio', optional: 'opcional' },
};

type Bundle = typeof es;
type DeepString<T> = { [K in keyof T]: T[K] extends string ? string : DeepString<T[K]> };

const en: DeepString<Bundle> = {
  app: { name: 'Atiende', tagline: 'After-sales technical service' },
  nav: {
    sections: { work: 'Work', masterdata: 'Master data', settings: 'Configuration' },
    openMenu: 'Open the menu',
    skipToContent: 'Skip to content',
    main: 'Main navigation',
  },
  actions: {
    save: 'Save',
    saving: 'Saving…',
    cancel: 'Cancel',
    close: 'Close',
    edit: 'Edit',
    create: 'Create',
    new: 'New',
    add: 'Add',
    remove: 'Remove',
    delete: 'Delete',
    back: 'Back',
    retry: 'Retry',
    loadMore: 'Load more',
    exportCsv: 'Export CSV',
    print: 'Print',
    clearFilters: 'Clear filters',
    search: 'Search',
    apply: 'Apply',
    copy: 'Copy',
    copied: 'Copied',
  },
  state: {
    loading: 'Loading…',
    active: 'Active',
    inactive: 'Inactive',
    yes: 'Yes',
    no: 'No',
    none: '—',
    all: 'All',
    saved: 'Changes saved',
    created: 'Created',
  },
  list: {
    showing_one: '{{count}} shown',
    showing_other: '{{count}} shown',
    more: 'more available',
    end: 'no more',
    noResults: 'No results with these filters.',
    exporting: 'Exporting… {{count}} rows',
    exported: 'Exported {{count}} rows',
    exportLimited: 'Export limited to the first {{count}} rows; narrow the filters to export the rest.',
    filters: 'Filters',
    filtersActive: 'Filters (active)',
  },
  errors: {
    title: 'Could not complete',
    loadFailed: 'The data could not be loaded',
    checkFields: 'Check the highlighted fields.',
    notFound: 'It does not exist or you have no access.',
    forbidden: 'Your role does not allow this action.',
    pageNotFound: 'This page does not exist.',
    goHome: 'Go to the start page',
    fix: { callStatuses: 'Configure the call statuses', preferences: 'Open my preferences' },
  },
  auth: {
    title: 'Log in',
    username: 'Username',
    password: 'Password',
    submit: 'Log in',
    logout: 'Log out',
    loggedOut: 'You have logged out.',
    expired: 'Your session has expired. Please log in again.',
  },
  user: {
    menu: 'User menu',
    language: 'Language',
    timeZone: 'Time zone',
    preferences: 'Preferences',
    password: 'Change password',
    languageChanged: 'Language changed',
    timeZoneChanged: 'Time zone changed to {{tz}}',
    roles: { admin: 'Administrator', supervisor: 'Supervisor', agent: 'Agent', technician: 'Technician', billing: 'Billing', readonly: 'Read only' },
  },
  languages: { es: 'Español', en: 'English' },
  search: {
    label: 'Global search',
    placeholder: 'Search customers, contacts, serial numbers…',
    hint: 'Press / to search',
    nothing: 'Nothing found for “{{q}}”.',
    typeMore: 'Type at least 2 characters',
    types: { customer: 'Customer', contact: 'Contact', unit: 'Unit', call: 'Call', activity: 'Activity', incident: 'Incident', invoice: 'Invoice' },
  },
  shortcuts: {
    title: 'Keyboard shortcuts',
    search: 'Search',
    new: 'New in the current module',
    newHere: 'New here: {{what}}',
    close: 'Close the dialog',
    submit: 'Save the form',
    help: 'Show the shortcuts',
    newTooltip: 'New (N key)',
  },
  home: {
    title: 'My day',
    myDay: 'My day',
    welcome: 'Hello, {{name}}',
    intro: 'Find a customer, a contact or a serial number with the / key, or choose a module.',
    newCall: 'New call',
    newCallHint: 'Take a call (n key)',
    newActivity: 'New activity',
    search: 'Search',
    calls: {
      title: 'Calls pending for me',
      open: 'Open the inbox',
      empty: 'No calls pending for you now. When one comes in, press “New call” (n) to take the message.',
      unknown: 'Unidentified caller',
      postponed_one: '{{count}} postponed until later',
      postponed_other: '{{count}} postponed until later',
      all_one: 'Company-wide: {{count}} call pending now',
      all_other: 'Company-wide: {{count}} calls pending now',
    },
    agenda: {
      title: 'My agenda for today',
      open: 'See agenda',
      empty: 'Nothing overdue or due today. Follow-up dates of your tasks will show here.',
      emptyUpcoming_one: 'Nothing overdue or due today; {{count}} item in the coming days.',
      emptyUpcoming_other: 'Nothing overdue or due today; {{count}} items in the coming days.',
      callback: 'Call the customer back',
      followUp: 'Follow-up',
      due: 'Due',
      today: 'Today',
    },
    activities: {
      title: 'My pending technical activities',
      open: 'See all',
      empty: 'No pending technical activities. Register one with “New activity”.',
      noProblem: 'No problem description',
    },
    notices: {
      title: 'Unread notices',
      open: 'See notices',
      empty: 'All caught up: no unread notices.',
    },
  },
  time: { justNow: 'just now' },
  form: { required: 'Required', optional: 'optional' },
};

export function initI18n(language: Language = 'es') {
  if (i18n.isInitialized) return i18n;
  void i18n.use(initReactI18next).init({
    resources: { es: { common: es }, en: { common: en } },
    lng: language,
    fallbackLng: 'es',
    supportedLngs: [...LANGUAGES],
    ns: ['common'],
    defaultNS: 'common',
    fallbackNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  if (typeof document !== 'undefined') {
    document.documentElement.lang = i18n.language;
    i18n.on('languageChanged', (lng) => {
      document.documentElement.lang = lng;
    });
  }
  return i18n;
}

/** Adds an area's texts under its own namespace. `es` and `en` must have the same keys. */
export function registerBundle(namespace: string, bundles: { es: object; en: object }) {
  i18n.addResourceBundle('es', namespace, bundles.es, true, true);
  i18n.addResourceBundle('en', namespace, bundles.en, true, true);
}

/** Type helper for an area's English bundle: the same keys as its Spanish one. */
export type SameKeys<T> = DeepString<T>;

export { i18n };
