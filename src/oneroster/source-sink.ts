import { FIELD_NAMES } from '../fields/fields.js';
import { IssueSink, type IssueLimits } from '../findings/issues.js';
import type { IssueCode, Params } from '../findings/messages.js';
import type { FieldSource } from './student.js';

/** Finds where field `field` of converted row k (0-based; null: the row itself) came from. */
export interface SourceLookup {
  sourceOf(k: number, field: number | null): FieldSource;
}

/** The spreadsheet row of converted row k: the converted text's header is row 1. */
const FIRST_ROW = 2;

/**
 * The sink of a OneRoster read. While `lookup` is set (the DESSA rules running on the
 * converted rows), a finding on converted row r is moved to the source it came from: its
 * `file` the OneRoster file, its `row` that file's row, its message led by the OneRoster
 * column; `column` stays the DESSA field. A cross-row finding's other row ("as on row 7")
 * is moved the same way. Findings without a row stay as they are. A teacher's bad email is on
 * every row of their classes but in one cell of users.csv: it is reported (and counted) once.
 */
export class SourceSink extends IssueSink {
  lookup: SourceLookup | null = null;
  /** code, file, row, column of the findings moved: a value on many converted rows is one source cell, told once. */
  private readonly told = new Set<string>();

  constructor(limits?: IssueLimits) {
    super(limits);
  }

  /**
   * Why no DESSA row could be built, set once the export is mapped; null when a finding about a
   * missing or unusable file already says it. The converted text's no-data-rows ("the file has a
   * header but no data rows") is never true of an export: it becomes oneroster-no-rows, or nothing.
   */
  noRowsWhy: string | null = null;

  override add(code: IssueCode, row: number | null, column: string | null, value: string | null, params: Params = {}) {
    if (code === 'no-data-rows') return this.noRows();
    const lookup = this.lookup;
    if (lookup === null || row === null) return super.add(code, row, column, value, params);
    const field = column === null ? null : FIELD_NAMES.indexOf(column);
    const src = lookup.sourceOf(row - FIRST_ROW, field === -1 ? null : field);
    const key = `${code}\u001f${src.file}\u001f${src.row}\u001f${column}`;
    if (this.told.has(key)) return;
    this.told.add(key);
    const moved: Params = { ...params };
    // A value the mapping transformed (a date rewritten mm/dd/yyyy) is quoted as its source cell holds it.
    const written = src.raw ?? value;
    if (src.raw !== undefined && 'value' in params) moved.value = src.raw;
    if (typeof params.firstRow === 'number') {
      const first = lookup.sourceOf(params.firstRow - FIRST_ROW, field === -1 ? null : field);
      moved.firstRow = first.row;
      moved.firstFile = first.file;
    }
    const before = this.issues.length;
    const file = this.file;
    this.file = src.file;
    try {
      super.add(code, src.row, column, written, moved);
    } finally {
      this.file = file;
    }
    if (this.issues.length > before) {
      const issue = this.issues[this.issues.length - 1];
      issue.message = `${src.file} ${src.source}: ${issue.message}`;
    }
  }

  private noRows() {
    if (this.noRowsWhy === null) return;
    const file = this.file;
    this.file = null;
    try {
      super.add('oneroster-no-rows', null, null, null, { why: this.noRowsWhy });
    } finally {
      this.file = file;
    }
  }
}
