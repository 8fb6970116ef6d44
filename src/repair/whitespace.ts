/**
 * What validate trims from a cell before checking it (checks/row.ts): ASCII whitespace and
 * no-break spaces at either end. Inner spacing is part of the value and stays.
 */
const AROUND = /^[\t\n\v\f\r \u00a0]+|[\t\n\v\f\r \u00a0]+$/g;

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 0xa0;

export function trimValue(v: string): string {
  // Most cells have nothing to trim: two character tests, no regular expression.
  if (v === '' || (!isSpace(v.charCodeAt(0)) && !isSpace(v.charCodeAt(v.length - 1)))) return v;
  return v.replace(AROUND, '');
}
