import type { Issue } from './issues.js';

export interface Summary {
  /** Data rows read (not the header, not skipped blank rows). */
  rows: number;
  errors: number;
  warnings: number;
  sites: number;
  staff: number;
  students: number;
  classes: number;
  enrollments: number;
  /** Reading stopped before the end (--max-errors, or a fault that makes the rest unreadable). */
  partial: boolean;
  /** Some issues were left out of `issues` (at most 1,000 per code are listed); `byCode` stays exact. */
  truncated: boolean;
  /** Exact count of every issue code found. */
  byCode: Record<string, number>;
  /** How the text was read: the encoding and delimiter of the first roster text. */
  encoding: string | null;
  delimiter: string | null;
}

/** The rows holding each value of a column with a short list of allowed values (roster/value-tally.ts). */
export interface ColumnValues {
  column: string;
  /** Most frequent first; the value as read (trimmed), blank as "". */
  values: { value: string; count: number }[];
  /** Rows holding a value beyond the distinct values kept (a column of many different values). */
  others: number;
}

/** The result of `validate`: the JSON report is exactly this object. */
export interface Report {
  /** The verdict the exit code follows: no errors, and under --strict no warnings either. */
  valid: boolean;
  /** Set by the CLI: whether --strict was given (warnings then make `valid` false). */
  strict?: boolean;
  summary: Summary;
  issues: Issue[];
  /** Per enumerated column (Gender, Grade Level, the race and program flags), the rows holding each value. */
  values?: ColumnValues[];
}
