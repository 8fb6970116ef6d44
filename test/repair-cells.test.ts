import { describe, expect, it } from 'vitest';
import { COL, FIELD_NAMES } from '../src/fields/fields.js';
import { ChangeLog, LIST_LIMIT } from '../src/repair/change-log.js';
import { csvLine } from '../src/repair/csv-write.js';
import { repairCell, repairValue } from '../src/repair/value.js';
import { trimValue } from '../src/repair/whitespace.js';
import { TODAY } from './helpers.js';

const field = (name: string) => FIELD_NAMES.indexOf(name);
const ctx = { today: TODAY, dayFirstFile: false };

describe('whitespace', () => {
  it('trims what validate trims, and only around the value', () => {
    expect(trimValue('  Ana  ')).toBe('Ana');
    expect(trimValue('\u00a0Ana\t')).toBe('Ana');
    expect(trimValue('Mary  Ann')).toBe('Mary  Ann');
    expect(trimValue('\u200bAna')).toBe('\u200bAna');
  });

  it('names the trim as the rule unless a value rule also applied', () => {
    expect(repairCell(field('Last Name'), ' Nguyen ', ctx)).toEqual({ value: 'Nguyen', rule: 'trim-whitespace' });
    expect(repairCell(field('DOB'), ' 3/4/2015 ', ctx)).toEqual({ value: '03/04/2015', rule: 'date-month-first' });
    expect(repairCell(field('Last Name'), 'Nguyen', ctx)).toEqual({ value: 'Nguyen', rule: null });
  });
});

describe('cells', () => {
  it('never repairs a value that no rule of its field covers', () => {
    expect(repairValue(COL.studentId, '1.23457E+11', ctx)).toBeNull();
    expect(repairValue(COL.staffEmail, 'ana at d.org', ctx)).toBeNull();
    expect(repairValue(field('Gender'), '="F"', ctx)).toBeNull();
    expect(repairValue(field('Zip Code'), '="6103"', ctx)).toBeNull();
    expect(repairValue(field('Last Name'), 'male', ctx)).toBeNull();
  });

  it('keeps the value, trimmed, when the repair is held', () => {
    const held = repairCell(field('Gender'), ' Male', ctx, true);
    expect(held.value).toBe('Male');
    expect(held.rule).toBe('trim-whitespace');
    expect(held.held).toEqual({ value: 'M', rule: 'enum-word', held: 'student-rows-disagree' });
  });

  it('gives equal values equal repairs', () => {
    const dob = field('DOB');
    expect(repairCell(dob, '2015-03-04', ctx).value).toBe(repairCell(dob, '3/4/2015', ctx).value);
  });
});

describe('CSV records', () => {
  it('quotes as RFC 4180 and ends with CRLF', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', ''])).toBe('a,"b,c","say ""hi""","two\nlines",\r\n');
  });
});

describe('the change log', () => {
  it('counts every change exactly, lists the first LIST_LIMIT of each rule, and hands on every one', () => {
    const seen: number[] = [];
    const log = new ChangeLog((c) => seen.push(c.row));
    const change = (row: number, rule: 'enum-case' | 'grade-level') =>
      log.change({ file: null, row, outputRow: row, column: 'Gender', before: 'f', after: 'F', rule });
    for (let row = 2; row < LIST_LIMIT + 7; row++) change(row, 'enum-case');
    change(9999, 'grade-level');
    log.drop({ file: null, row: 3, reason: 'blank-row' });
    expect(log.changes).toHaveLength(LIST_LIMIT + 1);
    expect(log.changes.at(-1)?.rule).toBe('grade-level');
    expect(seen).toHaveLength(LIST_LIMIT + 6);
    const summary = log.summary(LIST_LIMIT + 10, LIST_LIMIT + 9, { encoding: 'utf-8', delimiter: ',' });
    expect(summary).toMatchObject({
      changed: LIST_LIMIT + 6,
      byRule: { 'enum-case': LIST_LIMIT + 5, 'grade-level': 1 },
      byColumn: { Gender: LIST_LIMIT + 6 },
      dropped: 1,
      truncated: true,
    });
  });
});
