/**
 * Spanish vocabulary for generated benchmark data: realistic names, places and equipment, so the
 * search index has the word distribution of a real customer base (many "García", "Restaurante",
 * "Madrid"; few rare words).
 */

export const FIRST_NAMES = [
  'María', 'Carmen', 'Josefa', 'Isabel', 'Ana', 'Laura', 'Lucía', 'Cristina', 'Marta', 'Elena', 'Paula', 'Sara', 'Raquel', 'Rocío', 'Pilar', 'Begoña', 'Nuria', 'Montserrat', 'Ainhoa', 'Iciar',
  'Antonio', 'José', 'Manuel', 'Francisco', 'David', 'Juan', 'Javier', 'Daniel', 'Carlos', 'Jesús', 'Alejandro', 'Miguel', 'Rafael', 'Pablo', 'Sergio', 'Jordi', 'Iñaki', 'Xabier', 'Andrés', 'Ángel',
];

export const SURNAMES = [
  'García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero', 'Alonso', 'Gutiérrez',
  'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil', 'Ramírez', 'Serrano', 'Blanco', 'Molina', 'Morales', 'Suárez', 'Ortega', 'Delgado', 'Castro', 'Ortiz', 'Rubio', 'Marín', 'Sanz', 'Núñez',
  'Iglesias', 'Medina', 'Garrido', 'Cortés', 'Castillo', 'Santos', 'Lozano', 'Guerrero', 'Cano', 'Prieto', 'Méndez', 'Cruz', 'Calvo', 'Gallego', 'Vidal', 'León', 'Márquez', 'Herrera', 'Peña', 'Flores',
  'Cabrera', 'Campos', 'Vega', 'Fuentes', 'Carrasco', 'Diez', 'Reyes', 'Caballero', 'Nieto', 'Aguilar', 'Pascual', 'Santana', 'Herrero', 'Montero', 'Lorenzo', 'Hidalgo', 'Giménez', 'Ibáñez', 'Ferrer', 'Durán',
  'Etxeberria', 'Goikoetxea', 'Puig', 'Soler', 'Casals', 'Vilaró', 'Otero', 'Varela', 'Figueroa', 'Echeverría',
];

export const BUSINESS_KINDS = [
  'Restaurante', 'Bar', 'Cafetería', 'Hotel', 'Hostal', 'Pastelería', 'Panadería', 'Asador', 'Marisquería', 'Pizzería', 'Taberna', 'Cervecería', 'Heladería', 'Churrería', 'Mesón',
  'Clínica Dental', 'Residencia', 'Gimnasio', 'Colegio', 'Guardería', 'Supermercado', 'Carnicería', 'Frutería', 'Farmacia', 'Peluquería', 'Talleres', 'Construcciones', 'Inmobiliaria', 'Oficinas', 'Lavandería',
];

export const BUSINESS_NAMES = [
  'El Olivo', 'La Encina', 'Casa Paco', 'Los Arcos', 'El Puerto', 'La Alameda', 'San Roque', 'Santa Ana', 'El Mirador', 'La Plaza', 'Las Dunas', 'Miramar', 'El Rincón', 'La Bodeguilla', 'Sol y Sombra',
  'La Estrella', 'El Faro', 'Los Álamos', 'La Fuente', 'El Molino', 'Buenavista', 'La Huerta', 'El Cortijo', 'Las Palmeras', 'La Giralda', 'Montserrat', 'Txoko Zaharra', 'A Lareira', 'El Trébol', 'La Perla',
  'Nuevo Horizonte', 'Gran Vía', 'Doña Carmen', 'Don Pepe', 'El Paraíso', 'La Marina', 'La Taberna del Puerto', 'Torre Blanca', 'El Castillo', 'La Cigüeña', 'Aurora', 'Levante', 'Poniente', 'Atlántico', 'Mediterráneo',
];

