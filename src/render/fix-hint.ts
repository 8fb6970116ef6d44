import { escapeControls } from '../base/escape.js';
import type { Report } from '../findings/report.js';

/**
 * The findings of the kinds `fix` repairs where the value has one reading (a month-first date, a zip
 * without its leading zero, KG, Male, a blank or repeated row). Not every one of them is repaired:
 * fix leaves a day-first date or a conflict between rows as it is, so the hint says "may".
 */
const REPAIRABLE = new Set([
  'invalid-date-format',
  'invalid-grade',
  'invalid-value',
  'wrong-case',
  'invalid-zip',
  'blank-row',
  'duplicate-row',
]);

/** A file name as a shell reads it back: quoted when it holds anything but plain characters. */
function shellWord(name: string): string {
  return /^[\w./-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`;
}

/** One line pointing at `fix` when a report holds findings it may repair; '' when none, or for standard input. */
export function fixHint(report: Report, file: string): string {
  if (file === '-') return '';
  const n = Object.entries(report.summary.byCode).reduce((sum, [code, count]) => {
    return REPAIRABLE.has(code) ? sum + count : sum;
  }, 0);
  if (n === 0) return '';
  // Beside the input, named after it: never the input itself, never another file's fixed.csv.
  const output = `${file.replace(/\.(csv|tsv|txt|zip)$/i, '')}.fixed.csv`;
  const command = `dessa-roster fix ${escapeControls(shellWord(file))} --output ${escapeControls(shellWord(output))}`;
  return (
    `\n${n.toLocaleString('en-US')} of these look like spreadsheet damage with one reading; ` +
    `this writes a repaired copy and lists every change:\n  ${command}\n`
  );
}
