import { EXIT } from '../base/errors.js';
import { DEFAULT_LIMITS } from '../findings/issues.js';
import type { Report } from '../findings/report.js';
import type { ReadOptions } from '../read/read.js';
import { renderCsv } from '../render/csv.js';
import { renderJson } from '../render/json.js';
import { styleFor } from '../render/style.js';
import { renderText } from '../render/text.js';
import type { Output } from './output.js';

/* A validation report as validate prints it, and as diff and apply print it for a file with errors. */

export const FORMATS = ['text', 'json', 'csv', 'html'] as const;

/** Exit code for a report: 0 valid, 1 invalid (or warnings under --strict). */
export function exitFor(report: Report, strict: boolean): number {
  return report.valid && !(strict && report.summary.warnings > 0) ? EXIT.ok : EXIT.invalid;
}

/**
 * The report as shown: under --strict a warning fails, so `valid` (the verdict, which the exit
 * code follows) is false; `strict` says which rule gave it. Every JSON report carries both.
 */
export function verdict(report: Report, strict: boolean): Report {
  return { ...report, valid: exitFor(report, strict) === EXIT.ok, strict };
}

/** The file a report is of, and how it was read: what the HTML report reads its examples' rows from. */
export interface ReportSource {
  path: string;
  opts: ReadOptions;
  /** The file's version (`versionOf`, read/pick-rows.ts) before it was validated: null for standard input or a pipe. */
  version: string | null;
}

export async function renderReport(
  found: Report,
  format: string,
  label: string,
  out: Output,
  quiet: boolean,
  toFile: boolean,
  strict = false,
  source?: ReportSource,
): Promise<string> {
  const report = verdict(found, strict);
  const listedPerCode = source?.opts.limits?.perCode ?? DEFAULT_LIMITS.perCode;
  if (format === 'json') return renderJson(report);
  if (format === 'csv') return renderCsv(report.issues);
  if (format === 'html') {
    // Loaded when asked for: a text report (and a command's cold start) does without the page's modules.
    const [{ pickRows }, { renderValidateHtml, rowsToPick }] = await Promise.all([
      import('../read/pick-rows.js'),
      import('../render/html/validate-page.js'),
    ]);
    // The report keeps each finding's cell, not its row: the rows of the examples shown are read again.
    const rows = source ? await pickRows(source.path, source.opts, rowsToPick(report), source.version) : new Map();
    return renderValidateHtml({ report, label, rows, listedPerCode });
  }
  return renderText(report, label, styleFor(toFile ? {} : out.stdout), { quiet, listedPerCode });
}
