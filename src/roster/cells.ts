import { FIELDS } from '../fields/fields.js';

const N = FIELDS.length;

/**
 * A checked row: cell i (in spec order) is the UTF-8 bytes `buf[ranges[at + i] .. ranges[at + N + i])`,
 * trimmed; `ranges[at + 2N]` is the row's unusable mask (see `unusable`). Ranges live in a shared
 * Int32Array at offset `at` so a batch of rows can cross threads without copying; strings are
 * made only when a value is reported or stored.
 */
export interface Cells {
  buf: Buffer;
  /** Start and end offsets in `buf` of each cell, then the unusable mask, for many rows. */
  ranges: Int32Array;
  /** Where this row's entries begin in `ranges`. */
  at: number;
}

/** Where the rows a RowStage checks are written, and where they go once checked. */
export interface RowOutput {
  /** Cells to write the next row into, for a row in `buf`. */
  slot(buf: Buffer): Cells;
  /** The row written into the last slot is checked; `sameStudent`: its student cells equal the previous row's. */
  done(cells: Cells, row: number, sameStudent: boolean): void;
  /** The rows from here on come from this text (a zip entry's name; null for a plain file). */
  begin?(file: string | null): void;
}

/** Int32s per row in a Cells array: a start and an end per field, then the unusable mask. */
export const CELLS_WIDTH = 2 * N + 1;

/**
 * Bit i set: field i has no value that cross-row checks may compare, because the value
 * broke its own rule (an error on that cell) or the text has no such column. Such a cell
 * neither raises a conflict nor is the value other rows are compared with, and a key
 * (email, Student ID, ...) with its bit set identifies nobody. 30 fields fit an Int32.
 */
export function unusable(c: Cells): number {
  return c.ranges[c.at + 2 * N];
}

export function startOf(c: Cells, i: number): number {
  return c.ranges[c.at + i];
}

export function endOf(c: Cells, i: number): number {
  return c.ranges[c.at + N + i];
}

/** The value as text. */
export function text(c: Cells, i: number): string {
  return c.buf.toString('utf8', c.ranges[c.at + i], c.ranges[c.at + N + i]);
}

/** A byte string (one char per UTF-8 byte) back to text. */
export function fromBytes(b: string): string {
  for (let i = 0; i < b.length; i++) if (b.charCodeAt(i) > 127) return Buffer.from(b, 'latin1').toString('utf8');
  return b;
}

export function isEmpty(c: Cells, i: number): boolean {
  return c.ranges[c.at + i] === c.ranges[c.at + N + i];
}

/** Whether cell i equals the byte string `b` from `pos` for the cell's length. */
export function sameBytes(c: Cells, i: number, b: string, pos: number): boolean {
  const buf = c.buf;
  const s = c.ranges[c.at + i];
  const n = c.ranges[c.at + N + i] - s;
  for (let k = 0; k < n; k++) if (buf[s + k] !== b.charCodeAt(pos + k)) return false;
  return true;
}

/** One Cells reused for every row: the output of a single-threaded read. */
export function directOutput(
  onRow: (cells: Cells, row: number, sameStudent: boolean) => void,
  begin?: (file: string | null) => void,
): RowOutput {
  const cells: Cells = { buf: Buffer.alloc(0), ranges: new Int32Array(CELLS_WIDTH), at: 0 };
  return {
    slot(buf) {
      cells.buf = buf;
      return cells;
    },
    done: onRow,
    begin,
  };
}
