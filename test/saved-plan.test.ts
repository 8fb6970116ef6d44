import { describe, expect, it } from 'vitest';
import { compareChanges, planProblem } from '../src/plan/saved-plan.js';
import type { Change } from '../src/plan/plan.js';

const update: Change = {
  entity: 'students',
  action: 'update',
  key: '1',
  before: { first_name: 'A' },
  after: { first_name: 'B' },
};
const link: Change = { entity: 'enrollments', action: 'create', key: '1\u001fs\u001fc\u001f1' };

describe('compareChanges (a saved plan against its re-plan)', () => {
  it('equal in any order, field order aside', () => {
    const reordered: Change = { ...update, after: { first_name: 'B' }, before: { first_name: 'A' } };
    expect(compareChanges([link, update], [reordered, link])).toBeNull();
  });

  it.each([
    ['a changed value', [{ ...update, after: { first_name: 'C' } }, link], 1, 1],
    ['an extra field', [{ ...update, after: { first_name: 'B', gender: 'F' } }, link], 1, 1],
    ['a duplicate', [update, update, link], 1, 0],
    ['a missing change', [update], 0, 1],
    ['another action on the same key', [{ ...update, action: 'reactivate' }, link], 1, 1],
  ] as const)('%s is a mismatch', (_what, saved, onlySaved, onlyReplanned) => {
    expect(compareChanges(saved as Change[], [update, link])).toMatchObject({ onlySaved, onlyReplanned });
  });
});

describe('planProblem (the shape of a saved plan)', () => {
  const plan = (changes: unknown[]) => ({
    version: 1,
    org: 'a',
    program: 'default',
    base: '',
    file: { name: 'f.csv', sha256: 'a'.repeat(64), rows: 1 },
    summary: Object.fromEntries(
      ['sites', 'staff', 'students', 'classes', 'enrollments', 'class_staff'].map((e) => [e, {}]),
    ),
    changes,
  });
  it.each([
    [{ ...update, after: { org: 'b' } }, /sets "org": a plan cannot set a record's org, program or id/],
    [{ ...update, after: { id: '1' } }, /sets "id"/],
    [{ ...update, after: { first_name: 5 } }, /must be text/],
    [{ ...update, id: 3 }, /has "id", which no change holds/],
    [{ ...link, after: {} }, /a link has none/],
    [{ ...update, entity: 'dessa_runs' }, /unknown entity/],
    [{ ...update, after: { 'x\u001b[2J': 'y' } }, /sets "x\\\\u001b\[2J"/],
  ])('%o is refused', (change, message) => {
    expect(planProblem(plan([change]))).toMatch(message);
  });
  it('a plan as diff writes it passes', () => expect(planProblem(plan([update, link]))).toBeNull());
});
