import { describe, expect, it } from 'vitest';
import { FIELD_NAMES } from '../src/spec/fields.js';
import { check, cli, row, writeTmp } from './helpers.js';

/** A file whose header writes `field` as `typed` (or drops it when typed is null), plus extra columns. */
function file(renames: Record<string, string | null>, extra: string[] = []): string {
  const keep = FIELD_NAMES.map((f, i) => [f, i] as const).filter(([f]) => renames[f] !== null);
  const cells = row({ 'Special Ed': 'Y', 'McKinney-Vento': 'Y', 'Student State ID (SASID)': '555' }).split(',');
  const header = [...keep.map(([f]) => renames[f] ?? f), ...extra];
  const values = [...keep.map(([, i]) => cells[i]), ...extra.map(() => 'x')];
  return `${header.join(',')}\n${values.join(',')}\n`;
}

const found = (text: string) => check(text).issues.map((i) => [i.severity, i.code, i.value]);

describe('a column name close to an absent spec field is an error naming the field', () => {
  it.each([
    ['McKinney Vento', 'McKinney-Vento'],
    ['mckinney_vento', 'McKinney-Vento'],
    ['Student State ID(SASID)', 'Student State ID (SASID)'],
    ['SASID', 'Student State ID (SASID)'],
    ['Special Education', 'Special Ed'],
    ['Gifed', 'Gifted'],
    ['Economically Disadvantged', 'Economically Disadvantaged'],
    ['Zip', 'Zip Code'],
  ])('%s means %s', (typed, field) => {
    const r = check(file({ [field]: typed }));
    expect(r.valid).toBe(false);
    expect(r.issues.map((i) => [i.severity, i.code, i.value])).toEqual([['error', 'misspelled-column', typed]]);
    const [t, f] = [JSON.stringify(typed), JSON.stringify(field)];
    expect(r.issues[0].message).toBe(
      `Column ${t} is not a spec field but looks like ${f}, which the file lacks, so ${f} would be read as blank `
      + `for every student: rename the column to ${f} or map it with --map (or delete it if it is something else).`,
    );
  });

  it('an unrelated column stays a warning, and so does a near miss of a field the file has', () => {
    expect(found(file({}, ['Notes']))).toEqual([['warning', 'unknown-column', 'Notes']]);
    // Every field present: "Gifed" beside Gifted loses nothing.
    expect(found(file({}, ['Gifed']))).toEqual([['warning', 'unknown-column', 'Gifed']]);
    // "Student" is as close to Student ID (present) as to SASID (absent).
    const student = file({ 'Student State ID (SASID)': null }, ['Student']);
    expect(found(student)).toEqual([['warning', 'unknown-column', 'Student']]);
    expect(found(file({ 'English Learner': null }, ['English Learner Entry Date', 'ELL Status']))).toEqual([
      ['warning', 'unknown-column', 'English Learner Entry Date'], ['warning', 'unknown-column', 'ELL Status'],
    ]);
  });

  it('short names need an exact match: "Mother" is not "Other" (one edit apart), "Othr" neither', () => {
    const r = check(file({ Other: null }, ['Mother', 'Othr']));
    expect(r.issues.map((i) => [i.code, i.value])).toEqual([
      ['unknown-column', 'Mother'], ['unknown-column', 'Othr'], ['missing-column', null],
    ]);
    expect(found(file({ Other: 'OTHER ' }))).toEqual([]);
  });

  it('--map makes the near miss the field it means', () => {
    const path = writeTmp('r.csv', file({ 'McKinney-Vento': 'McKinney Vento' }));
    expect(cli(['validate', path]).code).toBe(1);
    const mapFile = writeTmp('m.json', JSON.stringify({ 'McKinney Vento': 'McKinney-Vento' }));
    const r = cli(['validate', path, '--map', mapFile, '--format', 'json']);
    expect([r.code, JSON.parse(r.stdout).issues]).toEqual([0, []]);
  });
});
