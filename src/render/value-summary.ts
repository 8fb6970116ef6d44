import { FIELDS } from '../fields/fields.js';
import type { ColumnValues } from '../findings/report.js';
import { DISTINCT_PER_COLUMN, VALUE_BYTES } from '../roster/value-tally.js';

/* The per-column value summary both the text and the HTML report show: "Gender: F × 20, M × 25". */

const BY_NAME = new Map(FIELDS.map((f) => [f.name, f]));

/** Whether the spec allows this value in the column (flags may be blank; enumerations are case-sensitive). */
export function allowed(column: string, value: string): boolean {
  const field = BY_NAME.get(column);
  if (field?.values === undefined) return true;
  return field.values.includes(value) || (value === '' && !field.required);
}

/** A value as the summary names it: blank as "(blank)". */
export const valueLabel = (value: string) => (value === '' ? '(blank)' : value);

/** Columns worth showing: those holding a value the spec does not allow, or all of them when `all`. */
export function columnsToShow(values: readonly ColumnValues[] | undefined, all: boolean): ColumnValues[] {
  return (values ?? []).filter((c) => all || c.others > 0 || c.values.some((v) => !allowed(c.column, v.value)));
}

/** What the "other values" count means, for a column with more distinct values than are kept. */
export const othersNote = (n: number) =>
  `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'} with other values ` +
  `(past ${DISTINCT_PER_COLUMN} distinct, or over ${VALUE_BYTES} bytes)`;
