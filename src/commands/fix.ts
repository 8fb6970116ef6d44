import * as yup from 'yup';
import { DessaError, EXIT } from '../base/errors.js';
import { normalizeReadOptions, validateOptions, type RawReadOptions } from '../command-kit/options.js';
import { emit, outputFile, type Output } from '../command-kit/output.js';
import { refuseOverwrite, sameFile } from '../command-kit/output-target.js';
import { verdict } from '../command-kit/validation-report.js';
import { renderFixText } from '../render/fix-text.js';
import { renderJson } from '../render/json.js';
import { styleFor } from '../render/style.js';
import type { ReadOptions } from '../read/read.js';
import type { FixResult } from '../repair/model.js';
import { fixFile } from './fix/engine.js';
import { convertedInput, withMapping } from './fix/oneroster.js';

export interface RawFixOptions extends RawReadOptions {
  output?: string;
  changes?: string;
  report?: string;
  format?: string;
}

export const FIX_FORMATS = ['text', 'json', 'html'] as const;

const schema = yup.object({
  format: yup
    .string()
    .oneOf([...FIX_FORMATS], `--format must be one of ${FIX_FORMATS.join(', ')}`)
    .default('text'),
});

/** A file fix writes: named, not standard output, and never one of the files it reads. */
async function target(flag: string, given: string | undefined, input: string, map: string | undefined) {
  if (given === '') throw new DessaError('usage', `${flag} needs a file name`);
  const path = outputFile(given, false);
  if (path === undefined)
    throw new DessaError('usage', `${flag} needs a file name: fix writes a file, not standard output`);
  await refuseOverwrite(path, [input], undefined, map, flag);
  return path;
}

/**
 * `dessa-roster fix FILE --output FIXED.csv`: writes a corrected copy of a roster (mechanical
 * repairs only), validates it, and reports the changes and what remains. 0: the copy is valid;
 * 1: errors remain (or no copy could be written); 2: unreadable input or misuse.
 */
export async function fixCommand(file: string, raw: RawFixOptions, out: Output): Promise<number> {
  const o = validateOptions(schema, raw);
  // The input is read twice (what to hold back, then the copy): a pipe can be read only once.
  if (file === '-') throw new DessaError('usage', 'fix reads its input twice: give the roster file, not -');
  if (raw.output === undefined)
    throw new DessaError('usage', 'fix needs --output FIXED.csv: where to write the corrected copy');
  const output = await target('--output', raw.output, file, raw.map);
  if (!output.toLowerCase().endsWith('.csv'))
    throw new DessaError('usage', `--output ${output}: the corrected copy is comma-separated: name it .csv`);
  const changes = raw.changes === undefined ? undefined : await target('--changes', raw.changes, file, raw.map);
  if (changes !== undefined && (await sameFile(changes, output)))
    throw new DessaError('usage', '--changes and --output name the same file: choose two files');
  // The summary goes to standard output, or whole to --report: the corrected copy is only ever --output.
  // `--report -` is standard output, as for validate's --output.
  const report =
    raw.report === undefined || raw.report === '-' ? undefined : await target('--report', raw.report, file, raw.map);
  const others = [output, changes].filter((f) => f !== undefined);
  if (report !== undefined && (await Promise.all(others.map((f) => sameFile(f, report)))).some(Boolean))
    throw new DessaError('usage', '--report names the same file as --output or --changes: choose another file');
  const opts = await normalizeReadOptions(raw);
  const result = await fixInput(file, output, changes, opts);
  const code = result.output !== null && result.report.valid ? EXIT.ok : EXIT.invalid;
  const shown = { ...result, report: verdict(result.report, false) };
  const text =
    o.format === 'json'
      ? renderJson(shown)
      : o.format === 'html'
        ? await fixHtml(shown, file, opts)
        : renderFixText(shown, file, styleFor(report === undefined ? out.stdout : {}));
  await emit(text, report, out, true);
  return code;
}

/**
 * A roster file is fixed as it is; a OneRoster export as the roster it converts to (read as fix
 * reads its own copy: UTF-8, comma, the spec's header), its mapping's findings added to what remains.
 */
async function fixInput(file: string, output: string, changes: string | undefined, opts: ReadOptions) {
  const converted = await convertedInput(file, output, opts);
  if (converted === null) return fixFile(file, output, changes, opts);
  try {
    const read = { limits: opts.limits, maxField: opts.maxField, today: opts.today };
    const result = await fixFile(converted.file.temp, output, changes, read);
    return { ...result, report: withMapping(result.report, converted.sink) };
  } finally {
    converted.file.discard();
  }
}

/** The page, with the rows of what remains read again from the file it was found in (the copy, else the input). */
async function fixHtml(result: FixResult, input: string, opts: ReadOptions): Promise<string> {
  const [{ pickRows, versionOf }, { renderFixHtml }, { rowsToPick }] = await Promise.all([
    import('../read/pick-rows.js'),
    import('../render/html/fix-page.js'),
    import('../render/html/validate-page.js'),
  ]);
  const source = result.output ?? input;
  // The copy is read as fix read it for validation (UTF-8, comma): only the input needs its own options.
  const read = result.output === null ? opts : { limits: opts.limits, maxField: opts.maxField };
  const rows = await pickRows(source, read, rowsToPick(result.report), await versionOf(source));
  return renderFixHtml({ result, label: input, rows });
}
