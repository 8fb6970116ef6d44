/**
 * What validate trims from a cell before checking it (checks/row.ts): ASCII whitespace and
 * no-break spaces at either end. Inner spacing is part of the value and stays.
 */
const AROUND = /^[\t\n\v\f\r \u00a0]+|[\t\n\v\f\r \u00a0]+$/g;

export function trimValue(v: string): string {
  return v.replace(AROUND, '');
}
