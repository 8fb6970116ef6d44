import { describe, expect, it } from 'vitest';
import { FIELD_NAMES } from '../src/fields/fields.js';
import { DATABASES, freshOrg } from './db-helpers.js';
import { cli, row, writeTmp } from './helpers.js';

/** Four students, two of them English Learners (`learner`); `header` renames (or with null drops) spec columns. */
function file(header: Record<string, string | null> = {}, learner = 'Y'): string {
  const keep = FIELD_NAMES.map((f, i) => [f, i] as const).filter(([f]) => header[f] !== null);
  const rows = ['1', '2', '3', '4'].map((id) =>
    row({ 'Student ID': id, 'English Learner': id <= '2' ? learner : '', 'Special Ed': 'N' }).split(','),
  );
  const lines = [keep.map(([f]) => header[f] ?? f), ...rows.map((r) => keep.map(([, i]) => r[i]))];
  return writeTmp('r.csv', `${lines.map((l) => l.join(',')).join('\n')}\n`);
}

const warning =
  'the file has no "English Learner" column, so it reads as blank and the plan blanks the stored "English Learner" ' +
  'of 2 students; if the export has it under another name, add the column "English Learner" or map it: ' +
  `--map '{"SIS name": "English Learner"}'`;

describe.each(DATABASES)('an optional column left out of a re-export on %s', (_name, makeUrl) => {
  it.each([
    ['absent', { 'English Learner': null }],
    ['under a SIS name', { 'English Learner': 'ELL' }],
  ])('(%s): diff and apply warn that the plan blanks its stored values', (_how, header) => {
    const url = makeUrl();
    const org = freshOrg();
    const args = ['--org', org, '--db', url];
    expect(cli(['apply', file(), ...args]).code).toBe(0);

    const without = file(header);
    const json = cli(['diff', without, ...args, '--format', 'json']);
    expect(json.code).toBe(0);
    const plan = JSON.parse(json.stdout);
    expect(plan.summary.students.update).toBe(2);
    // Gifted is absent from both files: nothing stored to lose, no warning.
    expect(plan.warnings).toEqual([
      { code: 'blanked-field', entity: 'students', key: 'english_learner', message: warning },
    ]);

    const text = cli(['diff', without, ...args]);
    expect([text.code, text.stdout]).toEqual([0, expect.stringContaining(`warning: ${warning}`)]);

    const applied = cli(['apply', without, ...args, '--format', 'json']);
    expect([applied.code, JSON.parse(applied.stdout).warnings]).toEqual([
      0,
      [expect.objectContaining({ message: warning })],
    ]);
    // Once blank, nothing is left to lose: the next diff of the same file is silent.
    expect(JSON.parse(cli(['diff', without, ...args, '--format', 'json']).stdout).warnings).toEqual([]);
  });

  it('a file with the column that blanks values on purpose does not warn', () => {
    const url = makeUrl();
    const org = freshOrg();
    const args = ['--org', org, '--db', url];
    expect(cli(['apply', file(), ...args]).code).toBe(0);
    const blanked = file({}, '');
    const plan = JSON.parse(cli(['diff', blanked, ...args, '--format', 'json']).stdout);
    expect([plan.summary.students.update, plan.warnings]).toEqual([2, []]);
  });
});
