import type { Issue } from '../findings/issues.js';
import { escapeControls } from '../base/escape.js';

const COLUMNS = ['severity', 'code', 'file', 'row', 'column', 'value', 'message'] as const;

/** Excel reads a CSV as the local code page unless it starts with this mark: then `Siobhán` stays `Siobhán`. */
export const BOM = '\uFEFF';

/**
 * A cell a spreadsheet would run as a formula (= + - @, or a leading tab or CR) gets a
 * leading apostrophe: the roster's values come from outside and are shown, never run.
 */
export function defuse(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** One cell: controls written as \uXXXX (no hidden line break or escape sequence), then defused. */
export const safeCell = (cell: string) => defuse(escapeControls(cell));

/** The issues as a CSV to open in Excel (UTF-8 with a BOM, RFC 4180, CRLF, formula-safe). */
export async function renderCsv(issues: readonly Issue[]): Promise<string> {
  // Imported here: only a CSV report needs fast-csv, and validate starts anew for each file a CI script checks.
  const { writeToString } = await import('fast-csv');
  const rows = issues.map((i) => COLUMNS.map((c) => safeCell(i[c] === null ? '' : String(i[c]))));
  return BOM + (await writeToString([[...COLUMNS], ...rows], { rowDelimiter: '\r\n', includeEndRowDelimiter: true }));
}
