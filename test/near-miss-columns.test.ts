import { describe, expect, it } from 'vitest';
import { FIELD_NAMES } from '../src/fields/fields.js';
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
    ['Gifed', 'Gifted'],
    ['Economically Disadvantged', 'Economically Disadvantaged'],
  ])('%s means %s', (typed, field) => {
    const r = check(file({ [field]: typed }));
    expect(r.valid).toBe(false);
    expect(r.issues.map((i) => [i.severity, i.code, i.value])).toEqual([['error', 'misspelled-column', typed]]);
    const [t, f] = [JSON.stringify(typed), JSON.stringify(field)];
    expect(r.issues[0].message).toBe(
      `Column ${t} is not a spec field but looks like ${f}, which the file lacks, so ${f} would be read as blank ` +
        `for every student: rename the column to ${f} or map it with --map; if it is a column of its own, ` +
        `delete it or ignore it with --map '{${t}: null}'.`,
    );
  });

  // A word prefix or an added word may be the field (a SIS's "Zip") or a column of its own (a
  // class "Section"): either way the field would be blanked, so it is an error, and a column of
  // its own is ignored on purpose with a null --map target.
  it.each([
    ['Section', 'Section 504'],
    ['Student State', 'Student State ID (SASID)'],
    ['Special Ed Teacher', 'Special Ed'],
    ['English', 'English Learner'],
    ['Zip', 'Zip Code'],
    ['Special Education', 'Special Ed'],
    ['English Language Learner', 'English Learner'],
    ['Student Zip Code', 'Zip Code'],
  ])('%s (a looser match of %s) is an error until renamed, mapped or ignored with --map null', (typed, field) => {
    const r = check(file({ [field]: null }, [typed]));
    expect(r.valid).toBe(false);
    expect(r.issues.map((i) => [i.severity, i.code, i.value])).toEqual([['error', 'misspelled-column', typed]]);
    expect(r.issues[0].message).toContain(`looks like ${JSON.stringify(field)}`);
    const path = writeTmp('r.csv', file({ [field]: null }, [typed]));
    const ignored = cli([
      'validate',
      path,
      '--map',
      writeTmp('m.json', JSON.stringify({ [typed]: null })),
      '--format',
      'json',
    ]);
    expect([ignored.code, JSON.parse(ignored.stdout).issues]).toEqual([0, []]);
  });

  it('--map with a null target ignores a column on purpose: no warning, no error', () => {
    const path = writeTmp(
      'r.csv',
      file({ 'Section 504': null, 'McKinney-Vento': 'McKinney Vento' }, ['Section', 'Notes']),
    );
    const mapFile = writeTmp(
      'm.json',
      JSON.stringify({ section: null, 'McKinney Vento': null, Notes: null, Absent: null }),
    );
    const r = cli(['validate', path, '--map', mapFile, '--format', 'json']);
    expect([r.code, JSON.parse(r.stdout).issues]).toEqual([0, []]);
  });

  it('--map cannot ignore a spec field: that would blank it for every student', () => {
    const path = writeTmp('r.csv', file({}));
    const r = cli(['validate', path, '--map', writeTmp('m.json', JSON.stringify({ 'special ed': null }))]);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('[bad-map]')]);
    expect(r.stderr).toContain('"special ed" is a spec field and cannot be mapped to null (ignored)');
  });

  it('an unrelated column stays a warning, and so does a near miss of a field the file has', () => {
    expect(found(file({}, ['Notes']))).toEqual([['warning', 'unknown-column', 'Notes']]);
    // Every field present: "Gifed" beside Gifted loses nothing.
    expect(found(file({}, ['Gifed']))).toEqual([['warning', 'unknown-column', 'Gifed']]);
    // "Student" is as close to Student ID (present) as to SASID (absent).
    const student = file({ 'Student State ID (SASID)': null }, ['Student']);
    expect(found(student)).toEqual([['warning', 'unknown-column', 'Student']]);
    expect(found(file({ 'English Learner': null }, ['English Learner Entry Date', 'ELL Status']))).toEqual([
      ['warning', 'unknown-column', 'English Learner Entry Date'],
      ['warning', 'unknown-column', 'ELL Status'],
    ]);
  });

  it('short names need an exact match: "Mother" is not "Other" (one edit apart), "Othr" neither', () => {
    const r = check(file({ Other: null }, ['Mother', 'Othr']));
    expect(r.issues.map((i) => [i.code, i.value])).toEqual([
      ['unknown-column', 'Mother'],
      ['unknown-column', 'Othr'],
      ['missing-column', null],
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
