import * as yup from 'yup';
import { renderSpec, templateCsv, type SpecFormat } from '../render/spec-text.js';
import { emit, outputFile, type Output } from '../command-kit/output.js';
import { refuseOverwrite } from '../command-kit/output-target.js';
import { validateOptions } from '../command-kit/options.js';

const schema = yup.object({
  format: yup
    .string()
    .oneOf(['text', 'markdown', 'json'], '--format must be one of text, markdown, json')
    .default('text'),
});

/** `dessa-roster spec`: the field table. */
export async function specCommand(raw: { format?: string; output?: string }, out: Output): Promise<number> {
  const o = validateOptions(schema, raw);
  // Like validate's --output: never written over the SQLite database (DESSA_DATABASE_URL or the default).
  const output = outputFile(raw.output);
  if (output !== undefined) await refuseOverwrite(output, [], undefined);
  await emit(renderSpec(o.format as SpecFormat), output, out);
  return 0;
}

/** `dessa-roster template`: the blank import template, byte for byte DESSA_Import_Template.csv. */
export async function templateCommand(raw: { output?: string }, out: Output): Promise<number> {
  const output = outputFile(raw.output);
  if (output !== undefined) await refuseOverwrite(output, [], undefined);
  await emit(templateCsv(), output, out);
  return 0;
}
