import type { IssueSink } from '../findings/issues.js';
import { COL } from '../fields/fields.js';
import { Attrs } from './agree.js';
import { ByteMap } from './bytemap.js';
import { endOf, fromBytes, sameBytes, startOf, text, unusable, type Cells } from './cells.js';
import { Packer } from './packing.js';
import type { RowRefs } from './row-refs.js';

/** A staff member; texts are byte strings (see cells.ts). `row` is a row ref (row-refs.ts). */
export interface StaffRec {
  key: string;
  email: string;
  names: string;
  row: number;
}

const STAFF_NAMES = [COL.staffLast, COL.staffFirst];
const EMAIL = 1 << COL.staffEmail;

/** Staff by email, unique within the org ignoring case, with the names of their first row. */
export class StaffIndex {
  readonly ids = new ByteMap(true);
  readonly staff: StaffRec[] = [];
  /** Per staff member: the name fields with no usable value yet (agree.ts). */
  private readonly unknown: number[] = [];
  private readonly packer = new Packer();
  private readonly names: Attrs;
  /** Staff whose email was seen spelt in another case: warned once each. */
  private readonly respelt = new Set<number>();

  constructor(
    private readonly sink: IssueSink,
    private readonly refs: RowRefs,
  ) {
    this.names = new Attrs(sink, refs, 'staff-conflict', STAFF_NAMES, (c) => text(c, COL.staffEmail));
  }

  /**
   * The row's staff index (-1 when the email is blank or invalid: it identifies nobody);
   * reports names that differ from the staff member's reference. `likely` (the class's
   * staff) are tried before hashing: usually one matches byte for byte.
   */
  resolve(c: Cells, row: number, likely: readonly number[] = []): number {
    if ((unusable(c) & EMAIL) !== 0) return -1;
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
      const email = this.packer.pack(c, [COL.staffEmail]);
      const names = this.packer.pack(c, STAFF_NAMES);
      this.staff.push({ key: this.ids.keys[at], email, names, row: this.refs.ref(row) });
      this.unknown.push(this.names.unknownOf(c));
      return at;
    }
    const first = this.staff[at];
    if (!this.respelt.has(at) && !(first.email.length === e - s && sameBytes(c, COL.staffEmail, first.email, 0)))
      this.warnRespelt(at, c, row);
    if (this.names.compare(at, first.names, this.unknown[at], first.row, c, row)) {
      first.names = this.names.packed;
      this.unknown[at] = this.names.unknown;
    }
    return at;
  }

  /**
   * One person whose email is spelt in two cases (t1@x.org, T1@x.org): one staff member, as the
   * spec says, but the database keeps the first row's spelling, which may not be the one meant.
   */
  private warnRespelt(at: number, c: Cells, row: number): void {
    this.respelt.add(at);
    const first = this.staff[at];
    const params = { key: fromBytes(first.key), first: fromBytes(first.email), ...this.refs.where(first.row) };
    this.sink.add('staff-email-case', row, 'Staff Email Address', text(c, COL.staffEmail), params);
  }
}
