/* What the CSV parser hands over (a record as byte ranges) and how it stops (CsvFault). */

export type CsvFaultCode = 'unclosed-quote' | 'field-too-large' | 'row-too-large';

export class CsvFault extends Error {
  constructor(
    readonly code: CsvFaultCode,
    readonly row: number,
    readonly limit?: number,
  ) {
    super(`${code} at row ${row}`);
  }
}

/** One record: cell i is `buf[start[i]..end[i])`, quotes removed and "" collapsed. Reused between records. */
export interface RecordView {
  buf: Buffer;
  start: Int32Array;
  end: Int32Array;
  count: number;
}

export interface CsvHandlers {
  /** `row` counts records from 1 (the header): the row Excel shows. */
  record(view: RecordView, row: number): void;
  /** A quote inside an unquoted value, or text after a closing quote: kept as typed. */
  strayQuote?(row: number): void;
}

export interface CsvOptions {
  delimiter: string;
  maxField?: number;
  maxCells?: number;
  /** The row number of the first record (2 when a line before it, Excel's `sep=`, was taken off). */
  firstRow?: number;
}
