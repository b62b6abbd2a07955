import type { SameKeys } from '../app/i18n.ts';

export const es = {
  preferences: {
    title: 'Preferencias',
    subtitle: 'Sus valores por defecto al registrar llamadas, su idioma y su zona horaria',
    calls: 'Llamadas',
    callsHint: 'La ficha «Registrar llamada» se abre con estos valores; puede cambiarlos en cada llamada.',
    destination: 'Destinatario por defecto',
    destinationHint: 'Sin destinatario por defecto, la llamada es para quien la registra.',
    callType: 'Tipo de llamada por defecto',
    callTypeHint: 'Sin él se usa el tipo marcado como habitual en Configuración.',
    noCallTypes: 'No hay tipos de llamada configurados.',
    configureCallTypes: 'Configurar los tipos de llamada',
    region: 'Idioma y zona horaria',
    language: 'Idioma',
    timeZone: 'Zona horaria',
    saved: 'Preferencias guardadas',
  },
};

export const en: SameKeys<typeof es> = {
  preferences: {
    title: 'Preferences',
    subtitle: 'Your defaults for new calls, your language and your time zone',
    calls: 'Calls',
    callsHint: 'The "New call" form opens with these values; you can change them on each call.',
    destination: 'Default recipient',
    destinationHint: 'Without a default recipient, a call is for whoever takes it.',
    callType: 'Default call type',
    callTypeHint: 'Without one, the type flagged as default in Settings is used.',
    noCallTypes: 'No call types are configured.',
    configureCallTypes: 'Configure the call types',
    region: 'Language and time zone',
    language: 'Language',
    timeZone: 'Time zone',
    saved: 'Preferences saved',
  },
};
