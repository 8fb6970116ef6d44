import type { RecordView } from '../input/csv.js';
import { text, type Cells } from '../roster/cells.js';
import { FIELDS, type FieldSpec } from '../spec/fields.js';
import { checkDob } from './dates.js';
import type { IssueSink } from './issues.js';
import { checkEmail, checkEnum, checkGrade, checkZip, looksScientific, type Finding } from './values.js';
import * as fast from './bytes.js';

/**
 * A field's check: a byte-level test that accepts the common good values without making
 * a string, and the full string check (with its fix hint) for everything else.
 */
interface FieldCheck {
  quick(buf: Buffer, s: number, e: number): boolean;
  full(v: string): Finding | null;
}

function compileField(f: FieldSpec, today: number): FieldCheck | null {
  switch (f.kind) {
    case 'email':
      return { quick: fast.isPlainEmail, full: checkEmail };
    case 'date':
      return { quick: (b, s, e) => fast.isPastDate(b, s, e, today), full: (v) => checkDob(v, today) };
    case 'grade':
      return { quick: fast.isGrade, full: checkGrade };
    case 'enum':
    case 'flag': {
      const allowed = f.values ?? [];
      const codes = allowed.filter((a) => a.length === 1).map((a) => a.charCodeAt(0));
      return { quick: (b, s, e) => e - s === 1 && codes.includes(b[s]), full: (v) => checkEnum(v, allowed, f.name) };
    }
    case 'zip':
      return { quick: (b, s, e) => e - s === 5 && fast.allDigits(b, s, e), full: checkZip };
    case 'text':
    case 'optional-id':
      if (f.key === 'student_id' || f.key === 'sasid') {
        // An ID Excel rewrote as 1.23457E+11 always has a '+'.
        return { quick: (b, s, e) => !fast.hasByte(b, s, e, 43), full: (v) => (looksScientific(v) ? { code: 'scientific-notation', params: {} } : null) };
      }
      return null;
  }
}

export interface RowChecker {
  /** Trims a record's cells into spec order (absent columns read as blank) and reports every value that breaks its rule. */
  check(view: RecordView, row: number, sink: IssueSink): Cells;
}

/** `columns[i]` is the file column of spec field i, or -1 when the file has no such column. */
export function compileRowChecker(columns: readonly number[], today: number): RowChecker {
  const checks = FIELDS.map((f) => compileField(f, today));
  const n = FIELDS.length;
  const cells: Cells = { buf: Buffer.alloc(0), s: new Int32Array(n), e: new Int32Array(n) };
  return {
    check(view, row, sink) {
      const buf = view.buf;
      cells.buf = buf;
      for (let i = 0; i < n; i++) {
        const at = columns[i];
        let s = 0;
        let e = 0;
        if (at >= 0) {
          s = fast.trimStart(buf, view.start[at], view.end[at]);
          e = fast.trimEnd(buf, s, view.end[at]);
        }
        cells.s[i] = s;
        cells.e[i] = e;
        const f = FIELDS[i];
        if (s === e) {
          if (f.required) sink.add('required-blank', row, f.name, '');
          continue;
        }
        const check = checks[i];
        if (check === null || check.quick(buf, s, e)) continue;
        const v = text(cells, i);
        const found = check.full(v);
        if (found !== null) sink.add(found.code, row, f.name, v, found.params);
      }
      return cells;
    },
  };
}
