import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELD_NAMES } from '../src/fields/fields.js';
import { parseCsvText } from '../src/input/csv.js';
import { cli, csv, row, tmp, writeTmp } from './helpers.js';

/** Runs fix on CSV text; the corrected copy's rows as cells, and the JSON result. */
function fix(text: string) {
  const output = join(tmp(), 'fixed.csv');
  const r = cli(['fix', writeTmp('roster.csv', text), '--output', output, '--format', 'json']);
  const doc = JSON.parse(r.stdout);
  const rows = doc.output === null ? [] : parseCsvText(readFileSync(output, 'utf8')).slice(1);
  const cell = (i: number, name: string) => rows[i][FIELD_NAMES.indexOf(name)];
  return { code: r.code, doc, rows, cell };
}

const issues = (doc: { report: { issues: { code: string; row: number; column: string }[] } }) =>
  doc.report.issues.map((i) => [i.code, i.row, i.column]);

describe('fix never guesses', () => {
  it('leaves values with more than one reading, or lost digits, exactly as they were, and reports them', () => {
    const { code, doc, cell } = fix(
      csv(
        row({ 'Student ID': '1.23457E+11', DOB: '13/04/2015' }),
        row({ 'Student ID': '1002', DOB: '3/4/15', 'Staff Email Address': 'ana at d.org' }),
        row({ 'Student ID': '1003', 'Last Name': '' }),
      ),
    );
    expect(code).toBe(1);
    expect(doc.output).not.toBeNull();
    expect(doc.summary.changed).toBe(0);
    expect([cell(0, 'Student ID'), cell(0, 'DOB'), cell(1, 'DOB')]).toEqual(['1.23457E+11', '13/04/2015', '3/4/15']);
    expect(cell(1, 'Staff Email Address')).toBe('ana at d.org');
    expect(issues(doc)).toEqual(
      expect.arrayContaining([
        ['invalid-date-format', 2, 'DOB'],
        ['scientific-notation', 2, 'Student ID'],
        ['invalid-date-format', 3, 'DOB'],
        ['invalid-email', 3, 'Staff Email Address'],
        ['required-blank', 4, 'Last Name'],
      ]),
    );
  });

  it('leaves a conflict between rows as it is', () => {
    const { code, doc, cell } = fix(csv(row({ Gender: 'F' }), row({ Gender: 'M', 'Class Code': 'MA3' })));
    expect(code).toBe(1);
    expect([cell(0, 'Gender'), cell(1, 'Gender')]).toEqual(['F', 'M']);
    expect(issues(doc)).toContainEqual(['student-conflict', 3, 'Gender']);
  });

  it('gives every row of a student the same fix, so no conflict appears', () => {
    const { code, doc, rows, cell } = fix(
      csv(
        row({ DOB: '3/14/2016', Gender: 'f', 'Grade Level': '03' }),
        row({ DOB: '2016-03-14', Gender: 'Female', 'Grade Level': '3rd', 'Class Code': 'MA3' }),
        row({ DOB: '03/14/2016', Gender: 'F', 'Grade Level': 'Grade 3', 'Class Code': 'EL3' }),
        row({ DOB: '42443', Gender: 'F', 'Grade Level': '3', 'Class Code': 'SC3' }),
      ),
    );
    expect(code).toBe(0);
    expect(rows.map((_, i) => [cell(i, 'DOB'), cell(i, 'Gender'), cell(i, 'Grade Level')])).toEqual(
      Array(4).fill(['03/14/2016', 'F', '3']),
    );
    expect(doc.report.summary.byCode['student-conflict']).toBeUndefined();
  });

  it("holds a repair that would make a student's rows disagree: which row is right is unknown", () => {
    const { code, doc, cell } = fix(
      csv(row({ DOB: '03/04/2015' }), row({ DOB: '4/3/2015', 'Class Code': 'MA3', Gender: 'f' })),
    );
    expect(code).toBe(1);
    expect(cell(1, 'DOB')).toBe('4/3/2015');
    // Other fields of the student are repaired all the same.
    expect(cell(1, 'Gender')).toBe('F');
    expect(doc.held).toEqual([
      {
        file: null,
        row: 3,
        column: 'DOB',
        value: '4/3/2015',
        wouldBe: '04/03/2015',
        rule: 'date-month-first',
        reason: 'student-rows-disagree',
      },
    ]);
    expect(issues(doc)).toEqual([['invalid-date-format', 3, 'DOB']]);
  });

  it('holds month-first dates that could be day-first in a file that writes dates day first', () => {
    const { code, doc, cell } = fix(
      csv(
        row({ 'Student ID': '1', DOB: '13/04/2015' }),
        row({ 'Student ID': '2', DOB: '3/4/2015' }),
        row({ 'Student ID': '3', DOB: '3/14/2015' }),
        row({ 'Student ID': '4', DOB: '2015-03-04' }),
      ),
    );
    expect(code).toBe(1);
    expect([0, 1, 2, 3].map((i) => cell(i, 'DOB'))).toEqual(['13/04/2015', '3/4/2015', '03/14/2015', '03/04/2015']);
    expect(doc.summary.heldByReason).toEqual({ 'day-first-file': 1 });
  });

  it('keeps a byte that is not UTF-8 as it was, repairs the rest of its row, and reports it', () => {
    const text = csv(
      row({ 'Last Name': 'Nguyén' }),
      row({ 'Student ID': '1002', 'Last Name': 'GarXcia', Gender: 'f' }),
    );
    const bytes = Buffer.from(text);
    bytes[bytes.indexOf('GarXcia') + 3] = 0x96;
    const output = join(tmp(), 'fixed.csv');
    const r = cli(['fix', writeTmp('r.csv', bytes), '--output', output, '--format', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.changes.map((c: { column: string; after: string }) => [c.column, c.after])).toEqual([['Gender', 'F']]);
    expect(issues(doc)).toEqual([['invalid-utf8', 3, 'Last Name']]);
    const copy = readFileSync(output);
    expect(copy.includes(Buffer.from([0x47, 0x61, 0x72, 0x96, 0x63]))).toBe(true);
  });

  it('writes no copy when the header cannot be put in spec columns', () => {
    const header = FIELD_NAMES.map((f) => (f === 'Gifted' ? 'Gifed' : f)).join(',');
    const output = join(tmp(), 'fixed.csv');
    const r = cli(['fix', writeTmp('r.csv', `${header}\r\n${row()}\r\n`), '--output', output, '--format', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.output).toBeNull();
    expect(doc.notWritten).toContain('close to a spec field');
    expect(doc.report.issues.map((i: { code: string }) => i.code)).toContain('misspelled-column');
    expect(() => readFileSync(output)).toThrow();
  });

  it('writes no copy when a row has another number of cells than the header', () => {
    const { code, doc } = fix(csv(row(), `${row({ 'Class Code': 'MA3' })},extra`));
    expect(code).toBe(1);
    expect(doc.output).toBeNull();
    expect(doc.notWritten).toContain('row 3');
    expect(issues(doc)).toContainEqual(['too-many-cells', 3, null]);
  });
});
