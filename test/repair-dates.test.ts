import { describe, expect, it } from 'vitest';
import { looksDayFirst, repairDate } from '../src/repair/dates.js';
import { TODAY } from './helpers.js';

const fix = (v: string, dayFirstFile = false) => repairDate(v, TODAY, dayFirstFile);

describe('date repairs', () => {
  it.each([
    ['3/4/2015', '03/04/2015', 'date-month-first'],
    ['3/14/2015', '03/14/2015', 'date-month-first'],
    ['03-04-2015', '03/04/2015', 'date-month-first'],
    ['12/1/2010', '12/01/2010', 'date-month-first'],
    ['2015-03-04', '03/04/2015', 'date-year-first'],
    ['2015/3/4', '03/04/2015', 'date-year-first'],
    ['3/4/2015 12:00:00 AM', '03/04/2015', 'date-with-time'],
    ['3/4/2015 0:00', '03/04/2015', 'date-with-time'],
    ['2015-03-04T00:00:00Z', '03/04/2015', 'date-with-time'],
    ['2015-03-04 00:00:00.000', '03/04/2015', 'date-with-time'],
    ['42067', '03/04/2015', 'date-excel-serial'],
  ])('%s becomes %s (%s)', (v, value, rule) => {
    expect(fix(v)).toEqual({ value, rule });
  });

  it.each([
    ['03/04/2015', 'already right'],
    ['13/04/2015', 'day first: 13 April or a typo'],
    ['25/12/2014', 'day first'],
    ['3/4/15', 'two-digit year'],
    ['03/04/99', 'two-digit year'],
    ['3/4/2015 3:30 PM', 'a time that is not midnight'],
    ['2015-03-04T00:00:00+02:00', 'midnight elsewhere is another day here'],
    ['2/30/2015', 'no such day'],
    ['3/4/2031', 'in the future'],
    ['1/1/1800', 'before 1900'],
    ['00100', 'a serial that gives an unlikely date of birth (1900)'],
    ['20000', 'a serial that gives an unlikely date of birth (1954)'],
    ['yesterday', 'no date at all'],
    ['', 'blank'],
  ])('%s stays (%s)', (v) => {
    expect(fix(v)).toBeNull();
  });

  it('holds month-first dates that could be day-first when the file writes dates day first', () => {
    expect(fix('3/4/2015', true)).toEqual({ value: '03/04/2015', rule: 'date-month-first', held: 'day-first-file' });
    expect(fix('3/4/2015 12:00:00 AM', true)?.held).toBe('day-first-file');
    // One reading only: a day over 12, the same day and month, year first, a serial.
    expect(fix('3/14/2015', true)).toEqual({ value: '03/14/2015', rule: 'date-month-first' });
    expect(fix('4/4/2015', true)).toEqual({ value: '04/04/2015', rule: 'date-month-first' });
    expect(fix('2015-03-04', true)).toEqual({ value: '03/04/2015', rule: 'date-year-first' });
    expect(fix('42067', true)).toEqual({ value: '03/04/2015', rule: 'date-excel-serial' });
  });

  it('tells day-first dates', () => {
    expect(looksDayFirst('13/04/2015', TODAY)).toBe(true);
    expect(looksDayFirst('31-12-2014', TODAY)).toBe(true);
    expect(looksDayFirst('12/04/2015', TODAY)).toBe(false);
    expect(looksDayFirst('2015-04-13', TODAY)).toBe(false);
    expect(looksDayFirst('13/13/2015', TODAY)).toBe(false);
  });
});
