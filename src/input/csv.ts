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

import type { CsvHandlers, CsvOptions, RecordView } from './csv-record.js';
import { CsvFault } from './csv-record.js';

export { CsvFault, type CsvFaultCode, type CsvHandlers, type CsvOptions, type RecordView } from './csv-record.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvParser {
  private readonly delim: number;
  private readonly maxField: number;
  private readonly maxCells: number;
  private readonly view: RecordView = {
    buf: Buffer.alloc(0),
    start: new Int32Array(64),
    end: new Int32Array(64),
    count: 0,
  };
  private carry: Buffer | null = null;
  private readonly stops = new Uint8Array(256);
  private readonly escapedCells: number[] = [];
  private row = 1;
  /**
   * The unfinished record held back ends in a CR, which ends it unless a LF follows
   * (then part of the same line end).
   */
  private heldAtCR = false;

  constructor(
    opts: CsvOptions,
    private readonly on: CsvHandlers,
  ) {
    if (Buffer.byteLength(opts.delimiter) !== 1) throw new Error('delimiter must be one single-byte character');
    this.delim = opts.delimiter.charCodeAt(0);
    this.maxField = opts.maxField ?? 1 << 20;
    this.maxCells = opts.maxCells ?? 10_000;
    this.row = opts.firstRow ?? 1;
    this.stops[this.delim] = this.stops[LF] = this.stops[CR] = 1;
    this.stops[QUOTE] = 2;
  }

  /** The row the next byte written falls in: the unfinished record's, or the next one's. */
  get nextRow(): number {
    return this.heldAtCR ? this.row + 1 : this.row;
  }

  write(chunk: Buffer): void {
    this.heldAtCR = false;
    const buf = this.carry === null ? chunk : Buffer.concat([this.carry, chunk]);
    const used = this.parse(buf, false);
    this.carry = used < buf.length ? Buffer.from(buf.subarray(used)) : null;
    // An unfinished record over every limit at once: a quote that never closes, or no line ends.
    if (this.carry !== null && this.carry.length > this.maxField * 8)
      throw new CsvFault('field-too-large', this.row, this.maxField);
  }

  /** Parses what is left; throws a CsvFault when a quote is still open. */
  end(): void {
    if (this.carry !== null) this.parse(this.carry, true);
    this.carry = null;
  }

  /** Parses complete records from `buf`; returns where the first unfinished one starts. */
  private parse(buf: Buffer, final: boolean): number {
    const n = buf.length;
    this.view.buf = buf;
    let p = 0;
    let nextQuote = -1;
    let nextCR = -1;
    while (p < n) {
      // Fast path: a line with no quote and no lone CR is split on the delimiter alone.
      const eol = buf.indexOf(LF, p);
      if (eol >= 0 && eol - p <= this.maxField) {
        if (nextQuote < p) nextQuote = indexOrEnd(buf, QUOTE, p);
        if (nextCR < p) nextCR = indexOrEnd(buf, CR, p);
        if (nextQuote > eol && nextCR >= eol - 1) {
          const nf = this.split(buf, p, nextCR === eol - 1 ? eol - 1 : eol);
          if (nf > 0) {
            this.view.count = nf;
            this.on.record(this.view, this.row);
            this.row++;
            p = eol + 1;
            continue;
          }
        }
      }
      const next = this.parseRecord(buf, p, final);
      if (next < 0) return this.unfinished(p, n);
      p = next;
    }
    return n;
  }

  /** Splits a line known to hold no quote; returns the cell count, or 0 when it needs more room than the view has. */
  private split(buf: Buffer, p: number, end: number): number {
    const starts = this.view.start;
    const ends = this.view.end;
    const cap = starts.length;
    const delim = this.delim;
    let nf = 0;
    let fs = p;
    for (; p < end; p++) {
      if (buf[p] === delim) {
        if (nf + 1 >= cap) return 0;
        starts[nf] = fs;
        ends[nf] = p;
        nf++;
        fs = p + 1;
      }
    }
    starts[nf] = fs;
    ends[nf] = end;
    return nf + 1;
  }

  /** Parses one record from `p` (any quoting), emits it and returns where the next starts, or -1 when unfinished. */
  private parseRecord(buf: Buffer, p: number, final: boolean): number {
    const n = buf.length;
    const delim = this.delim;
    const view = this.view;
    const stops = this.stops;
    const escapedCells = this.escapedCells;
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
            if (!final) return -1;
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
        // One table look-up a byte: 1 ends the cell, 2 is a stray quote.
        while (p < n) {
          const k = stops[buf[p]];
          if (k !== 0) {
            if (k === 1) break;
            stray = true;
          }
          p++;
        }
        fe = p;
        if (fe - fs > this.maxField) throw new CsvFault('field-too-large', this.row, this.maxField);
        if (stray) this.stray();
      }
      if (p >= n && !final) return -1;
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
          if (p + 1 >= n && !final) {
            this.heldAtCR = true;
            return -1;
          }
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
    return p;
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
    if (size > this.maxCells * 2 && this.view.start.length >= this.maxCells)
      throw new CsvFault('row-too-large', this.row, this.maxCells);
    const start = new Int32Array(size);
    const end = new Int32Array(size);
    start.set(this.view.start);
    end.set(this.view.end);
    this.view.start = start;
    this.view.end = end;
  }
}

function indexOrEnd(buf: Buffer, byte: number, from: number): number {
  const at = buf.indexOf(byte, from);
  return at < 0 ? buf.length : at;
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
  const parser = new CsvParser(
    { delimiter },
    {
      record: (v) => out.push(Array.from({ length: v.count }, (_, i) => v.buf.toString('utf8', v.start[i], v.end[i]))),
    },
  );
  parser.write(Buffer.from(text, 'utf8'));
  parser.end();
  return out;
}
