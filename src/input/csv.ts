/**
 * A streaming RFC 4180 parser over UTF-8 bytes: delimiters, doubled quotes and newlines
 * inside quotes, CRLF, LF or CR.
 *
 * It hands each record over as byte ranges into the chunk (a RecordView) instead of one
 * string per cell: allocating 30 strings a row costs more than all the parsing and
 * checking together, and most cells never need to become a string.
 *
 * Memory holds one chunk plus the unfinished record carried into the next; a field over
 * `maxField` bytes, a record over `maxCells` cells or a quote still open at the end stop
 * it with a CsvFault naming the row where the trouble started.
 */

export type CsvFaultCode = 'unclosed-quote' | 'field-too-large' | 'row-too-large';

export class CsvFault extends Error {
  constructor(readonly code: CsvFaultCode, readonly row: number, readonly limit?: number) {
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
  /** The complete records of a chunk, before they are parsed (to check the encoding). */
  bytes?(buf: Buffer, from: number, to: number): void;
}

export interface CsvOptions {
  delimiter: string;
  maxField?: number;
  maxCells?: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvParser {
  private readonly delim: number;
  private readonly maxField: number;
  private readonly maxCells: number;
  private readonly view: RecordView = { buf: Buffer.alloc(0), start: new Int32Array(64), end: new Int32Array(64), count: 0 };
  private carry: Buffer | null = null;
  private row = 1;

  constructor(opts: CsvOptions, private readonly on: CsvHandlers) {
    if (Buffer.byteLength(opts.delimiter) !== 1) throw new Error('delimiter must be one single-byte character');
    this.delim = opts.delimiter.charCodeAt(0);
    this.maxField = opts.maxField ?? 1 << 20;
    this.maxCells = opts.maxCells ?? 10_000;
  }

  write(chunk: Buffer): void {
    const buf = this.carry === null ? chunk : Buffer.concat([this.carry, chunk]);
    const used = this.parse(buf, false);
    this.carry = used < buf.length ? Buffer.from(buf.subarray(used)) : null;
    // An unfinished record over every limit at once: a quote that never closes, or no line ends.
    if (this.carry !== null && this.carry.length > this.maxField * 8) throw new CsvFault('field-too-large', this.row, this.maxField);
  }

  /** Parses what is left; throws a CsvFault when a quote is still open. */
  end(): void {
    if (this.carry !== null) this.parse(this.carry, true);
    this.carry = null;
  }

  /** Parses complete records from `buf`; returns where the first unfinished one starts. */
  private parse(buf: Buffer, final: boolean): number {
    const n = buf.length;
    const delim = this.delim;
    const view = this.view;
    view.buf = buf;
    const escapedCells: number[] = [];
    let p = 0;
    let last = 0;
    if (this.on.bytes) {
      // Records end at a line feed outside quotes; the last line feed is a safe bound for the check.
      last = final ? n : buf.lastIndexOf(LF) + 1;
      this.on.bytes(buf, 0, last);
    }
    while (p < n) {
      const recordStart = p;
      let nf = 0;
      let escapes = 0;
      let ended = false;
      while (!ended) {
        if (nf === view.start.length) this.grow();
        let fs = p;
        let fe: number;
        let escaped = false;
        if (p < n && buf[p] === QUOTE) {
          let q = p + 1;
          for (;;) {
            q = buf.indexOf(QUOTE, q);
            if (q < 0 || (q + 1 >= n && !final)) {
              if (n - p > this.maxField) throw new CsvFault('field-too-large', this.row, this.maxField);
              if (!final) return this.unfinished(recordStart, n);
              throw new CsvFault('unclosed-quote', this.row);
            }
            if (q + 1 < n && buf[q + 1] === QUOTE) {
              escaped = true;
              q += 2;
              continue;
            }
            break;
          }
          if (q - p > this.maxField) throw new CsvFault('field-too-large', this.row, this.maxField);
          fs = p + 1;
          fe = q;
          p = q + 1;
          if (p < n && buf[p] !== delim && buf[p] !== LF && buf[p] !== CR) {
            // Text after the closing quote: keep the whole cell as typed.
            this.stray();
            fs = fs - 1;
            escaped = false;
            while (p < n && buf[p] !== delim && buf[p] !== LF && buf[p] !== CR) p++;
            fe = p;
          }
        } else {
          let stray = false;
          while (p < n) {
            const c = buf[p];
            if (c === delim || c === LF || c === CR) break;
            if (c === QUOTE) stray = true;
            p++;
          }
          fe = p;
          if (fe - fs > this.maxField) throw new CsvFault('field-too-large', this.row, this.maxField);
          if (stray) this.stray();
        }
        if (p >= n && !final) return this.unfinished(recordStart, n);
        if (escaped) escapedCells[escapes++] = nf;
        view.start[nf] = fs;
        view.end[nf] = fe;
        nf++;
        if (p >= n) {
          ended = true;
        } else if (buf[p] === delim) {
          p++;
          if (p >= n && final) {
            // A trailing delimiter at the very end: one more empty cell.
            if (nf === view.start.length) this.grow();
            view.start[nf] = view.end[nf] = p;
            nf++;
            ended = true;
          }
        } else {
          if (buf[p] === CR) {
            if (p + 1 >= n && !final) return this.unfinished(recordStart, n);
            p++;
            if (p < n && buf[p] === LF) p++;
          } else p++;
          ended = true;
        }
      }
      view.count = nf;
      // Only now that the record is complete may its bytes change: an unfinished one is parsed again.
      for (let k = 0; k < escapes; k++) {
        const i = escapedCells[k];
        view.end[i] = collapseQuotes(buf, view.start[i], view.end[i]);
      }
      this.on.record(view, this.row);
      this.row++;
    }
    return n;
  }

  private strayRow = 0;

  /** Once per row: the warning is about the row. */
  private stray(): void {
    if (this.strayRow === this.row) return;
    this.strayRow = this.row;
    this.on.strayQuote?.(this.row);
  }

  private unfinished(recordStart: number, n: number): number {
    if (n - recordStart > this.maxField * 8) throw new CsvFault('field-too-large', this.row, this.maxField);
    return recordStart;
  }

  private grow(): void {
    const size = this.view.start.length * 2;
    if (size > this.maxCells * 2 && this.view.start.length >= this.maxCells) throw new CsvFault('row-too-large', this.row, this.maxCells);
    const start = new Int32Array(size);
    const end = new Int32Array(size);
    start.set(this.view.start);
    end.set(this.view.end);
    this.view.start = start;
    this.view.end = end;
  }
}

/** Collapses each "" to " in place; returns the new end. */
function collapseQuotes(buf: Buffer, from: number, to: number): number {
  let w = from;
  for (let r = from; r < to; r++, w++) {
    buf[w] = buf[r];
    if (buf[r] === QUOTE) r++;
  }
  return w;
}

/** Parses a whole text into arrays of cells: for tests and small inputs. */
export function parseCsvText(text: string, delimiter = ','): string[][] {
  const out: string[][] = [];
  const parser = new CsvParser({ delimiter }, {
    record: (v) => out.push(Array.from({ length: v.count }, (_, i) => v.buf.toString('utf8', v.start[i], v.end[i]))),
  });
  parser.write(Buffer.from(text, 'utf8'));
  parser.end();
  return out;
}
