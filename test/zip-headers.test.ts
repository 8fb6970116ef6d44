import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRows } from './roster-generator.js';
import { readRoster } from '../src/read/read.js';
import { FIELD_NAMES, FIELDS } from '../src/fields/fields.js';
import { cli, row, TODAY, tmp, writeTmp } from './helpers.js';
import { makeZip } from './zips.js';

type Found = { file: string | null; code: string; row: number | null; column: string | null; message: string };

/** A roster text with its own header: `columns` in that order, cells from row()'s values. */
function entry(columns: readonly string[], ...rows: Record<string, string>[]): string {
  const pick = (over: Record<string, string>) => {
    const cells = row(over).split(',');
    return columns.map((c) => cells[FIELD_NAMES.indexOf(c)]).join(',');
  };
  return `${[columns.join(','), ...rows.map(pick)].join('\r\n')}\r\n`;
}

/** Required columns only, in reverse spec order: another school's export. */
const SHORT = FIELDS.filter((f) => f.required)
  .map((f) => f.name)
  .reverse();

function validate(path: string, ...args: string[]) {
  const r = cli(['validate', path, '--format', 'json', ...args]);
  return { code: r.code, stderr: r.stderr, report: r.stdout ? JSON.parse(r.stdout) : null };
}
const brief = (issues: Found[]) => issues.map((i) => [i.file, i.row, i.code, i.column]);

describe('each roster entry of a zip has its own header', () => {
  it('entries may order columns differently and carry different optional columns', async () => {
    const zip = writeTmp(
      'district.zip',
      await makeZip([
        ['school-a.csv', entry(FIELD_NAMES, {}, { 'Student ID': '1002' })],
        ['school-b.csv', entry(SHORT, { 'Student ID': '2001', 'Site Name': 'Adams' }, { 'Class Code': 'M' })],
      ]),
    );
    const r = validate(zip);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.report.issues).toEqual([]);
    expect(r.report.summary).toMatchObject({ rows: 4, students: 3, sites: 2, classes: 3 });
  });

  it("an optional column one entry lacks is not blank there: the other entry's value is kept", async () => {
    const zip = writeTmp(
      'order.zip',
      await makeZip([
        ['b.csv', entry(SHORT, { 'Class Code': 'M', 'Class Name': 'Math' })],
        ['a.csv', entry(FIELD_NAMES, { 'Zip Code': '06105', Gifted: 'Y' })],
      ]),
    );
    const { report, roster } = await readRoster(zip, { today: TODAY, threads: 1 });
    expect(report.issues).toEqual([]);
    const fields = roster.studentFields(roster.student(0));
    expect(fields).toMatchObject({ zip_code: '06105', gifted: 'Y', last_name: 'Nguyen' });
  });

  it('a missing required column is an error of that entry only', async () => {
    const noDob = FIELD_NAMES.filter((f) => f !== 'DOB');
    const r = validate(
      writeTmp(
        'missing.zip',
        await makeZip([
          ['ok.csv', entry(FIELD_NAMES, {})],
          ['bad.csv', entry(noDob, { 'Student ID': '3001' })],
        ]),
      ),
    );
    expect(r.code).toBe(1);
    expect(brief(r.report.issues)).toEqual([['bad.csv', null, 'missing-column', null]]);
    expect(r.report.issues[0].message).toContain('DOB');
  });

  it("a cross-entry conflict names the other entry's file and row", async () => {
    const three = { 'Student ID': '1003' };
    const r = validate(
      writeTmp(
        'conflict.zip',
        await makeZip([
          ['school-a.csv', entry(FIELD_NAMES, { 'Student ID': '1000' }, { 'Student State ID (SASID)': '77' }, three)],
          ['school-b.csv', entry(SHORT, { 'Class Code': 'M', 'Class Name': 'Math', DOB: '03/15/2016' }, three)],
          ['school-c.csv', entry(FIELD_NAMES, { 'Student ID': '1009', 'Student State ID (SASID)': '77' })],
        ]),
      ),
    );
    expect(brief(r.report.issues)).toEqual([
      ['school-b.csv', 2, 'student-conflict', 'DOB'],
      ['school-b.csv', 3, 'duplicate-row', null],
      ['school-c.csv', 2, 'sasid-conflict', 'Student State ID (SASID)'],
    ]);
    expect(r.report.issues[0].message).toContain('"03/14/2016" on row 3 of school-a.csv;');
    expect(r.report.issues[1].message).toContain('as row 4 of school-a.csv;');
    expect(r.report.issues[2].message).toContain('"1001" on row 3 of school-a.csv ');
  });

  it('a conflict within one entry names only the row', async () => {
    const r = validate(
      writeTmp(
        'one.zip',
        await makeZip([
          ['a.csv', entry(FIELD_NAMES, {})],
          ['b.csv', entry(SHORT, { 'Student ID': '7' }, { 'Student ID': '7', 'Class Code': 'M', 'Last Name': 'X' })],
        ]),
      ),
    );
    expect(brief(r.report.issues)).toEqual([['b.csv', 3, 'student-conflict', 'Last Name']]);
    expect(r.report.issues[0].message).toContain('"Nguyen" on row 2;');
  });

  it('a zip large enough for two threads: the same report with --threads 1 and 2', async () => {
    const filler = [...generateRows({ students: 12_000, classesPerStudent: 5, seed: 11 })];
    const half = 30_000;
    const a = filler.slice(0, half).join('');
    // The second half as another school's export: reverse column order, no optional columns.
    const keep = SHORT.map((c) => FIELD_NAMES.indexOf(c));
    const reorder = (line: string) => {
      const cells = line.replace(/\r\n$/, '').split(',');
      return keep.map((i) => cells[i]).join(',');
    };
    const b = [SHORT.join(','), ...filler.slice(half).map(reorder)].join('\r\n') + '\r\n';
    // One conflict across the entries: a student of a.csv again in b.csv with another DOB.
    // (in a class of its own, so that it is not also a duplicate row)
    const again = reorder(filler[5])
      .replace(/,\d\d\/\d\d\/\d{4},/, ',02/02/2002,')
      .replace(/^\d+,/, '9,');
    const path = join(tmp(), 'big.zip');
    const stored = { compress: false };
    writeFileSync(
      path,
      await makeZip([
        ['a.csv', a, stored],
        ['b.csv', `${b}${again}\r\n`, stored],
      ]),
    );
    expect(statSync(path).size).toBeGreaterThan(1024 * 1024);
    const one = validate(path, '--threads', '1');
    const two = validate(path, '--threads', '2');
    expect(two.stderr).toBe('');
    expect(two.report).toEqual(one.report);
    expect(brief(one.report.issues)).toEqual([['b.csv', 30_003, 'student-conflict', 'DOB']]);
    expect(one.report.issues[0].message).toContain('"02/02/2002" here but');
    expect(one.report.issues[0].message).toContain('on row 2 of a.csv;');
    expect(one.report.summary.rows).toBe(60_001);
  });
});
