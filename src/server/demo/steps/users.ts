/**
 * Demo people: a supervisor, support agents (one who works in English), field technicians by
 * region, a billing clerk and a read-only manager, in teams. Every one has the demo password.
 * Users and groups that already exist (same username / code) are reused.
 */
import type { Role } from '../../../shared/roles.ts';
import type { DemoStep } from '../demo-kit.ts';
import { ensureEntries } from './configuration.ts';

type DemoUser = { username: string; name: string; role: Role; language?: 'es' | 'en'; regionCode?: string };

export const DEMO_USERS: DemoUser[] = [
  { username: 'lmartin', name: 'Lucía Martín Ortega', role: 'supervisor' },
  { username: 'agarcia', name: 'Ana García López', role: 'agent' },
  { username: 'jfernandez', name: 'Javier Fernández Ruiz', role: 'agent' },
  { username: 'mlopez', name: 'Marta López Sánchez', role: 'agent' },
  { username: 'eclarke', name: 'Emma Clarke', role: 'agent', language: 'en' },
  { username: 'psanchez', name: 'Pablo Sánchez Gil', role: 'technician', regionCode: 'MD' },
  { username: 'cromero', name: 'Carles Romero Vidal', role: 'technician', regionCode: 'CT' },
  { username: 'dnavarro', name: 'David Navarro Torres', role: 'technician', regionCode: 'AN' },
  { username: 'itorres', name: 'Irene Torres Molina', role: 'technician', regionCode: 'VC' },
  { username: 'aetxeberria', name: 'Aitor Etxeberria Goikoetxea', role: 'technician', regionCode: 'PV' },
  { username: 'rmoreno', name: 'Rosa Moreno Díaz', role: 'billing' },
  { username: 'gerencia', name: 'Fernando Ibáñez (Gerencia)', role: 'readonly' },
];

const DEMO_GROUPS: Array<{ code: string; name: string; members: (u: DemoUser) => boolean }> = [
  { code: 'SAT', name: 'Atención al cliente (SAT)', members: (u) => u.role === 'agent' || u.role === 'supervisor' },
  { code: 'TEC', name: 'Técnicos de campo', members: (u) => u.role === 'technician' },
  { code: 'TEC-NORTE', name: 'Técnicos zona norte', members: (u) => u.regionCode === 'PV' || u.regionCode === 'CT' },
  { code: 'TEC-SUR', name: 'Técnicos zona centro y sur', members: (u) => ['MD', 'AN', 'VC'].includes(u.regionCode ?? '') },
  { code: 'ADM', name: 'Administración y facturación', members: (u) => u.role === 'billing' },
];

export const usersStep: DemoStep = {
  name: 'users',
  async run({ api, state, password }) {
    const existing = new Map((await api.get<{ items: Array<{ id: string; username: string }> }>('/users')).items.map((u) => [u.username, u.id]));
    let created = 0;
    for (const u of DEMO_USERS) {
      let id = existing.get(u.username);
      if (!id) {
        const user = await api.post<{ id: string }>('/users', {
          username: u.username,
          name: u.name,
          email: `${u.username}@climasat.example`,
          password,
          role: u.role,
          language: u.language ?? 'es',
        });
        id = user.id;
        created++;
      }
      state.users[u.username] = id;
    }
    const groups = new Map((await api.get<{ items: Array<{ id: string; code: string }> }>('/groups')).items.map((g) => [g.code, g.id]));
    for (const g of DEMO_GROUPS) {
      let id = groups.get(g.code);
      if (!id) {
        const memberIds = DEMO_USERS.filter(g.members).map((u) => state.users[u.username]);
        id = (await api.post<{ id: string }>('/groups', { code: g.code, name: g.name, memberIds })).id;
      }
      state.groups[g.code] = id;
    }
    return `${created} usuarios (p. ej. lmartin supervisora, agarcia agente, psanchez técnico, rmoreno facturación), ${DEMO_GROUPS.length} grupos`;
  },
};

/** Owner-assignment rules: an incident goes to the technician of its region, boilers in Madrid to Pablo… */
export const assignmentRulesStep: DemoStep = {
  name: 'assignment-rules',
  async run({ api, state }) {
    const tech = (regionCode: string) => state.users[DEMO_USERS.find((u) => u.regionCode === regionCode)!.username];
    const rules = [
      { code: 'R010', descriptionEs: 'Hostelería en Madrid → Pablo Sánchez', descriptionEn: 'Catering equipment in Madrid → Pablo Sánchez', ruleOrder: 10, unitTypeCode: 'HOR', serviceTypeCode: null, regionCode: 'MD', ownerUserId: tech('MD') },
      { code: 'R020', descriptionEs: 'Contratos 24 horas → Pablo Sánchez', descriptionEn: '24/7 contracts → Pablo Sánchez', ruleOrder: 20, unitTypeCode: null, serviceTypeCode: '24H', regionCode: null, ownerUserId: tech('MD') },
      ...(['MD', 'CT', 'AN', 'VC', 'PV'] as const).map((region, i) => ({
        code: `R1${i}0`,
        descriptionEs: `Región ${region} → técnico de zona`,
        descriptionEn: `Region ${region} → area technician`,
        ruleOrder: 100 + i * 10,
        unitTypeCode: null,
        serviceTypeCode: null,
        regionCode: region,
        ownerUserId: tech(region),
      })),
      { code: 'R900', descriptionEs: 'Resto de regiones → Irene Torres', descriptionEn: 'Other regions → Irene Torres', ruleOrder: 900, unitTypeCode: null, serviceTypeCode: null, regionCode: null, ownerUserId: tech('VC') },
    ];
    const n = await ensureEntries(api, 'assignment-rules', rules);
    return `${n} reglas de asignación`;
  },
};
