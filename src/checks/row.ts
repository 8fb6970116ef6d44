import type { RecordView } from '../input/csv.js';
import { text, type Cells } from '../roster/cells.js';
import { FIELDS, type FieldSpec } from '../fields/fields.js';
import { MAX_CHARS, utf8CharCount } from '../fields/limits.js';
import { checkDob, earliestDob } from './dates.js';
import type { IssueSink } from '../findings/issues.js';
import { severityOf } from '../findings/messages.js';
import {
  checkControl,
  checkEmail,
  checkEnum,
  checkExcelText,
  checkGrade,
  checkZip,
  looksScientific,
  type Finding,
} from './values.js';
import { checkLookalike } from './lookalike.js';
import * as fast from './bytes.js';

/** How a field's value is tested on bytes before any string is made. */
const enum FastPath {
  None,
  Email,
  Date,
  Grade,
  OneOf, // a single byte from the field's allowed values
  Zip,
  Id, // no '+': not an ID Excel rewrote as 1.23457E+11
}

function fastPathOf(f: FieldSpec): FastPath {
  switch (f.kind) {
    case 'email':
      return FastPath.Email;
    case 'date':
      return FastPath.Date;
    case 'grade':
      return FastPath.Grade;
    case 'enum':
    case 'flag':
      return FastPath.OneOf;
    case 'zip':
      return FastPath.Zip;
    default:
      return f.key === 'student_id' || f.key === 'sasid' ? FastPath.Id : FastPath.None;
  }
}

/** The full check, with its fix hint, for a value the byte test did not accept. */
function fullCheck(f: FieldSpec, today: number): (v: string) => Finding | null {
  const own = valueCheck(f, today);
  // Excel's formula text comes first: whatever else is wrong with it, the fix is to unwrap it.
  return (v) => checkExcelText(v) ?? own(v);
}

function valueCheck(f: FieldSpec, today: number): (v: string) => Finding | null {
  switch (f.kind) {
    // An email's pattern lets an invisible character through: the same address would not match its twin.
    case 'email':
      return (v) => checkControl(v) ?? checkEmail(v) ?? checkLookalike(v);
    case 'date':
      return (v) => checkDob(v, today);
    case 'grade':
      return checkGrade;
    case 'enum':
    case 'flag':
      return (v) => checkEnum(v, f.values ?? [], f.name);
    case 'zip':
      return checkZip;
    default:
      return (v) =>
        checkControl(v) ?? (looksScientific(v) ? { code: 'scientific-notation', params: {} } : checkLookalike(v));
  }
}

/** Bytes that may start or end whitespace to trim: ASCII space and controls, and the two of a no-break space. */
const TRIM = new Uint8Array(256);
for (const b of [9, 10, 11, 12, 13, 32, 0xc2, 0xa0]) TRIM[b] = 1;

export interface RowChecker {
  /**
   * Trims a record's cells into `cells` in spec order (absent columns read as blank) and
   * reports every value that breaks its rule; the row's unusable mask (cells.ts) marks the
   * absent columns and the cells with an error, for the cross-row checks. Returns whether the
   * row's student cells are byte for byte those of the row checked just before (exports list
   * a student's rows together).
   */
  check(view: RecordView, row: number, sink: IssueSink, cells: Cells): boolean;
}

