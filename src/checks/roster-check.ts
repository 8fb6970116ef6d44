import { dayNumber } from './dates.js';
import { matchHeader, normalizeHeader } from './header.js';
import { DessaError } from '../errors.js';
import { IssueSink, StopReading, type IssueLimits, DEFAULT_LIMITS } from './issues.js';
import { delimiterName } from '../input/delimiter.js';
import type { Report } from '../report/report.js';
import { compileRowChecker, type RowChecker } from './row.js';
import { CsvFault, CsvParser, type RecordView } from '../input/csv.js';
import { trimStart } from './bytes.js';
import { RosterBuilder } from '../roster/builder.js';
import type { Roster } from '../roster/roster.js';

export interface CheckOptions {
  /** yyyymmdd of "today", for dates in the future; defaults to the real today. */
  today?: number;
  limits?: IssueLimits;
  /** --map: normalized SIS header -> spec field index. */
  aliases?: ReadonlyMap<string, number>;
  maxField?: number;
}

function isBlank(v: RecordView): boolean {
  for (let i = 0; i < v.count; i++) if (trimStart(v.buf, v.start[i], v.end[i]) < v.end[i]) return false;
  return true;
}

function cellTexts(v: RecordView): string[] {
  return Array.from({ length: v.count }, (_, i) => v.buf.toString('utf8', v.start[i], v.end[i]));
}

/**
 * Checks one roster text after another (a zip holds several) into one sink and one roster.
 * Pure: it sees only cells, never files.
 */
export class RosterCheck {
  readonly sink: IssueSink;
  readonly builder: RosterBuilder;
  rows = 0;
  /** Texts whose header row was read. */
  headers = 0;
  /** Normalized header of the first text, to compare the others with. */
  firstHeader: string | null = null;
  private readonly today: number;

  constructor(private readonly opts: CheckOptions = {}) {
    this.sink = new IssueSink(opts.limits ?? DEFAULT_LIMITS);
    this.builder = new RosterBuilder(this.sink);
    this.today = opts.today ?? dayNumber(new Date());
  }

  get roster(): Roster {
    return this.builder.roster;
  }

  /** A parser for one text; its records land in this check. */
  parser(delimiter: string, file: string | null, verifyBytes?: (buf: Buffer, from: number, to: number) => void): CsvParser {
    this.sink.file = file;
    let width = 0;
    let checker: RowChecker | null = null;
    let headerSeen = false;
    const sink = this.sink;
    return new CsvParser({ delimiter, maxField: this.opts.maxField }, {
      record: (view, row) => {
        if (!headerSeen) {
          if (isBlank(view)) {
            sink.add('blank-row', row, null, null);
            return;
          }
          const cells = cellTexts(view);
          headerSeen = true;
          this.headers++;
          const header = cells.map(normalizeHeader).join('\t');
          if (this.firstHeader !== null && header !== this.firstHeader) {
            throw new DessaError('zip-mixed-headers', `${file ?? 'input'}: its header differs from the first roster file's; all roster files in one zip must share one header`, { file });
          }
          this.firstHeader = header;
          width = cells.length;
          const match = matchHeader(cells, sink, this.opts.aliases, delimiter);
          if (match.ok) checker = compileRowChecker(match.columns, this.today);
          return;
        }
        if (view.count !== width) {
          if (isBlank(view)) {
            sink.add('blank-row', row, null, null);
            return;
          }
          this.rows++;
          sink.add(view.count > width ? 'too-many-cells' : 'too-few-cells', row, null, null, { found: view.count, expected: width, delimiter: delimiter === '\t' ? 'tab' : delimiter });
          return;
        }
        if (isBlank(view)) {
          sink.add('blank-row', row, null, null);
          return;
        }
        this.rows++;
        if (checker !== null) this.builder.add(checker.check(view, row, sink), row);
      },
      strayQuote: (row) => sink.add('stray-quote', row, null, null),
      bytes: verifyBytes,
    });
  }

  /** The report, once every text has been read. */
  finish(partial: boolean, encoding: string | null, delimiter: string | null): Report {
    const sink = this.sink;
    if (!partial && this.headers > 0 && this.rows === 0) sink.add('no-data-rows', null, null, null);
    if (this.headers === 0 && sink.errors === 0) sink.add('empty-file', null, null, null);
    return {
      valid: sink.errors === 0,
      summary: {
        rows: this.rows,
        errors: sink.errors,
        warnings: sink.warnings,
        ...this.roster.counts(),
        partial,
        truncated: sink.truncated,
        byCode: Object.fromEntries(sink.counts),
        encoding,
        delimiter: delimiter === null ? null : delimiterName(delimiter),
      },
      issues: sink.issues,
    };
  }
}

/** Checks a roster given as text (UTF-8): the pure core of `validate`, for tests and callers with data in memory. */
export function checkRoster(text: string | Buffer, opts: CheckOptions & { delimiter?: string } = {}): { report: Report; roster: Roster } {
  const check = new RosterCheck(opts);
  const delimiter = opts.delimiter ?? ',';
  let partial = false;
  try {
    const parser = check.parser(delimiter, null);
    parser.write(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
    parser.end();
  } catch (err) {
    if (err instanceof CsvFault) check.sink.add(err.code, err.row, null, null, { limit: err.limit });
    else if (!(err instanceof StopReading)) throw err;
    partial = true;
  }
  return { report: check.finish(partial, 'utf-8', delimiter), roster: check.roster };
}
