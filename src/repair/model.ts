import type { Report } from '../findings/report.js';
import type { DropReason, HeaderRule, HoldReason, RepairRule } from './rules.js';

/*
 * The result of `fix` as data: what the JSON output is, and what any rendering (text, a change
 * log CSV, a page) is made from. Rows are the input's spreadsheet rows (header 1) in their text
 * (`file`: a zip entry's name, null for a plain file); `outputRow` is the row in the corrected copy.
 */

/** One cell the corrected copy writes differently from the input. */
export interface CellChange {
  file: string | null;
  row: number;
  outputRow: number;
  column: string;
  before: string;
  after: string;
  rule: RepairRule;
}

/** A row of the input the corrected copy leaves out. */
export interface DroppedRow {
  file: string | null;
  row: number;
  reason: DropReason;
  /** For a duplicate: the row it repeats, which is kept. */
  sameAs?: { file: string | null; row: number };
}

/** A repair the value alone allows, not made: the value stays as read and its error remains. */
export interface HeldRepair {
  file: string | null;
  row: number;
  column: string;
  value: string;
  wouldBe: string;
  rule: RepairRule;
  reason: HoldReason;
}

/** A column of an input header that is not written as it was, at its place. */
export interface HeaderChange {
  file: string | null;
  /** The column's position in the input (1 is the first). */
  position: number;
  header: string;
  /** The spec field it is written as; null when it is not written. */
  field: string | null;
  rule: HeaderRule;
}

export interface FixSummary {
  /** Data rows read from the input (blank rows included). */
  rows: number;
  /** Data rows in the corrected copy. */
  written: number;
  dropped: number;
  /** Cells changed: exact, also beyond the listed ones. */
  changed: number;
  byRule: Record<string, number>;
  byColumn: Record<string, number>;
  dropsByReason: Record<string, number>;
  held: number;
  heldByReason: Record<string, number>;
  /** Some changes, drops or held repairs are not listed (at most `LIST_LIMIT` of each rule); counts stay exact. */
  truncated: boolean;
  /** How the input was read: its encoding and delimiter (the copy is UTF-8 and comma-separated). */
  encoding: string | null;
  delimiter: string | null;
}

export interface FixResult {
  /** The corrected copy's path, or null when none was written (see `notWritten`). */
  output: string | null;
  /** Why no corrected copy was written: damage a repair cannot undo (a header or row structure to fix first). */
  notWritten: string | null;
  summary: FixSummary;
  header: HeaderChange[];
  changes: CellChange[];
  dropped: DroppedRow[];
  held: HeldRepair[];
  /**
   * What remains, as validate reports it: of the corrected copy when one was written (its rows are
   * the copy's), else of the input.
   */
  report: Report;
}
