import { FIELDS, STUDENT_ATTRS } from '../spec/fields.js';
import { ByteMap } from './bytemap.js';
import { fromBytes } from './cells.js';

/** Separates the attributes packed into one byte string per entity (a flat string costs far less than an array). */
export const SEP = '\x1f';

/** Every text below is a byte string (one char per UTF-8 byte); `fromBytes` turns it back into text. */
export interface StudentRec {
  id: string;
  attrs: string;
  row: number;
  /** Class, staff and row of each of the student's rows, flattened: [class, staff, row, ...]. */
  links: number[];
}
export interface StaffRec { key: string; email: string; names: string; row: number }
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
  readonly studentIds = new ByteMap();
  readonly students: StudentRec[] = [];
  /** Keyed by the email with ASCII letters lower-cased: unique within the org ignoring case. */
  readonly staffIds = new ByteMap(true);
  readonly staff: StaffRec[] = [];
  /** Keyed by site index (4 bytes) + class code + SEP + period. */
  readonly classIds = new ByteMap();
  readonly classes: ClassRec[] = [];
  enrollmentCount = 0;

  counts() {
    return {
      sites: this.sites.size,
      staff: this.staff.length,
      students: this.students.length,
      classes: this.classes.length,
      enrollments: this.enrollmentCount,
    };
  }

  siteName(i: number): string {
    return fromBytes(this.sites.keys[i]);
  }

  /** A student's attributes as text, by field key (gender, dob, ...). */
  studentFields(s: StudentRec): Record<string, string> {
    const values = s.attrs.split(SEP);
    return Object.fromEntries(STUDENT_ATTRS.map((col, k) => [FIELDS[col].key, fromBytes(values[k])]));
  }

  /** Each student × class once, whatever number of staff rows it came on. */
  *enrollmentPairs(): Generator<[StudentRec, ClassRec]> {
    for (const s of this.students) {
      const seen: number[] = [];
      for (let i = 0; i < s.links.length; i += 3) {
        const c = s.links[i];
        if (!seen.includes(c)) {
          seen.push(c);
          yield [s, this.classes[c]];
        }
      }
    }
  }

  *classStaffPairs(): Generator<[ClassRec, StaffRec]> {
    for (const c of this.classes) for (const t of c.staff) yield [c, this.staff[t]];
  }
}
