import { describe, expect, it } from 'vitest';
import { check, csv, row } from './helpers.js';

describe('across rows', () => {
  it('a student row that disagrees with the first names that row, per column', () => {
    const r = check(
      csv(row(), row({ 'Class Code': 'MATH3', 'Class Name': 'Math', 'Last Name': 'Nguyenn', DOB: '03/15/2016' })),
    );
    expect(r.issues.map((i) => [i.code, i.row, i.column, i.value])).toEqual([
      ['student-conflict', 3, 'Last Name', 'Nguyenn'],
      ['student-conflict', 3, 'DOB', '03/15/2016'],
    ]);
    expect(r.issues[0].message).toContain('"Nguyen" on row 2');
  });

  it('every student field counts, optional ones included', () => {
    const r = check(
      csv(row(), row({ 'Class Code': 'M', 'Zip Code': '06104' }), row({ 'Class Code': 'S', Gifted: 'Y' })),
    );
    expect(r.issues.map((i) => i.column)).toEqual(['Zip Code', 'Gifted']);
  });

  it('staff names must agree for one email, compared ignoring case', () => {
    const r = check(
      csv(
        row(),
        row({ 'Student ID': '1002', 'Staff Email Address': 'ARIVERA@D.ORG', 'Staff Last Name': 'Rivera-Diaz' }),
      ),
    );
    expect(r.issues.map((i) => [i.code, i.row, i.column])).toEqual([
      ['staff-email-case', 3, 'Staff Email Address'],
      ['staff-conflict', 3, 'Staff Last Name'],
    ]);
    expect(r.summary.staff).toBe(1);
  });

  it('one email spelt in two cases is one staff member, with a warning naming both spellings (once)', () => {
    const r = check(
      csv(
        row({ 'Staff Email Address': 't1@x.org' }),
        row({ 'Student ID': '1002', 'Staff Email Address': 'T1@x.org' }),
        row({ 'Student ID': '1003', 'Staff Email Address': 'T1@X.ORG' }),
        row({ 'Student ID': '1004', 'Staff Email Address': 't1@x.org' }),
      ),
    );
    expect(r.valid).toBe(true);
    expect(r.summary.staff).toBe(1);
    expect(r.issues.map((i) => [i.severity, i.code, i.row, i.value])).toEqual([
      ['warning', 'staff-email-case', 3, 'T1@x.org'],
    ]);
    expect(r.issues[0].message).toBe(
      'Staff "t1@x.org" has the email "T1@x.org" here but "t1@x.org" on row 2: one person (emails are compared ' +
        'ignoring case), stored as "t1@x.org"; spell it one way in the export.',
    );
  });

  it('one SASID belongs to one student', () => {
    const r = check(
      csv(row({ 'Student State ID (SASID)': '77' }), row({ 'Student ID': '1002', 'Student State ID (SASID)': '77' })),
    );
    expect(r.issues.map((i) => [i.code, i.row])).toEqual([['sasid-conflict', 3]]);
    expect(r.issues[0].message).toContain('"1001" on row 2');
  });

  it('one site + class code + period has one class name; another period is another class', () => {
    const r = check(
      csv(
        row(),
        row({ 'Student ID': '1002', 'Class Name': 'Other' }),
        row({ 'Student ID': '1003', 'Class Period': '2', 'Class Name': 'Other' }),
      ),
    );
    expect(r.issues.map((i) => [i.code, i.row, i.column])).toEqual([['class-conflict', 3, 'Class Name']]);
    expect(r.summary.classes).toBe(2);
  });

  it('an identical duplicate row is a warning; co-teachers are not duplicates', () => {
    const r = check(csv(row(), row({ 'Staff Email Address': 'co@d.org', 'Staff First Name': 'Co' }), row()));
    expect(r.valid).toBe(true);
    expect(r.issues.map((i) => [i.severity, i.code, i.row])).toEqual([['warning', 'duplicate-row', 4]]);
    expect(r.summary).toMatchObject({ rows: 3, students: 1, staff: 2, classes: 1, enrollments: 1 });
  });

  it('counts sites, staff, students, classes and enrollments', () => {
    const r = check(
      csv(
        row(),
        row({ 'Class Code': 'M', 'Class Name': 'Math' }),
        row({ 'Student ID': '2', 'Site Name': 'Other School' }),
      ),
    );
    expect(r.summary).toMatchObject({ rows: 3, sites: 2, staff: 1, students: 2, classes: 3, enrollments: 3 });
  });

  it('a student repeated on consecutive rows is checked on every row: an error on each, a change caught', () => {
    const bad = ['A', 'B', 'C'].map((code) => row({ DOB: '3/4/2015', 'Class Code': code }));
    const r = check(csv(...bad, row({ DOB: '3/4/2015', 'Class Code': 'D', Gender: 'M' })));
    expect(r.issues.map((i) => [i.code, i.row, i.column])).toEqual([
      ['invalid-date-format', 2, 'DOB'],
      ['invalid-date-format', 3, 'DOB'],
      ['invalid-date-format', 4, 'DOB'],
      ['invalid-date-format', 5, 'DOB'],
      ['student-conflict', 5, 'Gender'],
    ]);
    const clean = check(
      csv(...['A', 'B', 'C'].map((code) => row({ 'Class Code': code })), row({ 'Class Code': 'D', 'Last Name': 'X' })),
    );
    expect(clean.issues.map((i) => [i.code, i.row, i.column])).toEqual([['student-conflict', 5, 'Last Name']]);
  });
});
