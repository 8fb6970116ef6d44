import * as yup from 'yup';
import { EXIT } from '../errors.js';
import { renderCsv } from '../report/csv.js';
import { renderJson } from '../report/json.js';
import type { Report } from '../report/report.js';
import { styleFor } from '../report/style.js';
import { renderText } from '../report/text.js';
import { readRoster } from '../roster/read.js';
import { emit, outputFile, type Output } from './output.js';
import { refuseOverwrite } from './output-target.js';
import { normalizeReadOptions, validateOptions, type RawReadOptions } from './options.js';

export interface RawValidateOptions extends RawReadOptions {
  format?: string;
  output?: string;
  strict?: boolean;
  quiet?: boolean;
}

export const FORMATS = ['text', 'json', 'csv'] as const;

const schema = yup.object({
  format: yup.string().oneOf([...FORMATS], `--format must be one of ${FORMATS.join(', ')}`).default('text'),
  strict: yup.boolean().default(false),
  quiet: yup.boolean().default(false),
});

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

export async function renderReport(
  found: Report, format: string, label: string, out: Output, quiet: boolean, toFile: boolean, strict = false,
): Promise<string> {
  const report = verdict(found, strict);
  if (format === 'json') return renderJson(report);
  if (format === 'csv') return renderCsv(report.issues);
  return renderText(report, label, styleFor(toFile ? {} : out.stdout), { quiet });
}

/** `dessa-roster validate FILE`: checks a roster file and reports. */
export async function validateCommand(file: string, raw: RawValidateOptions, out: Output): Promise<number> {
  const o = validateOptions(schema, raw);
  // validate has no --db: the database it guards is the one the other commands would use by default.
  const output = outputFile(raw.output);
  if (output !== undefined) await refuseOverwrite(output, [file], undefined, raw.map);
  const { report } = await readRoster(file, await normalizeReadOptions(raw));
  const code = exitFor(report, o.strict);
  if (o.quiet && o.format === 'text') return code;
  const label = file === '-' ? 'standard input' : file;
  const text = await renderReport(report, o.format, label, out, o.quiet, output !== undefined, o.strict);
  await emit(text, output, out);
  return code;
}
