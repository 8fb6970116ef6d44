import { writeToString } from 'fast-csv';
import type { Issue } from '../checks/issues.js';

const COLUMNS = ['severity', 'code', 'file', 'row', 'column', 'value', 'message'] as const;

/**
 * A cell a spreadsheet would run as a formula (= + - @, or a leading tab or CR) gets a
 * leading apostrophe: the roster's values come from outside and are shown, never run.
 */
export function defuse(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** The issues as a CSV to open in Excel (RFC 4180, CRLF, formula-safe). */
export function renderCsv(issues: readonly Issue[]): Promise<string> {
  const rows = issues.map((i) => COLUMNS.map((c) => defuse(i[c] === null ? '' : String(i[c]))));
  return writeToString([[...COLUMNS], ...rows], { rowDelimiter: '\r\n', includeEndRowDelimiter: true });
}
