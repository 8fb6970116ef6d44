import type { CsvParser, RecordView } from '../input/csv.js';
import { TextParser } from '../input/text-parser.js';
import type { RowOutput } from '../roster/cells.js';
import { trimStart } from './bytes.js';
import { dayNumber } from './dates.js';
import { matchHeader } from './header.js';
import type { IssueLimits, IssueSink } from '../findings/issues.js';
import { compileRowChecker, type RowChecker } from './row.js';
import { columnNames, reportStrayBytes, type ColumnNames } from './stray-bytes.js';

export interface CheckOptions {
  /** yyyymmdd of "today", for dates in the future; defaults to the real today. */
  today?: number;
  limits?: IssueLimits;
  /** --map: SIS header (as the map file writes it) -> spec field index, or null for a column ignored on purpose. */
  aliases?: ReadonlyMap<string, number | null>;
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
  /** The text being read is UTF-8 holding bytes that are not (set by the reader before such bytes come). */
  strayBytes = false;
  /** Spec fields (bit i: field i) some text's header has no column for (each text of a zip has its own). */
  absentFields = 0;
  private readonly today: number;

  constructor(
    readonly sink: IssueSink,
    private readonly opts: CheckOptions,
    private readonly out: RowOutput,
  ) {
    this.today = opts.today ?? dayNumber(new Date());
  }

  /** A parser for one text; its records land in this stage. `firstRow`: the physical row of its first record. */
  parser(delimiter: string, file: string | null, firstRow = 1): CsvParser {
    const sink = this.sink;
    sink.file = file;
    this.out.begin?.(file);
    let width = 0;
    let checker: RowChecker | null = null;
    let headerSeen = false;
    // Columns with a blank header not yet seen holding a value (reported once each).
    let blankColumns: number[] = [];
    // A run of empty lines after the header, reported when a record follows: an editor's
    // final empty line is not a row, so one alone at the end of the text is silent.
    let emptyFrom = 0;
    let emptyCount = 0;
    const reportEmpty = () => {
      for (let k = 0; k < emptyCount; k++) sink.add('blank-row', emptyFrom + k, null, null);
      emptyCount = 0;
    };
    let names: ColumnNames | null = null;
    // Blank lines before the header, reported once a header comes: a text that is nothing but
    // blank lines (a lone newline) is an empty file, one finding, as a text of no bytes is.
    const blankBefore: number[] = [];
    const header = (view: RecordView, row: number) => {
      if (isBlank(view)) {
        blankBefore.push(row);
        return;
      }
      for (const at of blankBefore) sink.add('blank-row', at, null, null);
      headerSeen = true;
      this.headers++;
      // Each text (a zip entry) has its own header: its own column order and optional columns.
      if (this.strayBytes) reportStrayBytes(view, row, sink, null);
      const cells = cellTexts(view);
      width = cells.length;
      const match = matchHeader(cells, sink, this.opts.aliases, delimiter);
      names = columnNames(match.columns, cells);
      match.columns.forEach((at, i) => {
        if (at < 0) this.absentFields |= 1 << i;
      });
      if (match.ok) checker = compileRowChecker(match.columns, this.today);
      blankColumns = match.blank;
    };
    const atEnd = () => {
      if (emptyCount > 1) reportEmpty();
      if (!headerSeen && blankBefore.length > 0) sink.add('empty-file', null, null, null);
    };
    return new TextParser(
      { delimiter, maxField: this.opts.maxField, firstRow },
      {
        record: (view, row) => {
          if (!headerSeen) return header(view, row);
          if (view.count === 1 && view.start[0] === view.end[0]) {
            if (emptyCount++ === 0) emptyFrom = row;
            return;
          }
          if (emptyCount > 0) reportEmpty();
          if (isBlank(view)) {
            sink.add('blank-row', row, null, null);
            return;
          }
          this.rows++;
          const stray = this.strayBytes && reportStrayBytes(view, row, sink, names);
          if (view.count !== width) {
            sink.add(view.count > width ? 'too-many-cells' : 'too-few-cells', row, null, null, {
              found: view.count,
              expected: width,
              delimiter: delimiter === '\t' ? 'tab' : delimiter,
            });
            return;
          }
          if (blankColumns.length > 0) blankColumns = reportBlankHeaders(view, row, blankColumns, sink);
          if (checker !== null && !stray) {
            const cells = this.out.slot(view.buf);
            const same = checker.check(view, row, sink, cells);
            this.out.done(cells, row, same);
          }
        },
        strayQuote: (row) => sink.add('stray-quote', row, null, null),
      },
      atEnd,
    );
  }
}

/** Reports the blank-header columns that hold a value on this row; returns those still silent. */
function reportBlankHeaders(view: RecordView, row: number, columns: number[], sink: IssueSink): number[] {
  return columns.filter((at) => {
    if (trimStart(view.buf, view.start[at], view.end[at]) === view.end[at]) return true;
    sink.add('blank-header', row, null, view.buf.toString('utf8', view.start[at], view.end[at]), { position: at + 1 });
    return false;
  });
}
