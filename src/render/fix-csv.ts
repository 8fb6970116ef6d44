import { csvLine } from '../repair/csv-write.js';
import type { CellChange, DroppedRow } from '../repair/model.js';
import { BOM, defuse, safeCell } from './csv.js';

/*
 * The --changes file: one line per changed cell and per dropped row, as a CSV to open in Excel
 * (UTF-8 with a BOM, RFC 4180, CRLF). Every cell is made safe as the CSV report's are: controls
 * written as \uXXXX and a leading = + - @ tab or CR defused, so a value from the roster never runs
 * as a formula.
 */

export const CHANGE_COLUMNS = [
  'file',
  'row',
  'output_row',
  'column',
  'before',
  'after',
  'rule',
  'same_as_file',
  'same_as_row',
] as const;

/** Printable ASCII has nothing to escape: only the formula test is left (most cells of a change log). */
const PLAIN = /^[ -~]*$/;

const safe = (c: string | number | null | undefined): string => {
  if (c === null || c === undefined) return '';
  if (typeof c === 'number') return String(c);
  return PLAIN.test(c) ? defuse(c) : safeCell(c);
};

const line = (cells: (string | number | null | undefined)[]) => csvLine(cells.map(safe));

export function changeLogHead(): string {
  return BOM + csvLine([...CHANGE_COLUMNS]);
}

export function changeLine(c: CellChange): string {
  return line([c.file, c.row, c.outputRow, c.column, c.before, c.after, c.rule, null, null]);
}

export function dropLine(d: DroppedRow): string {
  return line([d.file, d.row, null, null, null, null, d.reason, d.sameAs?.file, d.sameAs?.row]);
}
