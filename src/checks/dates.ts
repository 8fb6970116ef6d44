import type { Finding } from './values.js';

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** yyyymmdd as a number, for cheap comparison. */
export function dayNumber(d: Date): number {
  return d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate();
}

function digits(v: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** A time of day after a date, as Excel and SIS exports append it: "12:00:00 AM", "0:00", "T00:00:00Z". */
const TIME = String.raw`(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?(?:Z|[+-]\d{2}:?\d{2})?)?`;
const MONTH_FIRST = new RegExp(String.raw`^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})(${TIME})$`);
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(${TIME})$`);

/** A date Excel shows as its serial number: five digits, days since 12/30/1899. */
export const EXCEL_SERIAL = /^\d{5}$/;

const TIME_HINT = ' (it has a time of day; a date of birth is the date alone)';
const DAY_FIRST_HINT = ' (it looks day-first, dd/mm/yyyy)';

/** A date read from one of the loose forms, and what reading it took. */
export interface LooseDate {
  y: number;
  m: number;
  d: number;
  hint: string;
  /** Written month first (m/d/yyyy, mm-dd-yyyy), as opposed to year first. */
  monthFirst: boolean;
  /** The first number was over 12 and was read as the day (dd/mm/yyyy). */
  swapped: boolean;
  /** Written with two digits of year, its century taken from today. */
  shortYear: boolean;
  /** The time of day written after the date, as written ('' for none). */
  time: string;
}

/** yyyymmdd of a date, for comparison with `today`. */
const dayOf = (y: number, m: number, d: number) => y * 10000 + m * 100 + d;

/**
 * Reads the forms Excel and SIS exports rewrite dates into, or null. A two-digit year takes
 * the century that puts the date on or before today (a date of birth is never in the future);
 * a first number over 12 whose swap is a real date is read day-first.
 */
export function readLooseDate(v: string, today: number): LooseDate | null {
  let m = MONTH_FIRST.exec(v);
  if (m) {
    let [a, b] = [Number(m[1]), Number(m[2])];
    let hint = m[4] ? TIME_HINT : '';
    const swapped = a > 12 && b <= 12;
    if (swapped) {
      [a, b] = [b, a];
      hint = DAY_FIRST_HINT;
    }
    let y = Number(m[3]);
    const shortYear = m[3].length === 2;
    if (shortYear) y += dayOf(2000 + y, a, b) > today ? 1900 : 2000;
    return { y, m: a, d: b, hint, monthFirst: true, swapped, shortYear, time: m[4] };
  }
  m = YEAR_FIRST.exec(v);
  if (m) {
    const hint = m[4] ? TIME_HINT : '';
    return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]), hint, ...YEAR_FIRST_FORM, time: m[4] };
  }
  return null;
}

const YEAR_FIRST_FORM = { monthFirst: false, swapped: false, shortYear: false } as const;

function isReal(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** The earliest likely date of birth (yyyymmdd): 1900, or a student of 25 at most. */
export function earliestDob(today: number): number {
  return Math.max(19000101, today - 260000 + 1);
}

/** DOB: a real calendar date written mm/dd/yyyy, not after `today` (yyyymmdd); an unlikely one is a warning. */
export function checkDob(v: string, today: number): Finding | null {
  if (v.length === 10 && v.charCodeAt(2) === 47 && v.charCodeAt(5) === 47) {
    const m = digits(v, 0, 2);
    const d = digits(v, 3, 5);
    const y = digits(v, 6, 10);
    if (m >= 0 && d >= 0 && y >= 0) {
      if (!isReal(y, m, d)) {
        if (m > 12 && isReal(y, d, m)) return suggest(y, d, m, DAY_FIRST_HINT, today);
        const reason =
          m < 1 || m > 12 ? `there is no month ${m}` : `month ${pad2(m)} of ${y} has ${daysInMonth(y, m)} days`;
        return { code: 'invalid-date', params: { reason } };
      }
      const day = dayOf(y, m, d);
      if (day > today) return { code: 'future-date', params: { today: formatDay(today) } };
      if (day < earliestDob(today)) {
        const why = y < 1900 ? 'born before 1900' : 'older than 25';
        return { code: 'unlikely-dob', params: { age: Math.floor((today - day) / 10000), why } };
      }
      return null;
    }
  }
  // Excel shows a date cell it lost the format of as its serial number (days since 12/30/1899).
  if (EXCEL_SERIAL.test(v)) {
    const d = new Date(Date.UTC(1899, 11, 30) + Number(v) * 86_400_000);
    return suggest(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), ' (an Excel date serial number)', today);
  }
  const loose = readLooseDate(v, today);
  if (loose && isReal(loose.y, loose.m, loose.d)) return suggest(loose.y, loose.m, loose.d, loose.hint, today);
  return { code: 'invalid-date-format', params: {} };
}

/** The mm/dd/yyyy form of a date read from another form; never a date of birth in the future. */
function suggest(y: number, m: number, d: number, hint: string, today: number): Finding {
  // "01/01/1" is no date anyone meant, and not in the asked-for form either: the year needs a look.
  if (y < 1900) {
    return {
      code: 'invalid-date-format',
      params: { hint: ` and its year ${y} looks wrong (before 1900): check the year` },
    };
  }
  const read = `${pad2(m)}/${pad2(d)}/${y}`;
  if (dayOf(y, m, d) > today) {
    return { code: 'invalid-date-format', params: { hint: ` and, read as ${read}, is in the future: check the year` } };
  }
  return { code: 'invalid-date-format', params: { suggestion: read, hint: hint || undefined } };
}

export function formatDay(day: number): string {
  const y = Math.floor(day / 10000);
  const m = Math.floor(day / 100) % 100;
  return `${pad2(m)}/${pad2(day % 100)}/${y}`;
}
