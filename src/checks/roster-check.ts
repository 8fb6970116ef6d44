import { isUtf8 } from 'node:buffer';
import { CsvFault } from '../input/csv.js';
import { delimiterName } from '../input/delimiter.js';
import type { Report } from '../findings/report.js';
import { RosterBuilder } from '../roster/builder.js';
import type { Roster } from '../roster/roster.js';
import { directOutput } from '../roster/cells.js';
import { DEFAULT_LIMITS, IssueSink, StopReading } from '../findings/issues.js';
import { RowStage, type CheckOptions } from './row-stage.js';

export type { CheckOptions } from './row-stage.js';

/** How a read went, beside its issues: what the report's summary needs. */
export interface ReadFacts {
  rows: number;
  headers: number;
  partial: boolean;
  encoding: string | null;
  delimiter: string | null;
}

/** The report from the issues found and the roster built. */
export function buildReport(sink: IssueSink, roster: Roster, facts: ReadFacts): Report {
  if (!facts.partial && facts.headers > 0 && facts.rows === 0) sink.add('no-data-rows', null, null, null);
  if (facts.headers === 0 && sink.errors === 0) sink.add('empty-file', null, null, null);
  return {
    valid: sink.errors === 0,
    summary: {
      rows: facts.rows,
      errors: sink.errors,
      warnings: sink.warnings,
      ...roster.counts(),
      partial: facts.partial,
      truncated: sink.truncated,
      byCode: Object.fromEntries(sink.counts),
      encoding: facts.encoding,
      delimiter: facts.delimiter === null ? null : delimiterName(facts.delimiter),
    },
    issues: sink.issues,
    values: roster.values.result(),
  };
}

/** Row checks and cross-row checks in one thread, into one sink and one roster. */
export class RosterCheck {
  readonly sink: IssueSink;
  readonly builder: RosterBuilder;
  readonly stage: RowStage;

  /** `sink`: where findings go when not a fresh one (a OneRoster read moves them to their source rows). */
  constructor(opts: CheckOptions = {}, sink?: IssueSink) {
    this.sink = sink ?? new IssueSink(opts.limits ?? DEFAULT_LIMITS);
    this.builder = new RosterBuilder(this.sink);
    const out = directOutput(
      (cells, row, same) => this.builder.add(cells, row, same),
      (file) => this.builder.begin(file),
    );
    this.stage = new RowStage(this.sink, opts, out);
  }

  get roster(): Roster {
    return this.builder.roster;
  }

  finish(partial: boolean, encoding: string | null, delimiter: string | null): Report {
    this.roster.absentFields = this.stage.absentFields;
    return buildReport(this.sink, this.roster, {
      rows: this.stage.rows,
      headers: this.stage.headers,
      partial,
      encoding,
      delimiter,
    });
  }
}

/** Checks a roster given as text (UTF-8): the pure core of `validate`, for tests and callers with data in memory. */
export function checkRoster(
  text: string | Buffer,
  opts: CheckOptions & { delimiter?: string } = {},
): { report: Report; roster: Roster } {
  const check = new RosterCheck(opts);
  const delimiter = opts.delimiter ?? ',';
  let partial = false;
  try {
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    // Bytes are UTF-8 here: any that are not are findings on their cells, as when read from a file.
    check.stage.strayBytes = !isUtf8(bytes);
    const parser = check.stage.parser(delimiter, null);
    parser.write(bytes);
    parser.end();
  } catch (err) {
    if (err instanceof CsvFault) check.sink.add(err.code, err.row, null, null, { limit: err.limit });
    else if (!(err instanceof StopReading)) throw err;
    partial = true;
  }
  return { report: check.finish(partial, 'utf-8', delimiter), roster: check.roster };
}
