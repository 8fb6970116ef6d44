import { formatMessage, type IssueCode, type Params, type Severity, severityOf } from './messages.js';

/** One finding: the JSON report's `issues[]` element. */
export interface Issue {
  severity: Severity;
  code: IssueCode;
  file: string | null;
  /** Spreadsheet row: header is 1, first record 2; null for file-level findings. */
  row: number | null;
  /** Field name exactly as the spec writes it, or null. */
  column: string | null;
  value: string | null;
  message: string;
}

export interface IssueLimits {
  /** Issues kept per code; counts stay exact beyond it. Keeps memory bounded on a file with an error on every row. */
  perCode: number;
  /** Stop reading once this many errors were found (0: never). */
  maxErrors: number;
}

export const DEFAULT_LIMITS: IssueLimits = { perCode: 1000, maxErrors: 0 };

/** Thrown by the sink to unwind the reader once --max-errors is reached. */
export class StopReading extends Error {}

export class IssueSink {
  readonly issues: Issue[] = [];
  readonly counts = new Map<IssueCode, number>();
  errors = 0;
  warnings = 0;
  truncated = false;
  file: string | null = null;

  constructor(private readonly limits: IssueLimits = DEFAULT_LIMITS) {}

  add(code: IssueCode, row: number | null, column: string | null, value: string | null, params: Params = {}): void {
    const severity = severityOf(code);
    if (severity === 'error') this.errors++;
    else this.warnings++;
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    if (n <= this.limits.perCode) {
      const message = formatMessage(code, { column: column ?? undefined, value: value ?? undefined, ...params });
      this.issues.push({ severity, code, file: this.file, row, column, value, message });
    } else {
      this.truncated = true;
    }
    if (severity === 'error' && this.limits.maxErrors > 0 && this.errors >= this.limits.maxErrors)
      throw new StopReading();
  }

  /** A finding about a whole text, placed at `index` among the findings (where it belongs in reading order). */
  addAt(index: number, code: IssueCode, params: Params = {}): void {
    const before = this.issues.length;
    this.add(code, null, null, null, params);
    if (this.issues.length > before) this.issues.splice(index, 0, this.issues.pop()!);
  }

  /** What crosses a thread: the issues and the exact counts. */
  toData(): SinkData {
    return {
      issues: this.issues,
      counts: [...this.counts],
      errors: this.errors,
      warnings: this.warnings,
      truncated: this.truncated,
    };
  }

  /**
   * Takes in the findings of the row checks made on another thread, in reading order: by
   * text (`files`, a zip's entries in the order read), then row. Theirs come first on a row,
   * as they would in one thread; the two never share a code, so "first N per code" holds.
   */
  mergeRowChecks(other: SinkData, files: readonly (string | null)[] = []): void {
    const rank = new Map(files.map((f, i) => [f, i]));
    const text = (i: Issue) => rank.get(i.file) ?? -1;
    const merged = [...other.issues, ...this.issues].sort((a, b) => text(a) - text(b) || (a.row ?? 0) - (b.row ?? 0));
    this.issues.splice(0, this.issues.length, ...merged);
    for (const [code, n] of other.counts) this.counts.set(code, (this.counts.get(code) ?? 0) + n);
    this.errors += other.errors;
    this.warnings += other.warnings;
    this.truncated ||= other.truncated;
  }
}

export interface SinkData {
  issues: Issue[];
  counts: [IssueCode, number][];
  errors: number;
  warnings: number;
  truncated: boolean;
}
