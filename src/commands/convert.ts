import { promises as fs } from 'node:fs';
import * as yup from 'yup';
import { DessaError, fsError } from '../base/errors.js';
import { escapeControls } from '../base/escape.js';
import { dayNumber } from '../checks/dates.js';
import { IssueSink } from '../findings/issues.js';
import { convertExport, openOneRoster, type Converted } from '../oneroster/oneroster.js';
import { renderJson } from '../render/json.js';
import { normalizeReadOptions, validateOptions, type RawReadOptions } from '../command-kit/options.js';
import { outputFile, type Output } from '../command-kit/output.js';
import { AtomicFile } from '../command-kit/whole-file.js';
import { refuseOverwrite } from '../command-kit/output-target.js';

export interface RawConvertOptions extends RawReadOptions {
  output?: string;
  format?: string;
}

const schema = yup.object({
  format: yup.string().oneOf(['text', 'json'], '--format must be text or json').default('text'),
});

/** The rows written whole to `path` (see AtomicFile): a failure leaves no partial roster. */
function writeRows(path: string, converted: Converted): void {
  const file = new AtomicFile(path);
  try {
    const chunks = converted.chunks();
    for (let next = chunks.next(); !next.done; next = chunks.next()) file.write(next.value);
    file.commit();
  } catch (err) {
    file.discard();
    throw err;
  }
}

/**
 * `dessa-roster convert ONEROSTER --output roster.csv`: the DESSA roster a OneRoster export
 * becomes, as CSV (the spec's 30 headers, RFC 4180, CRLF, sorted rows: equal exports give equal
 * bytes). Values are written as the export holds them, never changed (no formula defusing: the
 * file is a roster to import, and a changed value would not round-trip). Exit 1 when some source
 * rows could not become rows (the rest are written), 0 otherwise.
 */
export async function convertCommand(file: string, raw: RawConvertOptions, out: Output): Promise<number> {
  const { format } = validateOptions(schema, raw);
  const output = outputFile(raw.output, false);
  if (output === undefined) throw new DessaError('usage', 'convert needs --output roster.csv (the file to write)');
  if (!output.toLowerCase().endsWith('.csv'))
    throw new DessaError('usage', `--output ${output}: the converted roster is comma-separated: name it .csv`);
  await refuseOverwrite(output, [file], undefined, raw.map);
  // A missing export is told as every command tells a missing input, not as a file of another kind.
  await fs.stat(file).catch((err) => {
    throw fsError(err, file);
  });
  const opts = await normalizeReadOptions(raw);
  const exp = await openOneRoster(file, { ...opts, version: '' });
  if (exp === null) {
    throw new DessaError(
      'unsupported-format',
      `${file}: not a OneRoster export (a folder or .zip whose manifest.csv names oneroster.version 1.1 or 1.2); ` +
        'name the export folder or zip',
      { file },
    );
  }
  // Every row that cannot be made is reported: --max-errors does not cut a conversion short.
  const sink = new IssueSink({ perCode: opts.limits?.perCode ?? 1000, maxErrors: 0 });
  let converted: Converted;
  try {
    converted = await convertExport(exp, { ...opts.oneRoster, ...opts, today: dayNumber(new Date()) }, sink);
  } finally {
    await exp.close();
  }
  writeRows(output, converted);
  const code = sink.errors > 0 ? 1 : 0;
  const result = {
    output,
    version: exp.version,
    rows: converted.rows,
    errors: sink.errors,
    warnings: sink.warnings,
    truncated: sink.truncated,
    issues: sink.issues,
  };
  if (format === 'json') {
    out.stdout.write(renderJson(result));
    return code;
  }
  const lines = [
    `${code === 0 ? '✓' : '✗'} ${escapeControls(file)} (OneRoster ${exp.version}): ${converted.rows} row(s) written ` +
      `to ${escapeControls(output)}; ${sink.errors} error(s), ${sink.warnings} warning(s)`,
  ];
  for (const i of sink.issues) {
    const where = [i.file, i.row === null ? null : `row ${i.row}`].filter((x) => x !== null).join(' ');
    lines.push(`  ${i.severity} [${i.code}] ${escapeControls(where)}: ${escapeControls(i.message)}`);
  }
  if (code !== 0)
    lines.push('Rows of the students and classes above were left out: correct the export and convert again.');
  out.stdout.write(`${lines.join('\n')}\n`);
  return code;
}
