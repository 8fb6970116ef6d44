import { describe, expect, it } from 'vitest';
import { checkDob } from '../src/checks/dates.js';
import { check, csv, row, TODAY } from './helpers.js';

/** [code, message] of the one issue a DOB raises, checked with TODAY = 11/29/2026. */
function dob(value: string) {
  const r = check(csv(row({ DOB: value })));
  return r.issues.map((i) => [i.severity, i.code, i.message]);
}

describe('DOB hints', () => {
  it.each([
    ['3/4/15', '03/04/2015'],
    ['3/4/30', '03/04/1930'],
    ['11/29/26', '11/29/2026'],
    // Tomorrow in 2026 is not a date of birth: the century before is.
    ['11/30/26', '11/30/1926'],
    ['12-31-26', '12/31/1926'],
  ])('a two-digit year never suggests a future date: %s -> %s', (value, suggestion) => {
    const message = `"${value}" is not mm/dd/yyyy: write it as ${suggestion}.`;
    expect(dob(value)).toEqual([['error', 'invalid-date-format', message]]);
  });

  it.each([
    ['13/04/2015', '04/13/2015'],
    ['25/12/2015', '12/25/2015'],
    ['13/4/2015', '04/13/2015'],
    ['31/1/15', '01/31/2015'],
  ])('%s looks day-first', (value, suggestion) => {
    const message = `"${value}" is not mm/dd/yyyy (it looks day-first, dd/mm/yyyy): write it as ${suggestion}.`;
    expect(dob(value)).toEqual([['error', 'invalid-date-format', message]]);
  });

  it('a four-digit year in the future gets no suggestion, whatever the form', () => {
    const future =
      ' and, read as 03/04/2030, is in the future: check the year ' +
      '(two-digit month and day, four-digit year, e.g. 03/14/2016).';
    expect(dob('3/4/2030')).toEqual([['error', 'invalid-date-format', `"3/4/2030"${' is not mm/dd/yyyy'}${future}`]]);
    expect(dob('2030-03-04')[0][2]).toBe(`"2030-03-04" is not mm/dd/yyyy${future}`);
    expect(dob('13/12/2026')[0][2]).toContain('read as 12/13/2026, is in the future');
    expect(dob('50000')[0][2]).toContain('read as 11/21/2036, is in the future');
  });

  it('a month over 12 that is not a day either is an impossible date', () => {
    expect(dob('13/13/2015').map((i) => i[1])).toEqual(['invalid-date']);
    expect(dob('13/32/2015').map((i) => i[1])).toEqual(['invalid-date']);
  });

  it.each([
    ['3/4/2015 12:00:00 AM', '03/04/2015'],
    ['03/04/2015 0:00', '03/04/2015'],
    ['3/4/2015 00:00:00', '03/04/2015'],
    ['2015-03-04T00:00:00.000Z', '03/04/2015'],
    ['2015-03-04 12:00 AM', '03/04/2015'],
  ])('%s, a date with a time, suggests the date', (value, suggestion) => {
    expect(dob(value)).toEqual([
      [
        'error',
        'invalid-date-format',
        `"${value}" is not mm/dd/yyyy (it has a time of day; a date of birth is the date alone): ` +
          `write it as ${suggestion}.`,
      ],
    ]);
  });

  it('a DOB before 1900 or of a student older than 25 is a warning; 25 years old is fine', () => {
    const advice = 'check the date of birth in the export.';
    expect(dob('01/01/1899')).toEqual([
      ['warning', 'unlikely-dob', `"01/01/1899" makes the student 127 years old (born before 1900); ${advice}`],
    ]);
    expect(dob('11/29/2000')).toEqual([
      ['warning', 'unlikely-dob', `"11/29/2000" makes the student 26 years old (older than 25); ${advice}`],
    ]);
    expect(dob('11/30/2000')).toEqual([]);
    expect(dob('06/15/1975').map((i) => i[1])).toEqual(['unlikely-dob']);
    expect(check(csv(row({ DOB: '01/01/1980' }))).valid).toBe(true);
    // The string check agrees with the byte test (a value with surrounding spaces takes the same path once trimmed).
    expect(checkDob('11/29/2000', TODAY)?.code).toBe('unlikely-dob');
    expect(checkDob('11/30/2000', TODAY)).toBeNull();
    // 1900 itself is possible on paper, only for a "today" under 1926.
    expect(checkDob('01/01/1900', 19100101)).toBeNull();
    expect(checkDob('12/31/1899', 19100101)?.params.why).toBe('born before 1900');
  });
});
