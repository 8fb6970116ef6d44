import { isUtf8 } from 'node:buffer';
import { trimStart } from '../../checks/bytes.js';
import { matchHeader, type HeaderMatch } from '../../checks/header.js';
import { RowStage, type CheckOptions } from '../../checks/row-stage.js';
import type { CsvParser, RecordView } from '../../input/csv.js';
import { TextParser } from '../../input/text-parser.js';
import type { IssueSink } from '../../findings/issues.js';

/** What fix does with the records of each text, as the reader hands them over. */
export interface RecordHandler {
  /** A text's header row: its cells and how they match the spec (findings in the stage's sink). */
  header(file: string | null, cells: string[], match: HeaderMatch, delimiter: string): void;
  /** A data row with as many cells as its header; `cells[i]` is raw bytes when they are not UTF-8. */
  record(file: string | null, row: number, cells: (string | Buffer)[]): void;
  /** A blank row (empty, or whitespace and delimiters only), which the copy leaves out. */
  blank(file: string | null, row: number): void;
  /** A data row whose cell count differs from its header's: which cell is which is unknown. */
  misshapen(file: string | null, row: number): void;
}

function isBlank(v: RecordView): boolean {
  for (let i = 0; i < v.count; i++) if (trimStart(v.buf, v.start[i], v.end[i]) < v.end[i]) return false;
  return true;
}

/**
 * A RowStage for runReader that hands every record of every text to a RecordHandler, so that fix
 * reads a file exactly as validate does (sources, zips, encodings, `sep=`, delimiters, `--map`)
 * while seeing each row whole, blank and misshapen ones included. Header findings go to the sink
 * as validate raises them; value findings are not raised here (the copy is validated afterwards).
 */
export class FixStage extends RowStage {
  constructor(
    sink: IssueSink,
    private readonly options: CheckOptions,
    private readonly handler: RecordHandler,
  ) {
    super(sink, options, { slot: () => ({ buf: Buffer.alloc(0), ranges: new Int32Array(0), at: 0 }), done: () => {} });
  }

  override parser(delimiter: string, file: string | null, firstRow = 1): CsvParser {
    this.sink.file = file;
    const h = this.handler;
    let width = -1;
    // Empty lines are held until a record follows: an editor's final line end is no row.
    let empty: number[] = [];
    const flushEmpty = () => {
      for (const at of empty) h.blank(file, at);
      empty = [];
    };
    const record = (view: RecordView, row: number) => {
      if (width < 0) {
        if (isBlank(view)) return h.blank(file, row);
        this.headers++;
        const cells = Array.from({ length: view.count }, (_, i) =>
          view.buf.toString('utf8', view.start[i], view.end[i]),
        );
        width = cells.length;
        h.header(file, cells, matchHeader(cells, this.sink, this.options.aliases, delimiter), delimiter);
        return;
      }
      if (view.count === 1 && view.start[0] === view.end[0]) {
        empty.push(row);
        return;
      }
      flushEmpty();
      if (isBlank(view)) return h.blank(file, row);
      if (view.count !== width) return h.misshapen(file, row);
      const cells: (string | Buffer)[] = [];
      for (let i = 0; i < view.count; i++) {
        const bytes = view.buf.subarray(view.start[i], view.end[i]);
        // A stray byte in a UTF-8 text is kept as it was: it is not the copy's to guess at.
        cells.push(this.strayBytes && !isUtf8(bytes) ? Buffer.from(bytes) : bytes.toString('utf8'));
      }
      h.record(file, row, cells);
    };
    const atEnd = () => {
      if (empty.length > 1) flushEmpty();
    };
    return new TextParser({ delimiter, maxField: this.options.maxField, firstRow }, { record }, atEnd);
  }
}
