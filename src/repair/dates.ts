import { checkDob, earliestDob, EXCEL_SERIAL, readLooseDate } from '../checks/dates.js';
import type { HoldReason, RepairRule } from './rules.js';

/** A value's repair, or a repair the value allows that the file's other values forbid. */
export type Outcome = { value: string; rule: RepairRule; held?: HoldReason } | null;

/** A time of day that is midnight, the only one a date-only export appends: the date is then the date as typed. */
const MIDNIGHT = /^[ T]+(?:0?0:00(?::00(?:\.0+)?)?\s*(?:Z|[+-]00:?00)?|12:00(?::00(?:\.0+)?)?\s*[Aa]\.?[Mm]\.?)$/;

/** Whether a date of birth is written day first (13/04/2015): then the file's 3/4/2015 may be 3 April too. */
export function looksDayFirst(v: string, today: number): boolean {
  return readLooseDate(v, today)?.swapped === true;
}

/**
 * The mm/dd/yyyy form of a date of birth validate names as the fix (checkDob's suggestion, so the
 * same dates in the future or before 1900 stay refused), when the form has one reading: never a
 * day-first date, a two-digit year, or a time other than midnight. Month-first with both numbers
 * 12 or less and different is held when the file shows day-first dates (`dayFirstFile`).
 */
export function repairDate(v: string, today: number, dayFirstFile: boolean): Outcome {
  const found = checkDob(v, today);
  if (found?.code !== 'invalid-date-format' || found.params.suggestion === undefined) return null;
  const value = String(found.params.suggestion);
  if (EXCEL_SERIAL.test(v)) {
    // Five digits are a date only by assumption: only one that gives a likely date of birth is taken as one.
    const [m, d, y] = value.split('/').map(Number);
    return y * 10000 + m * 100 + d >= earliestDob(today) ? { value, rule: 'date-excel-serial' } : null;
  }
  const form = readLooseDate(v, today);
  if (form === null || form.swapped || form.shortYear) return null;
  if (form.time !== '' && !MIDNIGHT.test(form.time)) return null;
  const rule: RepairRule =
    form.time !== '' ? 'date-with-time' : form.monthFirst ? 'date-month-first' : 'date-year-first';
  const ambiguous = form.monthFirst && form.m <= 12 && form.d <= 12 && form.m !== form.d;
  return ambiguous && dayFirstFile ? { value, rule, held: 'day-first-file' } : { value, rule };
}
