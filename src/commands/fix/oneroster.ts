import { dayNumber } from '../../checks/dates.js';
import { DEFAULT_LIMITS, IssueSink } from '../../findings/issues.js';
import type { Report } from '../../findings/report.js';
import { convertExport, openOneRoster } from '../../oneroster/oneroster.js';
import type { ReadOptions } from '../../read/read.js';
import { AtomicFile } from '../../command-kit/whole-file.js';

/*
 * fix of a OneRoster export: the export is converted (as `convert` writes it) into a hidden file
 * beside the corrected copy, and that roster is what fix repairs. Its change log's rows are the
 * converted roster's rows (the rows `convert` writes, in the same order); what the mapping could
 * not make a row of stays reported on its OneRoster file and row.
 */

export interface ConvertedInput {
  /** The converted roster: a hidden file (`file.temp`) fix reads and then discards. */
  file: AtomicFile;
  /** The mapping's findings, on the export's files and rows. */
  sink: IssueSink;
  version: string;
}

/** The export converted into a hidden file beside `output`; null when `input` is not a OneRoster export. */
export async function convertedInput(input: string, output: string, opts: ReadOptions): Promise<ConvertedInput | null> {
  const exp = await openOneRoster(input, { ...opts, version: '' });
  if (exp === null) return null;
  const sink = new IssueSink({ perCode: opts.limits?.perCode ?? DEFAULT_LIMITS.perCode, maxErrors: 0 });
  let rows: Iterator<Buffer>;
  try {
    const converted = await convertExport(
      exp,
      { ...opts.oneRoster, ...opts, today: opts.today ?? dayNumber(new Date()) },
      sink,
    );
    rows = converted.chunks();
  } finally {
    await exp.close();
  }
  // A temporary file beside the copy, removed by discard() or at the process's exit (Ctrl-C).
  const file = new AtomicFile(output);
  try {
    for (let next = rows.next(); !next.done; next = rows.next()) file.write(next.value);
    file.close();
  } catch (err) {
    file.discard();
    throw err;
  }
  return { file, sink, version: exp.version };
}

/** What remains: the copy's findings, then the mapping's (rows the export could not give, at their sources). */
export function withMapping(report: Report, sink: IssueSink): Report {
  const byCode = { ...report.summary.byCode };
  for (const [code, n] of sink.counts) byCode[code] = (byCode[code] ?? 0) + n;
  return {
    ...report,
    valid: report.valid && sink.errors === 0,
    issues: [...sink.issues, ...report.issues],
    summary: {
      ...report.summary,
      errors: report.summary.errors + sink.errors,
      warnings: report.summary.warnings + sink.warnings,
      truncated: report.summary.truncated || sink.truncated,
      byCode,
    },
  };
}
