import type { IssueSink } from '../checks/issues.js';
import { COL } from '../spec/fields.js';
import { ByteMap } from './bytemap.js';
import { endOf, sameBytes, startOf, text, type Cells } from './cells.js';
import { firstDiff, Packer, reportConflicts } from './packing.js';

/** A staff member; texts are byte strings (see cells.ts). */
export interface StaffRec { key: string; email: string; names: string; row: number }

const STAFF_NAMES = [COL.staffLast, COL.staffFirst];

/** Staff by email, unique within the org ignoring case, with the names of their first row. */
export class StaffIndex {
  readonly ids = new ByteMap(true);
  readonly staff: StaffRec[] = [];
  private readonly packer = new Packer();

  constructor(private readonly sink: IssueSink) {}

  /**
   * The row's staff index (-1 when the email is blank); reports names that differ from the
   * first row. `likely` (the class's staff) are tried before hashing: usually one matches byte for byte.
   */
  resolve(c: Cells, row: number, likely: readonly number[] = []): number {
    const s = startOf(c, COL.staffEmail);
    const e = endOf(c, COL.staffEmail);
    if (s === e) return -1;
    let at = -1;
    for (const t of likely) {
      const email = this.staff[t].email;
      if (email.length === e - s && sameBytes(c, COL.staffEmail, email, 0)) {
        at = t;
        break;
      }
    }
    if (at < 0) at = this.ids.find(c.buf, s, e);
    if (at < 0) {
      at = this.ids.insert(c.buf, s, e);
      this.staff.push({ key: this.ids.keys[at], email: this.packer.pack(c, [COL.staffEmail]), names: this.packer.pack(c, STAFF_NAMES), row });
      return at;
    }
    const first = this.staff[at];
    if (firstDiff(first.names, c, STAFF_NAMES) >= 0) reportConflicts(this.sink, 'staff-conflict', text(c, COL.staffEmail), first.names, first.row, c, STAFF_NAMES, row);
    return at;
  }
}
