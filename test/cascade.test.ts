import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRows } from './roster-generator.js';
import { check, cli, csv, HEADER, row, tmp } from './helpers.js';

type Found = { code: string; row: number | null; column: string | null; message: string };
const brief = (r: { issues: Found[] }) => r.issues.map((i) => [i.code, i.row, i.column]);

describe('one bad value does not cascade into cross-row conflicts', () => {
  it("an invalid zip or DOB on a student's first row is not what later rows are compared with", () => {
    const r = check(
      csv(
        row({ 'Zip Code': '6103', DOB: '3/14/2016' }),
        row({ 'Class Code': 'M', 'Class Name': 'Math' }),
        row({ 'Class Code': 'S', 'Class Name': 'Science' }),
      ),
    );
    expect(brief(r)).toEqual([
      ['invalid-date-format', 2, 'DOB'],
      ['invalid-zip', 2, 'Zip Code'],
    ]);
  });

  it('an invalid value on a later row raises its own error only, not a conflict with the good first row', () => {
    const later = row({ 'Class Code': 'M', 'Class Name': 'Math', 'Zip Code': '06l03', DOB: '02/30/2016' });
    const r = check(csv(row(), later));
    expect(brief(r)).toEqual([
      ['invalid-date', 3, 'DOB'],
      ['invalid-zip', 3, 'Zip Code'],
    ]);
  });

  it('after a bad first value, the first good value is the reference, and conflicts name its row', () => {
    const r = check(
      csv(
        row({ DOB: '3/14/2016' }),
        row({ 'Class Code': 'M', 'Class Name': 'Math' }),
        row({ 'Class Code': 'S', 'Class Name': 'Science', DOB: '03/15/2016' }),
      ),
    );
    expect(brief(r)).toEqual([
      ['invalid-date-format', 2, 'DOB'],
      ['student-conflict', 4, 'DOB'],
    ]);
    expect(r.issues[1].message).toContain('"03/14/2016" on row 3;');
  });

  it('values that later rows supply each name the row they came from', () => {
    const r = check(
      csv(
        row({ DOB: '3/14/2016', 'Zip Code': '6103', Gender: 'Female' }),
        row({ 'Class Code': 'B', 'Zip Code': '6103' }),
        row({ 'Class Code': 'C', DOB: '3/14/2016' }),
        row({ 'Class Code': 'D', DOB: '03/15/2016', 'Zip Code': '06104', Gender: 'M' }),
      ),
    );
    expect(brief(r).filter(([code]) => code === 'student-conflict')).toEqual([
      ['student-conflict', 5, 'Gender'],
      ['student-conflict', 5, 'DOB'],
      ['student-conflict', 5, 'Zip Code'],
    ]);
    const conflicts = r.issues.filter((i) => i.code === 'student-conflict').map((i) => i.message);
    expect(conflicts[0]).toContain('"F" on row 3;');
    expect(conflicts[1]).toContain('"03/14/2016" on row 3;');
    expect(conflicts[2]).toContain('"06103" on row 4;');
  });

  it('an invalid email is not a staff key: no staff conflicts, no staff member counted', () => {
    const teachers = [
      ['Rivera', 'Ana'],
      ['Lee', 'Sam'],
      ['Kim', 'Jo'],
      ['Cohen', 'Dana'],
    ];
    const r = check(
      csv(
        ...teachers.map(([last, first], k) =>
          row({
            'Student ID': String(2000 + k),
            'Class Code': `C${k}`,
            'Staff Email Address': 'N/A',
            'Staff Last Name': last,
            'Staff First Name': first,
          }),
        ),
      ),
    );
    expect(r.issues.map((i) => i.code)).toEqual(['invalid-email', 'invalid-email', 'invalid-email', 'invalid-email']);
    expect(r.summary.staff).toBe(0);
  });

  it('two co-teachers with invalid emails are not a duplicate row', () => {
    const coTeacher = row({ 'Staff Email Address': 'lee', 'Staff Last Name': 'Lee' });
    const r = check(csv(row({ 'Staff Email Address': 'rivera' }), coTeacher));
    expect(r.issues.map((i) => i.code)).toEqual(['invalid-email', 'invalid-email']);
    expect(r.summary).toMatchObject({ students: 1, classes: 1, enrollments: 1, staff: 0 });
  });

  it('a blank required name neither raises nor receives a staff conflict', () => {
    const r = check(
      csv(
        row({ 'Staff First Name': '' }),
        row({ 'Student ID': '1002' }),
        row({ 'Student ID': '1003', 'Staff First Name': 'Anna' }),
      ),
    );
    expect(brief(r)).toEqual([
      ['required-blank', 2, 'Staff First Name'],
      ['staff-conflict', 4, 'Staff First Name'],
    ]);
    expect(r.issues[1].message).toContain('"Ana" on row 3;');
  });

  it("a class name that breaks its rule is not the one the class's other rows are compared with", () => {
    const r = check(
      csv(
        row({ 'Class Name': 'Home\u0007room' }),
        row({ 'Student ID': '1002' }),
        row({ 'Student ID': '1003', 'Class Name': 'Other' }),
      ),
    );
    expect(brief(r)).toEqual([
      ['control-character', 2, 'Class Name'],
      ['class-conflict', 4, 'Class Name'],
    ]);
    expect(r.issues[1].message).toContain('"Homeroom 3A" on row 3;');
  });

  it('a class code or Student ID that breaks its rule identifies no class or student', () => {
    const r = check(
      csv(
        row({ 'Class Code': 'HR\u00013A', 'Class Name': 'Other' }),
        row({ 'Student ID': '1002', 'Class Code': 'HR\u00013A' }),
        row({ 'Student ID': '10\u000103', 'Class Code': 'M' }),
        row({ 'Student ID': '10\u000103', 'Class Code': 'S', 'Last Name': 'Other' }),
      ),
    );
    expect(r.issues.map((i) => i.code)).toEqual(Array(4).fill('control-character'));
    expect(r.summary).toMatchObject({ students: 2, classes: 2 });
  });
});

