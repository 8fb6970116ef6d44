import { describe, expect, it } from 'vitest';
import { check, codes, csv, row } from './helpers.js';

/** The single issue a one-row file with `over` raises, as [code, column, message fragment]. */
function only(over: Record<string, string>) {
  const r = check(csv(row(over)));
  return r.issues.map((i) => [i.code, i.column, i.message]);
}

describe('DOB', () => {
  it.each([
    ['03/04/2015', null],
    ['02/29/2016', null],
    ['3/4/2015', ['invalid-date-format', 'write it as 03/04/2015']],
    ['2015-03-04', ['invalid-date-format', 'write it as 03/04/2015']],
    ['3/4/15', ['invalid-date-format', 'write it as 03/04/2015']],
    ['02/30/2015', ['invalid-date', 'has 28 days']],
    ['02/29/2015', ['invalid-date', 'has 28 days']],
    ['13/13/2015', ['invalid-date', 'no month 13']],
    ['11/30/2026', ['future-date', 'on or before 11/29/2026']],
    ['yesterday', ['invalid-date-format', 'two-digit month and day']],
    ['42443', ['invalid-date-format', 'Excel date serial number): write it as 03/14/2016']],
  ])('%s', (dob, expected) => {
    const found = only({ DOB: dob });
    if (expected === null) expect(found).toEqual([]);
    else {
      expect(found).toHaveLength(1);
      expect(found[0][0]).toBe(expected[0]);
      expect(found[0][1]).toBe('DOB');
      expect(found[0][2]).toContain(expected[1]);
    }
  });
});

describe('Grade Level', () => {
  it.each([
    ['K', null],
    ['1', null],
    ['9', null],
    ['12', null],
    ['KG', '"K"'],
    ['k', '"K"'],
    ['01', '"1"'],
    ['13', null],
    ['PK', null],
    ['3rd', '"3"'],
  ])('%s', (grade, suggestion) => {
    const found = only({ 'Grade Level': grade });
    if (['K', '1', '9', '12'].includes(grade)) return expect(found).toEqual([]);
    expect(found.map((f) => f[0])).toEqual(['invalid-grade']);
    if (suggestion) expect(found[0][2]).toContain(`use ${suggestion}`);
    else expect(found[0][2]).not.toContain('use');
  });
});

describe('enumerations are case-sensitive', () => {
  it.each([
    ['Gender', 'm', 'wrong-case', '"M"'],
    ['Gender', 'Male', 'invalid-value', 'did you mean "M"'],
    ['Gender', 'Q', 'invalid-value', 'M, F, T, U, N, X'],
    ['Asian', 'y', 'wrong-case', '"Y"'],
    ['White', 'Yes', 'invalid-value', 'did you mean "Y"'],
    ['Special Ed', 'n', 'wrong-case', '"N"'],
    ['Gifted', 'U', 'invalid-value', 'Y, N'],
  ])('%s = %s', (field, value, code, text) => {
    const found = only({ [field]: value });
    expect(found).toHaveLength(1);
    expect(found[0][0]).toBe(code);
    expect(found[0][1]).toBe(field);
    expect(found[0][2]).toContain(text);
  });

  it('every accepted value passes', () => {
    for (const g of ['M', 'F', 'T', 'U', 'N', 'X']) expect(only({ Gender: g })).toEqual([]);
    for (const f of ['', 'Y', 'N']) expect(only({ Migrant: f })).toEqual([]);
  });
});

describe('Staff Email Address', () => {
  it.each(['a@b.org', 'first.last+tag@sub.district.k12.ca.us'])('accepts %s', (email) => {
    expect(only({ 'Staff Email Address': email })).toEqual([]);
  });
  it.each(['a b@c.org', 'no-at-sign.org', 'a@b', 'a@@b.org', 'a@.org', 'a@b.c'])('refuses %s', (email) => {
    expect(only({ 'Staff Email Address': email }).map((f) => f[0])).toEqual(['invalid-email']);
  });
  it('suggests the address without its spaces', () => {
    expect(only({ 'Staff Email Address': 'a b@c.org' })[0][2]).toContain('"ab@c.org"');
  });
});

describe('Zip Code', () => {
  it.each([
    ['', null],
    ['06103', null],
    ['6103', '"06103"'],
    ['06103-1234', '"06103"'],
    ['ABCDE', null],
  ])('%s', (zip, suggestion) => {
    const found = only({ 'Zip Code': zip });
    if (zip === '' || zip === '06103') return expect(found).toEqual([]);
    expect(found.map((f) => f[0])).toEqual(['invalid-zip']);
    if (suggestion) expect(found[0][2]).toContain(suggestion);
  });
});

describe('required fields and trimming', () => {
  it('a blank or whitespace-only required value is an error naming the column', () => {
    const found = only({ 'Last Name': '   ', 'Class Code': '' });
    expect(found.map((f) => [f[0], f[1]])).toEqual([
      ['required-blank', 'Last Name'],
      ['required-blank', 'Class Code'],
    ]);
  });
  it('values are trimmed before checking', () => {
    expect(only({ Gender: ' F ', DOB: '\t03/14/2016 ', 'Grade Level': ' K' })).toEqual([]);
  });
  it('an ID in scientific notation is a warning', () => {
    const r = check(csv(row({ 'Student ID': '1.23457E+11' })));
    expect(r.valid).toBe(true);
    expect(r.issues.map((i) => [i.severity, i.code, i.value])).toEqual([
      ['warning', 'scientific-notation', '1.23457E+11'],
    ]);
  });
});

describe('control characters', () => {
  it('a value holding the key separator (U+001F) or another control is an error; tab stays', () => {
    const r = check(
      csv(
        row({ 'Class Period': '1\u001fX' }),
        row({ 'Student ID': '2', 'Last Name': 'A\u0000B' }),
        row({ 'Student ID': '3', 'Class Name': 'Math\tA' }),
      ),
    );
    const found = r.issues.filter((i) => i.code === 'control-character');
    expect(found.map((i) => [i.row, i.column])).toEqual([
      [2, 'Class Period'],
      [3, 'Last Name'],
    ]);
    expect(found[0].message).toContain('U+001F, position 2');
    expect(codes(r)).not.toContain('invalid-value');
  });

  it("C1 controls (U+0080-U+009F: Windows-1252's unassigned bytes) are errors; ©, ° and no-break space are not", () => {
    const r = check(
      csv(
        row({ 'Last Name': 'Lee\u0085' }),
        row({ 'Student ID': '2', 'Class Name': 'Art © 2°\u00a0A' }),
        row({ 'Student ID': '3', 'First Name': '\u009dBo' }),
      ),
    );
    const found = r.issues.filter((i) => i.code === 'control-character');
    expect(found.map((i) => [i.row, i.column, i.message.match(/U\+\w+, position \d+/)?.[0]])).toEqual([
      [2, 'Last Name', 'U+0085, position 4'],
      [4, 'First Name', 'U+009D, position 1'],
    ]);
  });
});
