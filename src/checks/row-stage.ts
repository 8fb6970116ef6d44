import { DessaError } from '../errors.js';
import { CsvParser, type RecordView } from '../input/csv.js';
import type { RowOutput } from '../roster/cells.js';
import { trimStart } from './bytes.js';
import { dayNumber } from './dates.js';
import { matchHeader, normalizeHeader } from './header.js';
import type { IssueLimits, IssueSink } from './issues.js';
import { compileRowChecker, type RowChecker } from './row.js';
import { columnNames, reportStrayBytes, type ColumnNames } from './stray-bytes.js';

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
 * Everything that can be checked one row at a time: the header, blank rows, cell counts and
 * each value's rule. Rows that pass structure go on to `onRow` (the cross-row builder).
 * Pure: it sees only bytes, never files.
 */
export class RowStage {
  rows = 0;
  /** Texts whose header row was read. */
  headers = 0;
  /** Normalized header of the first text: a zip's roster files must all share it. */
  firstHeader: string | null = null;
  /** The text being read is UTF-8 holding bytes that are not (set by the reader before such bytes come). */
  strayBytes = false;
  private readonly today: number;

  constructor(readonly sink: IssueSink, private readonly opts: CheckOptions, private readonly out: RowOutput) {
    this.today = opts.today ?? dayNumber(new Date());
  }

  /** A parser for one text; its records land in this stage. */
  parser(delimiter: string, file: string | null): CsvParser {
    const sink = this.sink;
    sink.file = file;
    this.out.begin?.(file);
    let width = 0;
    let checker: RowChecker | null = null;
    let headerSeen = false;
    let names: ColumnNames | null = null;
    const header = (view: RecordView, row: number) => {
      if (isBlank(view)) {
        sink.add('blank-row', row, null, null);
        return;
      }
      headerSeen = true;
      this.headers++;
      if (this.strayBytes) reportStrayBytes(view, row, sink, null);
      const cells = cellTexts(view);
      const normalized = cells.map(normalizeHeader).join('\t');
      if (this.firstHeader !== null && normalized !== this.firstHeader) {
        throw new DessaError('zip-mixed-headers', `${file ?? 'input'}: its header differs from the first roster file's; all roster files in one zip must share one header`, { file });
      }
      this.firstHeader = normalized;
      width = cells.length;
      const match = matchHeader(cells, sink, this.opts.aliases, delimiter);
      names = columnNames(match.columns, cells);
      if (match.ok) checker = compileRowChecker(match.columns, this.today);
    };
    return new CsvParser({ delimiter, maxField: this.opts.maxField }, {
      record: (view, row) => {
        if (!headerSeen) return header(view, row);
        if (isBlank(view)) {
          sink.add('blank-row', row, null, null);
          return;
        }
        this.rows++;
        const stray = this.strayBytes && reportStrayBytes(view, row, sink, names);
        if (view.count !== width) {
          sink.add(view.count > width ? 'too-many-cells' : 'too-few-cells', row, null, null, { found: view.count, expected: width, delimiter: delimiter === '\t' ? 'tab' : delimiter });
          return;
        }
        if (checker !== null && !stray) {
          const cells = this.out.slot(view.buf);
          const same = checker.check(view, row, sink, cells);
          this.out.done(cells, row, same);
        }
      },
      strayQuote: (row) => sink.add('stray-quote', row, null, null),
    });
  }
}
