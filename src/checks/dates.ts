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

/** Reads the forms Excel and SIS exports rewrite dates into; returns [y, m, d] or null. */
function readLooseDate(v: string, today: number): [number, number, number] | null {
  let m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})$/.exec(v);
  if (m) {
    let y = Number(m[3]);
    // Two-digit years: pick the century that puts the date in the past.
    if (m[3].length === 2) y += 2000 + y > Math.floor(today / 10000) ? 1900 : 2000;
    return [y, Number(m[1]), Number(m[2])];
  }
  m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$/.exec(v);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  return null;
}

function isReal(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** DOB: a real calendar date written mm/dd/yyyy, not after `today` (yyyymmdd). */
export function checkDob(v: string, today: number): Finding | null {
  if (v.length === 10 && v.charCodeAt(2) === 47 && v.charCodeAt(5) === 47) {
    const m = digits(v, 0, 2);
    const d = digits(v, 3, 5);
    const y = digits(v, 6, 10);
    if (m >= 0 && d >= 0 && y >= 0) {
      if (!isReal(y, m, d)) {
        const reason = m < 1 || m > 12 ? `there is no month ${m}` : `month ${pad2(m)} of ${y} has ${daysInMonth(y, m)} days`;
        return { code: 'invalid-date', params: { reason } };
      }
      if (y * 10000 + m * 100 + d > today) return { code: 'future-date', params: { today: formatDay(today) } };
      return null;
    }
  }
  // Excel shows a date cell it lost the format of as its serial number (days since 12/30/1899).
  if (/^\d{5}$/.test(v)) {
    const d = new Date(Date.UTC(1899, 11, 30) + Number(v) * 86_400_000);
    return { code: 'invalid-date-format', params: { suggestion: `${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/${d.getUTCFullYear()}`, hint: ' (an Excel date serial number)' } };
  }
  const loose = readLooseDate(v, today);
  if (loose && isReal(...loose)) {
    const [y, m, d] = loose;
    return { code: 'invalid-date-format', params: { suggestion: `${pad2(m)}/${pad2(d)}/${y}` } };
  }
  return { code: 'invalid-date-format', params: {} };
}

export function formatDay(day: number): string {
  const y = Math.floor(day / 10000);
  const m = Math.floor(day / 100) % 100;
  return `${pad2(m)}/${pad2(day % 100)}/${y}`;
}
