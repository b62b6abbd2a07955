/**
 * The catalogue of the demo company (also used by the benchmark generator): serialized products
 * with their warranty, spare parts (supplies), labour and services.
 */
export type DemoItem = {
  code: string;
  description: string;
  kind: 'product' | 'service' | 'supply' | 'labour';
  priceCents: number;
  vatRate: number;
  warrantyMonths: number;
  /** unit type of serialized products */
  unitType?: string;
  /** how the manufacturer's serial numbers of this product begin */
  serialPrefix?: string;
};

export const DEMO_ITEMS: DemoItem[] = [
  { code: 'CAL-C24', description: 'Caldera de condensación 24 kW', kind: 'product', priceCents: 189_000, vatRate: 2100, warrantyMonths: 36, unitType: 'CAL', serialPrefix: 'CC24' },
  { code: 'CAL-C30', description: 'Caldera de condensación 30 kW mixta', kind: 'product', priceCents: 229_000, vatRate: 2100, warrantyMonths: 36, unitType: 'CAL', serialPrefix: 'CC30' },
  { code: 'CAL-GAS35', description: 'Caldera de gasóleo 35 kW con depósito', kind: 'product', priceCents: 315_000, vatRate: 2100, warrantyMonths: 24, unitType: 'CAL', serialPrefix: 'CG35' },
  { code: 'AAC-S25', description: 'Split de pared inverter 2.500 frigorías', kind: 'product', priceCents: 89_900, vatRate: 2100, warrantyMonths: 36, unitType: 'AAC', serialPrefix: 'SP25' },
  { code: 'AAC-S35', description: 'Split de pared inverter 3.500 frigorías', kind: 'product', priceCents: 109_900, vatRate: 2100, warrantyMonths: 36, unitType: 'AAC', serialPrefix: 'SP35' },
  { code: 'AAC-CONS', description: 'Split de conductos 6 kW', kind: 'product', priceCents: 249_000, vatRate: 2100, warrantyMonths: 36, unitType: 'AAC', serialPrefix: 'CD60' },
  { code: 'AAC-CAS', description: 'Cassette de techo 10 kW', kind: 'product', priceCents: 329_000, vatRate: 2100, warrantyMonths: 36, unitType: 'AAC', serialPrefix: 'CS10' },
  { code: 'BDC-AER8', description: 'Bomba de calor aerotermia 8 kW', kind: 'product', priceCents: 689_000, vatRate: 2100, warrantyMonths: 60, unitType: 'BDC', serialPrefix: 'AE08' },
  { code: 'BDC-AER12', description: 'Bomba de calor aerotermia 12 kW', kind: 'product', priceCents: 845_000, vatRate: 2100, warrantyMonths: 60, unitType: 'BDC', serialPrefix: 'AE12' },
  { code: 'VRF-EXT20', description: 'Unidad exterior VRF 20 HP', kind: 'product', priceCents: 2_150_000, vatRate: 2100, warrantyMonths: 36, unitType: 'VRF', serialPrefix: 'VR20' },
  { code: 'HOR-MX6', description: 'Horno mixto de convección 6 bandejas GN 1/1', kind: 'product', priceCents: 745_000, vatRate: 2100, warrantyMonths: 24, unitType: 'HOR', serialPrefix: 'HM06' },
  { code: 'HOR-MX10', description: 'Horno mixto de convección 10 bandejas GN 1/1', kind: 'product', priceCents: 1_095_000, vatRate: 2100, warrantyMonths: 24, unitType: 'HOR', serialPrefix: 'HM10' },
  { code: 'HOR-PIZ', description: 'Horno de pizza eléctrico 2 cámaras', kind: 'product', priceCents: 389_000, vatRate: 2100, warrantyMonths: 24, unitType: 'HOR', serialPrefix: 'HP02' },
  { code: 'LAV-CAP', description: 'Lavavajillas de capota industrial', kind: 'product', priceCents: 459_000, vatRate: 2100, warrantyMonths: 24, unitType: 'LAV', serialPrefix: 'LC50' },
  { code: 'LAV-BAR', description: 'Lavavasos de barra 40x40', kind: 'product', priceCents: 149_000, vatRate: 2100, warrantyMonths: 24, unitType: 'LAV', serialPrefix: 'LV40' },
  { code: 'FRI-ARM', description: 'Armario frigorífico 2 puertas acero inoxidable', kind: 'product', priceCents: 219_000, vatRate: 2100, warrantyMonths: 24, unitType: 'FRI', serialPrefix: 'AF14' },
  { code: 'FRI-CAM', description: 'Equipo de frío para cámara 12 m³', kind: 'product', priceCents: 389_000, vatRate: 2100, warrantyMonths: 24, unitType: 'FRI', serialPrefix: 'EF12' },
  { code: 'FRI-BOT', description: 'Botellero refrigerado 3 puertas', kind: 'product', priceCents: 139_000, vatRate: 2100, warrantyMonths: 24, unitType: 'FRI', serialPrefix: 'BT03' },
  { code: 'HIE-40', description: 'Máquina de cubitos de hielo 40 kg/día', kind: 'product', priceCents: 189_000, vatRate: 2100, warrantyMonths: 24, unitType: 'HIE', serialPrefix: 'MH40' },
  { code: 'CAF-2G', description: 'Cafetera profesional 2 grupos', kind: 'product', priceCents: 329_000, vatRate: 2100, warrantyMonths: 24, unitType: 'CAF', serialPrefix: 'CF2G' },
  { code: 'REP-TERMO', description: 'Termopar de seguridad', kind: 'supply', priceCents: 2_450, vatRate: 2100, warrantyMonths: 0 },
  { code: 'REP-VALV3', description: 'Válvula de tres vías', kind: 'supply', priceCents: 11_800, vatRate: 2100, warrantyMonths: 0 },
  { code: 'REP-BOMBA', description: 'Bomba de circulación', kind: 'supply', priceCents: 16_500, vatRate: 2100, warrantyMonths: 0 },
  { code: 'REP-PLACA', description: 'Placa electrónica de control', kind: 'supply', priceCents: 28_900, vatRate: 2100, warrantyMonths: 0 },
  { code: 'REP-VASO', description: 'Vaso de expansión 8 l', kind: 'supply', priceCents: 4_900, vatRate: 2100, warrantyMonths: 0 },
  { code: 'REP-R32', description: 'Gas refrigerante R-32 (kg)', kind: 'supply', priceCents: 6_500, vatRate: 2100, warrantyMonths: 0 },
  { code: 'REP-FILTRO', description: 'Filtro deshidratador', kind: 'supply', priceCents: 1_850, vatRate: 2100, warrantyMonths: 0 },
  { code: 'REP-RESIST', description: 'Resistencia de calderín 6 kW', kind: 'supply', priceCents: 7_400, vatRate: 2100, warrantyMonths: 0 },
  { code: 'REP-JUNTA', description: 'Junta de puerta de horno', kind: 'supply', priceCents: 5_200, vatRate: 2100, warrantyMonths: 0 },
  { code: 'MO-HORA', description: 'Mano de obra técnico (hora)', kind: 'labour', priceCents: 4_800, vatRate: 2100, warrantyMonths: 0 },
  { code: 'MO-DESPL', description: 'Desplazamiento', kind: 'labour', priceCents: 3_500, vatRate: 2100, warrantyMonths: 0 },
  { code: 'MO-URG', description: 'Suplemento de urgencia fuera de horario', kind: 'labour', priceCents: 6_000, vatRate: 2100, warrantyMonths: 0 },
  { code: 'SRV-MANT', description: 'Revisión anual de mantenimiento', kind: 'service', priceCents: 9_900, vatRate: 2100, warrantyMonths: 0 },
];