/** `columns[i]` is the file column of spec field i, or -1 when the file has no such column. */
export function compileRowChecker(columns: readonly number[], today: number): RowChecker {
  const n = FIELDS.length;
  const kinds = Uint8Array.from(FIELDS, fastPathOf);
  const required = Uint8Array.from(FIELDS, (f) => (f.required ? 1 : 0));
  const full = FIELDS.map((f) => fullCheck(f, today));
  const limits = Int32Array.from(MAX_CHARS);
  const earliest = earliestDob(today);
  // allowed[i * 256 + byte] is 1 when that single byte is an allowed value of field i.
  const allowed = new Uint8Array(n * 256);
  FIELDS.forEach((f, i) => f.values?.forEach((v) => v.length === 1 && (allowed[i * 256 + v.charCodeAt(0)] = 1)));
  const cols = Int32Array.from(columns);
  const isStudent = Uint8Array.from(FIELDS, (f) => (f.entity === 'student' ? 1 : 0));
  const absent = columns.reduce((mask, at, i) => (at < 0 ? mask | (1 << i) : mask), 0);
  const studentCols = Int32Array.from(FIELDS.flatMap((f, i) => (f.entity === 'student' ? [cols[i]] : [])));
  // The previous row's student cells (raw ranges), and whether they raised no issue.
  let prevBuf: Buffer | null = null;
  const prevS = new Int32Array(studentCols.length);
  const prevE = new Int32Array(studentCols.length);
  let prevClean = false;

  function sameStudent(buf: Buffer, vs: Int32Array, ve: Int32Array): boolean {
    if (buf !== prevBuf) return false;
    for (let k = 0; k < studentCols.length; k++) {
      const at = studentCols[k];
      if (at < 0) continue;
      const s = vs[at];
      const ps = prevS[k];
      const len = ve[at] - s;
      if (len !== prevE[k] - ps) return false;
      for (let j = 0; j < len; j++) if (buf[s + j] !== buf[ps + j]) return false;
    }
    return true;
  }

  return {
    check(view, row, sink, cells) {
      const buf = view.buf;
      const vs = view.start;
      const ve = view.end;
      const r = cells.ranges;
      const o = cells.at;
      const same = sameStudent(buf, vs, ve);
      // The same student cells as a row that raised nothing cannot raise anything either.
      const skip = same && prevClean;
      let clean = true;
      let unusable = absent;
      for (let i = 0; i < n; i++) {
        const at = cols[i];
        let s = 0;
        let e = 0;
        if (at >= 0) {
          s = vs[at];
          e = ve[at];
          // Most cells have nothing to trim: look at their two ends before calling out.
          if (s < e && TRIM[buf[s]] === 1) s = fast.trimStart(buf, s, e);
          if (s < e && TRIM[buf[e - 1]] === 1) e = fast.trimEnd(buf, s, e);
        }
        r[o + i] = s;
        r[o + n + i] = e;
        if (skip && isStudent[i] === 1) continue;
        if (s === e) {
          if (required[i] === 1) {
            if (isStudent[i] === 1) clean = false;
            unusable |= 1 << i;
            sink.add('required-blank', row, FIELDS[i].name, '');
          }
          continue;
        }
        let ok: boolean;
        switch (kinds[i]) {
          case FastPath.None:
            ok = fast.isPlainText(buf, s, e, false);
            break;
          case FastPath.OneOf:
            ok = e - s === 1 && allowed[i * 256 + buf[s]] === 1;
            break;
          case FastPath.Email:
            ok = fast.isPlainEmail(buf, s, e);
            break;
          case FastPath.Date:
            ok = fast.isLikelyDob(buf, s, e, earliest, today);
            break;
          case FastPath.Grade:
            ok = fast.isGrade(buf, s, e);
            break;
          case FastPath.Zip:
            ok = e - s === 5 && fast.allDigits(buf, s, e);
            break;
          default:
            ok = fast.isPlainText(buf, s, e, true);
        }
        // `="…"` passes some byte tests (plain text, an email): the full check words its fix.
        if (ok && buf[s] === 61 && fast.isExcelText(buf, s, e)) ok = false;
        let found: Finding | null = null;
        if (!ok) {
          const v = text(cells, i);
          found = full[i](v);
          if (found !== null) {
            if (isStudent[i] === 1) clean = false;
            if (severityOf(found.code) === 'error') unusable |= 1 << i;
            sink.add(found.code, row, FIELDS[i].name, v, found.params);
          }
        }
        // A value that breaks its rule must change anyway; one that passes must also fit its column.
        // Bytes bound characters from above, so only a long value is counted.
        if ((found === null || severityOf(found.code) === 'warning') && e - s > limits[i]) {
          const length = utf8CharCount(buf, s, e);
          if (length > limits[i]) {
            if (isStudent[i] === 1) clean = false;
            unusable |= 1 << i;
            sink.add('value-too-long', row, FIELDS[i].name, text(cells, i), { limit: limits[i], length });
          }
        }
      }
      // Skipped student cells equal a clean row's: they raised nothing, so no bit of theirs is set.
      r[o + 2 * n] = unusable;
      prevBuf = buf;
      for (let k = 0; k < studentCols.length; k++) {
        const at = studentCols[k];
        prevS[k] = at < 0 ? 0 : vs[at];
        prevE[k] = at < 0 ? 0 : ve[at];
      }
      prevClean = skip || clean;
      return same;
    },
  };
}
