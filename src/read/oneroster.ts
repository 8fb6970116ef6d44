import { dayNumber } from '../checks/dates.js';
import { RosterCheck } from '../checks/roster-check.js';
import { DEFAULT_LIMITS, StopReading } from '../findings/issues.js';
import { convertExport, SourceSink, type OneRosterExport } from '../oneroster/oneroster.js';
import type { ReadOptions, ReadResult } from './reader.js';

/**
 * Reads a OneRoster export as a roster: its files are mapped to DESSA rows (the findings of the
 * mapping on their OneRoster files and rows), and those rows go through the same row and
 * cross-row checks, and make the same Roster, as the rows of a CSV would. The rows are made
 * as text and parsed in chunks, never held whole; the check's findings on them are moved to
 * the source rows each value came from (SourceSink).
 */
export async function readOneRoster(exp: OneRosterExport, opts: ReadOptions): Promise<ReadResult> {
  const sink = new SourceSink(opts.limits ?? DEFAULT_LIMITS);
  // The converted rows have the spec's header: a --map applies to the export's columns, not to them.
  const check = new RosterCheck({ ...opts, aliases: undefined }, sink);
  let partial = false;
  try {
    const converted = await convertExport(
      exp,
      {
        ...opts.oneRoster,
        encoding: opts.encoding,
        delimiter: opts.delimiter,
        maxField: opts.maxField,
        aliases: opts.aliases,
        today: opts.today ?? dayNumber(new Date()),
      },
      sink,
    );
    sink.noRowsWhy = !converted.model.usable
      ? null
      : sink.errors > 0
        ? 'the errors reported keep every student enrollment out'
        : 'it has no active student enrollment in a class with a teacher';
    sink.lookup = converted;
    const parser = check.stage.parser(',', null);
    for (const chunk of converted.chunks()) parser.write(chunk);
    parser.end();
  } catch (err) {
    if (!(err instanceof StopReading)) throw err;
    partial = true;
  } finally {
    sink.lookup = null;
    await exp.close();
  }
  // A finding about the whole converted roster is about the enrollments its rows are (no rows: SourceSink.noRows).
  sink.file = 'enrollments.csv';
  return { report: check.finish(partial, 'utf-8', ','), roster: check.roster };
}