export const STREETS = [
  'Calle Mayor', 'Calle Real', 'Avenida de la Constitución', 'Calle Alcalá', 'Gran Vía', 'Paseo de la Castellana', 'Calle Serrano', 'Avenida Diagonal', 'Calle de Aragó', 'Rambla de Catalunya',
  'Calle Sierpes', 'Avenida de Andalucía', 'Calle Colón', 'Avenida del Puerto', 'Calle San Vicente', 'Gran Vía de Colón', 'Calle Iparraguirre', 'Alameda de Urquijo', 'Rúa do Franco', 'Paseo de la Independencia',
  'Calle Zamora', 'Avenida de la Libertad', 'Calle Jaume III', 'Calle de Triana', 'Calle del Carmen', 'Calle Nueva', 'Plaza de España', 'Calle de la Iglesia', 'Avenida de Europa', 'Calle del Sol',
];

/** Region (ISO 3166-2:ES) → weight, landline prefix, cities with province and postal code prefix. */
export const REGIONS: Array<{ code: string; weight: number; landline: string; cities: Array<[city: string, province: string, postal: string]> }> = [
  { code: 'MD', weight: 20, landline: '91', cities: [['Madrid', 'Madrid', '280'], ['Alcalá de Henares', 'Madrid', '288'], ['Getafe', 'Madrid', '289'], ['Móstoles', 'Madrid', '289'], ['Alcobendas', 'Madrid', '281']] },
  { code: 'CT', weight: 17, landline: '93', cities: [['Barcelona', 'Barcelona', '080'], ['Sabadell', 'Barcelona', '082'], ['Girona', 'Girona', '170'], ['Tarragona', 'Tarragona', '430'], ['Lleida', 'Lleida', '250']] },
  { code: 'AN', weight: 17, landline: '95', cities: [['Sevilla', 'Sevilla', '410'], ['Málaga', 'Málaga', '290'], ['Córdoba', 'Córdoba', '140'], ['Granada', 'Granada', '180'], ['Marbella', 'Málaga', '296'], ['Cádiz', 'Cádiz', '110']] },
  { code: 'VC', weight: 12, landline: '96', cities: [['Valencia', 'Valencia', '460'], ['Alicante', 'Alicante', '030'], ['Elche', 'Alicante', '032'], ['Castellón de la Plana', 'Castellón', '120'], ['Benidorm', 'Alicante', '035']] },
  { code: 'PV', weight: 7, landline: '94', cities: [['Bilbao', 'Bizkaia', '480'], ['Donostia-San Sebastián', 'Gipuzkoa', '200'], ['Vitoria-Gasteiz', 'Araba', '010'], ['Getxo', 'Bizkaia', '489']] },
  { code: 'GA', weight: 6, landline: '98', cities: [['Vigo', 'Pontevedra', '362'], ['A Coruña', 'A Coruña', '150'], ['Santiago de Compostela', 'A Coruña', '157'], ['Ourense', 'Ourense', '320']] },
  { code: 'AR', weight: 4, landline: '97', cities: [['Zaragoza', 'Zaragoza', '500'], ['Huesca', 'Huesca', '220'], ['Teruel', 'Teruel', '440']] },
  { code: 'CL', weight: 6, landline: '98', cities: [['Valladolid', 'Valladolid', '470'], ['Burgos', 'Burgos', '090'], ['Salamanca', 'Salamanca', '370'], ['León', 'León', '240']] },
  { code: 'MC', weight: 4, landline: '96', cities: [['Murcia', 'Murcia', '300'], ['Cartagena', 'Murcia', '302'], ['Lorca', 'Murcia', '308']] },
  { code: 'IB', weight: 3, landline: '97', cities: [['Palma', 'Illes Balears', '070'], ['Ibiza', 'Illes Balears', '078'], ['Maó', 'Illes Balears', '077']] },
  { code: 'CN', weight: 4, landline: '92', cities: [['Las Palmas de Gran Canaria', 'Las Palmas', '350'], ['Santa Cruz de Tenerife', 'Santa Cruz de Tenerife', '380'], ['Arrecife', 'Las Palmas', '355']] },
];

export const POSITIONS = ['Gerente', 'Encargado de mantenimiento', 'Jefe de cocina', 'Administración', 'Director', 'Recepción', 'Propietario', 'Presidente de la comunidad', 'Administrador de fincas'];
