import * as yup from 'yup';
import { versionOf } from '../read/pick-rows.js';
import { readRoster } from '../read/read.js';
import { fixHint } from '../render/fix-hint.js';
import { emit, outputFile, type Output } from '../command-kit/output.js';
import { refuseOverwrite } from '../command-kit/output-target.js';
import { normalizeReadOptions, validateOptions, type RawReadOptions } from '../command-kit/options.js';
import { exitFor, FORMATS, renderReport } from '../command-kit/validation-report.js';

export interface RawValidateOptions extends RawReadOptions {
  format?: string;
  output?: string;
  strict?: boolean;
  quiet?: boolean;
}

const schema = yup.object({
  format: yup
    .string()
    .oneOf([...FORMATS], `--format must be one of ${FORMATS.join(', ')}`)
    .default('text'),
  strict: yup.boolean().default(false),
  quiet: yup.boolean().default(false),
});

/** `dessa-roster validate FILE`: checks a roster file and reports. */
export async function validateCommand(file: string, raw: RawValidateOptions, out: Output): Promise<number> {
  const o = validateOptions(schema, raw);
  // validate has no --db: the database it guards is the one the other commands would use by default.
  const output = outputFile(raw.output);
  if (output !== undefined) await refuseOverwrite(output, [file], undefined, raw.map);
  const opts = await normalizeReadOptions(raw);
  // Taken before reading: the HTML report reads its examples' rows again only from this same file.
  const version = o.format === 'html' ? await versionOf(file) : null;
  const { report } = await readRoster(file, opts);
  const code = exitFor(report, o.strict);
  if (o.quiet && o.format === 'text') return code;
  const label = file === '-' ? 'standard input' : file;
  const source = { path: file, opts, version };
  const text = await renderReport(report, o.format, label, out, o.quiet, output !== undefined, o.strict, source);
  const hint = o.format === 'text' && !o.quiet ? fixHint(report, file) : '';
  await emit(text + hint, output, out, o.format === 'html');
  return code;
}
