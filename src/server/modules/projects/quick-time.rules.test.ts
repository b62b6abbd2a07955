import { describe, expect, it } from 'vitest';
import { chooseProject, chooseTask, type ProjectFacts, taskTitleFromText } from './quick-time.rules.ts';

const C = 10;
const p = (id: number, code: string, over: Partial<ProjectFacts> = {}): ProjectFacts => ({ id, code, customerId: C, active: true, ...over });

describe('chooseProject (spec 4, steps 1–2)', () => {
  it.each([
    ['no project at all → create one coded as the customer', [], null, null, { action: 'create' }],
    ['no active project, inactive one with the customer code → reactivate it', [], p(5, 'CLI1', { active: false }), null, { action: 'reactivate', projectId: 5 }],
    ['no active project, the customer code taken by another customer → code_taken', [], p(6, 'CLI1', { customerId: 99 }), null, { action: 'code_taken' }],
    ['one active project (any code) → use it', [p(7, 'OTHER')], null, null, { action: 'use', projectId: 7, reason: 'only_active' }],
    ['one active project coded as the customer → use it', [p(8, 'CLI1')], p(8, 'CLI1'), null, { action: 'use', projectId: 8, reason: 'only_active' }],
    ['several, one coded as the customer → use that one', [p(1, 'A'), p(2, 'CLI1'), p(3, 'B')], p(2, 'CLI1'), null, { action: 'use', projectId: 2, reason: 'customer_code' }],
    ['several, none coded as the customer → ask to choose', [p(1, 'A'), p(3, 'B')], null, null, { action: 'choose', candidateIds: [1, 3] }],
    ['several, inactive project coded as the customer does not count → ask', [p(1, 'A'), p(3, 'B')], p(4, 'CLI1', { active: false }), null, { action: 'choose', candidateIds: [1, 3] }],
    ['the user chose one of the active projects → use it', [p(1, 'A'), p(3, 'B')], null, p(3, 'B'), { action: 'use', projectId: 3, reason: 'requested' }],
    ['the user chose a project even with one coded as the customer → their choice wins', [p(1, 'A'), p(2, 'CLI1')], p(2, 'CLI1'), p(1, 'A'), { action: 'use', projectId: 1, reason: 'requested' }],
    ['the user chose another customer’s project → refused', [p(1, 'A')], null, p(9, 'X', { customerId: 99 }), { action: 'invalid_request', code: 'project_not_of_customer' }],
    ['the user chose an inactive project → refused', [p(1, 'A')], null, p(9, 'X', { active: false }), { action: 'invalid_request', code: 'project_inactive' }],
    ['the user chose a project that does not exist → refused', [p(1, 'A')], null, 'missing' as const, { action: 'invalid_request', code: 'unknown_reference' }],
  ])('%s', (_name, activeProjects, coded, requested, expected) => {
    expect(chooseProject({ customerId: C, customerCode: 'CLI1', activeProjects, coded, requested })).toEqual(expected);
  });
});

describe('chooseTask (spec 4, step 3)', () => {
  it.each([
    ['no pending task → create one', [], { action: 'create' }],
    ['one pending task → use it', [{ id: 4, createdAt: '2026-01-01T10:00:00.000Z' }], { action: 'use', taskId: 4 }],
    [
      'several → the most recent',
      [
        { id: 4, createdAt: '2026-01-01T10:00:00.000Z' },
        { id: 9, createdAt: '2026-03-01T10:00:00.000Z' },
        { id: 6, createdAt: '2026-02-01T10:00:00.000Z' },
      ],
      { action: 'use', taskId: 9 },
    ],
    [
      'same instant → the later id',
      [
        { id: 4, createdAt: '2026-01-01T10:00:00.000Z' },
        { id: 5, createdAt: '2026-01-01T10:00:00.000Z' },
      ],
      { action: 'use', taskId: 5 },
    ],
  ])('%s', (_name, tasks, expected) => {
    expect(chooseTask(tasks)).toEqual(expected);
  });
});

describe('taskTitleFromText', () => {
  it.each([
    ['Revisión de la caldera', 'Revisión de la caldera'],
    ['  Primera línea\nsegunda línea', 'Primera línea'],
    ['x'.repeat(130), `${'x'.repeat(119)}…`],
  ])('%s', (text, expected) => {
    expect(taskTitleFromText(text)).toBe(expected);
  });
});
