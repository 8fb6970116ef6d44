import { describe, expect, it } from 'vitest';
import { DATABASES, freshOrg } from './db-helpers.js';
import { cli, csv, row, writeTmp } from './helpers.js';

/** A roster of one student a Student ID, each with its own last name so a renumbered one is a remove and a create. */
function file(ids: string[]): string {
  return writeTmp('r.csv', csv(...ids.map((id) => row({ 'Student ID': id, 'Last Name': `Last${id}` }))));
}

const stored = Array.from({ length: 10 }, (_, i) => `0010${i}`);

const warning =
  "2 Student IDs of the file match a removed student's ID but for its leading zeros: " +
  'student "00100" would be removed and "100" created, student "00101" would be removed and "101" created; ' +
  'Excel probably dropped the leading zeros: export the IDs as text, or fix the file';

describe.each(DATABASES)('Student IDs that lost their leading zeros on %s', (_name, makeUrl) => {
  it('diff warns, in text and JSON, naming the removed and created IDs', () => {
    const args = ['--org', freshOrg(), '--db', makeUrl()];
    expect(cli(['apply', file(stored), ...args]).code).toBe(0);
    const excel = file(['100', '101', ...stored.slice(2)]);

    const json = cli(['diff', excel, ...args, '--format', 'json']);
    expect(json.code).toBe(0);
    const plan = JSON.parse(json.stdout);
    expect([plan.summary.students.create, plan.summary.students.remove]).toEqual([2, 2]);
    expect(plan.warnings).toEqual([{ code: 'leading-zeros', entity: 'students', key: 'student_id', message: warning }]);

    const text = cli(['diff', excel, ...args]);
    expect([text.code, text.stdout]).toEqual([0, expect.stringContaining(`warning: ${warning}`)]);
  });

  it('an unrelated new student and a removed one give no such warning', () => {
    const args = ['--org', freshOrg(), '--db', makeUrl()];
    expect(cli(['apply', file(stored), ...args]).code).toBe(0);
    const plan = JSON.parse(cli(['diff', file(['200', ...stored.slice(1)]), ...args, '--format', 'json']).stdout);
    expect([plan.summary.students.create, plan.summary.students.remove, plan.warnings]).toEqual([1, 1, []]);
  });
});
