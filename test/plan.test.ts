import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/checks/roster-check.js';
import { desiredFrom } from '../src/plan/entities.js';
import { DEFAULT_GUARDS, guardViolations, parseLimit } from '../src/plan/guards.js';
import { allChanges, emptyCurrent, planChanges } from '../src/plan/plan.js';
import { csv, row, TODAY } from './helpers.js';

const desired = (...rows: string[]) => desiredFrom(checkRoster(csv(...rows), { today: TODAY }).roster);

describe('planChanges (pure)', () => {
  it('an empty database: everything is created', () => {
    const plan = planChanges(desired(row(), row({ 'Student ID': '2', 'Class Code': 'M' })), emptyCurrent());
    expect(plan.summary.students).toMatchObject({ create: 2, active: 0 });
    expect(plan.summary.enrollments).toMatchObject({ create: 2 });
    expect(plan.summary.class_staff).toMatchObject({ create: 2 });
    expect(allChanges(plan).find((c) => c.entity === 'enrollments')?.key).toBe(
      '1001\u001fLincoln Elementary\u001fHR3A\u001f1',
    );
  });

  it('compares with what is stored: update, remove, reactivate, unchanged', () => {
    const current = emptyCurrent();
    const fields = desired(row()).records.students.fields(0);
    current.records.students.set('1001', {
      id: 1,
      removed: false,
      print: '',
      fields: { ...fields, first_name: 'Old' },
    });
    current.records.students.set('gone', {
      id: 2,
      removed: false,
      print: '',
      fields: { ...fields, student_id: 'gone' },
    });
    current.records.students.set('back', {
      id: 3,
      removed: true,
      print: '',
      fields: { ...fields, student_id: 'back' },
    });
    current.records.classes.set('Lincoln Elementary\u001fHR3A\u001f1', {
      id: 7,
      removed: false,
      print: '',
      fields: { site_name: 'Lincoln Elementary', class_code: 'HR3A', class_period: '1', class_name: 'Homeroom 3A' },
    });
    current.keys.students.set(2, 'gone');
    current.keys.classes.set(7, 'Lincoln Elementary\u001fHR3A\u001f1');
    current.links.enrollments.set(1, 7, 10 * 2);
    current.links.enrollments.set(2, 7, 11 * 2);
    const plan = planChanges(desired(row(), row({ 'Student ID': 'back' })), current);
    expect(plan.summary.students).toMatchObject({ update: 1, remove: 1, reactivate: 1, active: 2 });
    expect(allChanges(plan).find((c) => c.action === 'update')).toMatchObject({
      entity: 'students',
      action: 'update',
      key: '1001',
      before: { first_name: 'Old' },
      after: { first_name: 'Bao' },
    });
    expect(plan.summary.enrollments).toMatchObject({ unchanged: 1, remove: 1, create: 1, active: 2 });
    expect(
      allChanges(plan)
        .filter((c) => c.entity === 'enrollments')
        .map((c) => [c.action, c.key.split('\u001f')[0]]),
    ).toEqual([
      ['create', 'back'],
      ['remove', 'gone'],
    ]);
  });
});

describe('fingerprints', () => {
  it('a student print from the roster bytes equals the print of its fields', async () => {
    const { printFields } = await import('../src/plan/entities.js');
    const d = desired(row({ 'Last Name': 'Peña' }), row({ 'Student ID': '2', Gifted: 'Y' }));
    for (let i = 0; i < 2; i++)
      expect(d.records.students.prints[i]).toBe(printFields('students', d.records.students.fields(i)));
    expect(d.records.students.prints[0]).not.toBe(d.records.students.prints[1]);
  });

  it('an equal print means unchanged without reading fields', () => {
    const d = desired(row());
    const current = emptyCurrent();
    current.records.students.set('1001', { id: 1, removed: false, print: d.records.students.prints[0], fields: null });
    expect(planChanges(d, current).summary.students).toMatchObject({ unchanged: 1, update: 0 });
  });
});

describe('guards (pure)', () => {
  const summary = (remove: number, update: number, active: number) => {
    const c = { create: 0, update, remove, reactivate: 0, unchanged: 0, active };
    return { sites: c, staff: c, students: c, classes: c, enrollments: c, class_staff: c };
  };
  it.each([
    [10, 0, 100, DEFAULT_GUARDS, 0],
    [11, 0, 100, DEFAULT_GUARDS, 4],
    [0, 76, 100, DEFAULT_GUARDS, 4],
    [11, 0, 100, { ...DEFAULT_GUARDS, maxRemovals: parseLimit('20%') }, 0],
    [11, 0, 100, { ...DEFAULT_GUARDS, maxRemovals: parseLimit('10') }, 4],
    [50, 90, 100, { ...DEFAULT_GUARDS, force: true }, 0],
    [5, 0, 0, DEFAULT_GUARDS, 0],
  ])('remove %i, update %i of %i active', (remove, update, active, opts, violations) => {
    expect(guardViolations(summary(remove, update, active), opts)).toHaveLength(violations);
  });
});