describe('a conflict is reported on every row that carries it', () => {
  it('a SASID shared by two students: on each row of the second student', () => {
    const sasid = { 'Student State ID (SASID)': '77' };
    const r = check(
      csv(
        row(sasid),
        row({ ...sasid, 'Class Code': 'M', 'Class Name': 'Math' }),
        row({ ...sasid, 'Student ID': '1002' }),
        row({ ...sasid, 'Student ID': '1002', 'Class Code': 'M', 'Class Name': 'Math' }),
        row({ ...sasid, 'Student ID': '1003', 'Class Code': 'M', 'Class Name': 'Math' }),
        row({ ...sasid, 'Student ID': '1002', 'Class Code': 'S', 'Class Name': 'Science' }),
      ),
    );
    expect(brief(r)).toEqual([4, 5, 6, 7].map((n) => ['sasid-conflict', n, 'Student State ID (SASID)']));
    expect(r.issues.every((i) => i.message.includes('"1001" on row 2 '))).toBe(true);
  });

  it('a differing DOB on rows 5 and 9 (and its repeat on row 6): each named against the first row', () => {
    const codes = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
    const dob = (k: number) => (k === 3 || k === 4 || k === 7 ? { DOB: '03/15/2016' } : {});
    const r = check(csv(...codes.map((code, k) => row({ 'Class Code': code, ...dob(k) }))));
    expect(brief(r)).toEqual([5, 6, 9].map((n) => ['student-conflict', n, 'DOB']));
    expect(r.issues.every((i) => i.message.includes('"03/14/2016" on row 2;'))).toBe(true);
  });

  it('the per-code cap lists the first N, byCode counts them all', () => {
    const rows = Array.from({ length: 6 }, (_, k) => row({ 'Class Code': `C${k}`, 'Last Name': k ? 'Ng' : 'Nguyen' }));
    const r = check(csv(...rows), { limits: { perCode: 2, maxErrors: 0 } });
    expect(brief(r)).toEqual([
      ['student-conflict', 3, 'Last Name'],
      ['student-conflict', 4, 'Last Name'],
    ]);
    expect(r.summary.byCode['student-conflict']).toBe(5);
    expect(r.summary.truncated).toBe(true);
  });
});

describe('cross-row results on one thread and two', () => {
  it('the same findings with --threads 1 and 2, in a file large enough for two threads', () => {
    const sasid = { 'Student State ID (SASID)': '55' };
    const cases = [
      row({ 'Student ID': 'X1', DOB: '3/14/2016', 'Zip Code': '6103' }),
      row({ 'Student ID': 'X1', 'Class Code': 'M', 'Class Name': 'Math' }),
      row({ 'Student ID': 'X2', 'Staff Email Address': 'none', 'Staff Last Name': 'Lee' }),
      row({ 'Student ID': 'X3', 'Staff Email Address': 'none', 'Staff Last Name': 'Kim' }),
      row({ 'Student ID': 'X4', ...sasid }),
      row({ 'Student ID': 'X5', ...sasid }),
    ];
    const filler = [...generateRows({ students: 12_000, classesPerStudent: 5, seed: 9 })].slice(1);
    // The cases at the start, and again (other students) past several batches of 8,192 rows.
    const late = cases.map((l) => l.replace(/,X(\d),/, ',Y$1,').replace(/,55$/, ',56'));
    const crlf = (l: string) => `${l}\r\n`;
    const lines = [crlf(HEADER), ...cases.map(crlf), ...filler.slice(0, 40_000), ...late.map(crlf)];
    lines.push(...filler.slice(40_000));
    const path = join(tmp(), 'cascade-big.csv');
    writeFileSync(path, lines.join(''));
    const one = cli(['validate', path, '--format', 'json', '--threads', '1']);
    const two = cli(['validate', path, '--format', 'json', '--threads', '2']);
    expect(two.stderr).toBe('');
    const report = JSON.parse(one.stdout);
    expect(JSON.parse(two.stdout)).toEqual(report);
    const at = 2 + cases.length + 40_000;
    expect(brief(report)).toEqual([
      ['invalid-date-format', 2, 'DOB'],
      ['invalid-zip', 2, 'Zip Code'],
      ['invalid-email', 4, 'Staff Email Address'],
      ['invalid-email', 5, 'Staff Email Address'],
      ['sasid-conflict', 7, 'Student State ID (SASID)'],
      ['invalid-date-format', at, 'DOB'],
      ['invalid-zip', at, 'Zip Code'],
      ['invalid-email', at + 2, 'Staff Email Address'],
      ['invalid-email', at + 3, 'Staff Email Address'],
      ['sasid-conflict', at + 5, 'Student State ID (SASID)'],
    ]);
  });
});
