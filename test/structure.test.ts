import { describe, expect, it } from 'vitest';
import { FIELD_NAMES } from '../src/fields/fields.js';
import { check, csv, HEADER, row, specTable } from './helpers.js';

describe('file structure', () => {
  it('a header with no data rows is an error', () => {
    const r = check(`${HEADER}\r\n`);
    expect(r.valid).toBe(false);
    expect(r.issues.map((i) => [i.code, i.row])).toEqual([['no-data-rows', null]]);
  });

  it('an empty file is an error', () => {
    expect(check('').issues.map((i) => i.code)).toEqual(['empty-file']);
  });

  it('a text of only blank lines is empty too: one empty-file finding, no blank rows', () => {
    for (const text of ['\n', '\r\n', '\r', '\r\n\r\n', '\n\n\n', ' \n', ',,\r\n\r\n']) {
      expect(
        check(text).issues.map((i) => [i.code, i.row]),
        JSON.stringify(text),
      ).toEqual([['empty-file', null]]);
    }
  });

  it('blank lines before the header are still blank rows, at their rows', () => {
    const r = check(`\r\n ,\r\n${HEADER}\r\n${row()}\r\n`);
    expect(r.issues.map((i) => [i.code, i.row])).toEqual([
      ['blank-row', 1],
      ['blank-row', 2],
    ]);
    expect(r.summary.rows).toBe(1);
  });

  it('blank rows and rows of only delimiters are skipped with a warning, rows keep their numbers', () => {
    const r = check(
      `${HEADER}\r\n\r\n${row()}\r\n${','.repeat(29)}\r\n , ,\r\n${row({ 'Student ID': '2', Gender: 'q' })}\r\n`,
    );
    expect(r.issues.map((i) => [i.code, i.row])).toEqual([
      ['blank-row', 2],
      ['blank-row', 4],
      ['blank-row', 5],
      ['invalid-value', 6],
    ]);
    expect(r.summary.rows).toBe(2);
  });

  it('too many or too few cells is an error on that row', () => {
    const r = check(csv(`${row()},extra`, row().split(',').slice(0, 10).join(',')));
    expect(r.issues.map((i) => [i.code, i.row])).toEqual([
      ['too-many-cells', 2],
      ['too-few-cells', 3],
    ]);
    expect(r.issues[0].message).toContain('31 cells but the header has 30');
  });

  it('quoted values may hold delimiters, quotes and newlines; row numbers follow records', () => {
    const r = check(
      csv(
        row({ 'Class Name': '"Math, ""Honors""\nSection"' }),
        row({ 'Student ID': '2', 'Class Code': 'X', Gender: 'bad' }),
      ),
    );
    expect(r.issues.map((i) => [i.code, i.row])).toEqual([['invalid-value', 3]]);
  });

  it('an unclosed quote names the row where it opened and marks the report partial', () => {
    const r = check(csv(row(), row({ 'Last Name': '"Nguyen' }), row(), row()));
    expect(r.issues.map((i) => [i.code, i.row])).toEqual([['unclosed-quote', 3]]);
    expect(r.summary.partial).toBe(true);
    expect(r.valid).toBe(false);
  });

  it('--max-errors stops early and marks the report partial', () => {
    const rows = Array.from({ length: 50 }, (_, i) => row({ 'Student ID': String(i), Gender: 'q' }));
    const r = check(csv(...rows), { limits: { perCode: 1000, maxErrors: 5 } });
    expect(r.summary.errors).toBe(5);
    expect(r.summary.partial).toBe(true);
  });

  it('an error on every row keeps the issue list bounded while counts stay exact', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => row({ 'Student ID': String(i), Gender: 'q' }));
    const r = check(csv(...rows));
    expect(r.summary.byCode['invalid-value']).toBe(3000);
    expect(r.issues).toHaveLength(1000);
    expect(r.summary.truncated).toBe(true);
  });

  it("a header of the spec's own field names, as its text prints them, is read with no issue", () => {
    const names = specTable().map(([name]) => name);
    expect(names).toHaveLength(30);
    expect([...FIELD_NAMES]).toEqual(names);
    const r = check(`${names.join(',')}\r\n${row()}\r\n`);
    expect(r.issues).toEqual([]);
    expect(r.summary).toMatchObject({ rows: 1, students: 1 });
  });
});
