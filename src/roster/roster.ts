import { FIELDS, STUDENT_ATTRS } from '../fields/fields.js';
import { ByteMap } from './bytemap.js';
import { fromBytes } from './cells.js';
import { ValueTally } from './value-tally.js';

import { SEP } from './packing.js';
import type { StaffRec } from './staff-index.js';

export { SEP } from './packing.js';

const ATTR_KEYS = STUDENT_ATTRS.map((col) => FIELDS[col].key);
export type { StaffRec } from './staff-index.js';

/**
 * Every text below is a byte string (one char per UTF-8 byte); `fromBytes` turns it back into text.
 * Every `row` is a row ref (row-refs.ts): a row number that also says which zip entry it is in.
 */
/** A student as the plan sees it (built on demand from the roster's arrays). */
export interface StudentRec {
  index: number;
  id: string;
  attrs: string;
  row: number;
}
export interface ClassRec {
  site: number;
  code: string;
  period: string;
  name: string;
  row: number;
  /** Indexes of the staff teaching it. */
  staff: number[];
}

/**
 * The entities a roster file describes, each keyed as the spec makes it unique.
 * Links live in small arrays on their owner rather than in Maps of composite keys:
 * a student has a handful of classes, so a scan beats hashing a million keys.
 */
export class Roster {
  readonly sites = new ByteMap();
  /** Students as parallel arrays (index = insertion order), not one object each: 200,000 objects cost GC time. */
  readonly studentIds = new ByteMap();
  readonly studentAttrs: string[] = [];
  readonly studentRows: number[] = [];
  /** Head of each student's list of rows in `links` (-1: none). */
  readonly linkHead: number[] = [];
  /** The rows of every student as a linked list: [class, staff, row ref, next] per entry. */
  links = new Int32Array(1 << 16);
  linkCount = 0;
  /** Unique by email ignoring case (StaffIndex keeps them while reading). */
  staff: StaffRec[] = [];
  /** Keyed by site index (4 bytes) + class code + SEP + period. */
  readonly classIds = new ByteMap();
  readonly classes: ClassRec[] = [];
  enrollmentCount = 0;
  /** Spec fields (bit i: field i) some header of the file has no column for: read as blank. */
  absentFields = 0;
  /** The values of the enumerated columns, counted per row (the report's value summary). */
  readonly values = new ValueTally();

  counts() {
    return {
      sites: this.sites.size,
      staff: this.staff.length,
      students: this.studentAttrs.length,
      classes: this.classes.length,
      enrollments: this.enrollmentCount,
    };
  }

  siteName(i: number): string {
    return fromBytes(this.sites.keys[i]);
  }

  /** A student's attributes as text, by field key (gender, dob, ...); `id` adds student_id first. */
  studentFields(s: StudentRec, id?: string): Record<string, string> {
    const values = s.attrs.split(SEP);
    const out: Record<string, string> = id === undefined ? {} : { student_id: id };
    for (let k = 0; k < ATTR_KEYS.length; k++) out[ATTR_KEYS[k]] = fromBytes(values[k]);
    return out;
  }

  student(i: number): StudentRec {
    return { index: i, id: this.studentIds.keys[i], attrs: this.studentAttrs[i], row: this.studentRows[i] };
  }

  *students(): Generator<StudentRec> {
    for (let i = 0; i < this.studentAttrs.length; i++) yield this.student(i);
  }

  /** Adds a row to a student's list; returns its entry. */
  addLink(student: number, cls: number, staff: number, row: number): void {
    if ((this.linkCount + 1) * 4 > this.links.length) {
      const grown = new Int32Array(this.links.length * 2);
      grown.set(this.links);
      this.links = grown;
    }
    const at = this.linkCount++ * 4;
    this.links[at] = cls;
    this.links[at + 1] = staff;
    this.links[at + 2] = row;
    this.links[at + 3] = this.linkHead[student];
    this.linkHead[student] = at;
  }

  /** Calls `each` for each student × class once (as indexes), whatever number of staff rows it came on. */
  forEachEnrollment(each: (student: number, cls: number) => void): void {
    const seen: number[] = [];
    for (let i = 0; i < this.studentAttrs.length; i++) {
      seen.length = 0;
      for (let at = this.linkHead[i]; at >= 0; at = this.links[at + 3]) {
        const c = this.links[at];
        if (!seen.includes(c)) {
          seen.push(c);
          each(i, c);
        }
      }
    }
  }
}
