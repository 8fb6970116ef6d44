import { createWriteStream, promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as yup from 'yup';
import { DessaError } from '../base/errors.js';
import { escapeControls } from '../base/escape.js';
import { dayNumber } from '../checks/dates.js';
import { IssueSink } from '../findings/issues.js';
import { convertExport, openOneRoster, type Converted } from '../oneroster/oneroster.js';
import { renderJson } from '../render/json.js';
import { normalizeReadOptions, validateOptions, type RawReadOptions } from '../command-kit/options.js';
import { outputFile, writeFailed, type Output } from '../command-kit/output.js';
import { refuseOverwrite } from '../command-kit/output-target.js';

export interface RawConvertOptions extends RawReadOptions {
  output?: string;
  format?: string;
}

const schema = yup.object({
  format: yup.string().oneOf(['text', 'json'], '--format must be text or json').default('text'),
});

/**
 * Writes the rows to a file beside `path`, then renames it over `path`: a reader of `path` sees
 * the old file or the whole new one, never half of it, and a failure leaves no partial roster.
 */
async function writeAtomically(path: string, converted: Converted): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await new Promise<void>((resolve, reject) => {
      const stream = createWriteStream(temp);
      stream.on('error', reject);
      stream.on('finish', resolve);
      const chunks = converted.chunks();
      const pump = () => {
        for (let next = chunks.next(); !next.done; next = chunks.next()) {
          if (!stream.write(next.value)) return void stream.once('drain', pump);
        }
        stream.end();
      };
      pump();
    });
    await fs.rename(temp, path);
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => {});
    throw writeFailed(err, path);
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
  const output = outputFile(raw.output);
  if (output === undefined) throw new DessaError('usage', 'convert needs --output roster.csv (the file to write)');
  await refuseOverwrite(output, [file], undefined, raw.map);
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
  await writeAtomically(output, converted);
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
