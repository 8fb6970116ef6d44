import type { IssueSink } from '../checks/issues.js';
import { COL, FIELDS, STUDENT_ATTRS } from '../spec/fields.js';
import { fromBytes, isEmpty, sameBytes, text, type Cells } from './cells.js';
import { ByteMap } from './bytemap.js';
import { Roster, SEP } from './roster.js';

/** Index of the first cell that differs from the packed record `stored`, or -1. Allocates nothing. */
function firstDiff(stored: string, c: Cells, idxs: readonly number[]): number {
  let pos = 0;
  for (let k = 0; k < idxs.length; k++) {
    const i = idxs[k];
    const len = c.e[i] - c.s[i];
    if (pos + len > stored.length || !sameBytes(c, i, stored, pos)) return k;
    pos += len;
    const next = pos < stored.length ? stored.charCodeAt(pos) : -1;
    if (k < idxs.length - 1 ? next !== 31 : next !== -1) return k;
    pos++;
  }
  return -1;
}

/** Buffer.copy costs more than the loop for the few bytes of a cell. */
function copyBytes(from: Buffer, to: Buffer, at: number, s: number, e: number): number {
  for (let i = s; i < e; i++) to[at++] = from[i];
  return e - s;
}

const STAFF_NAMES = [COL.staffLast, COL.staffFirst];
const CLASS_NAME = [COL.className];

type ConflictCode = 'student-conflict' | 'staff-conflict' | 'class-conflict';

/**
 * Folds checked rows into a Roster and reports rows that disagree with the first row of
 * their key. Memory grows with distinct students, staff and classes, not with rows.
 */
export class RosterBuilder {
  readonly roster = new Roster();
  private readonly sasids = new ByteMap();
  /** Student index of each SASID in `sasids`. */
  private readonly sasidOwners: number[] = [];
  private scratch = Buffer.alloc(4096);
  private lastSite = -1;
  private lastStudent = -1;

  constructor(private readonly sink: IssueSink) {}

  add(c: Cells, row: number): void {
    const student = isEmpty(c, COL.studentId) ? -1 : this.student(c, row);
    const site = isEmpty(c, COL.site) ? -1 : this.site(c);
    const cls = site >= 0 && !isEmpty(c, COL.classCode) && !isEmpty(c, COL.classPeriod) ? this.klass(site, c, row) : -1;
    const staff = isEmpty(c, COL.staffEmail) ? -1 : this.staff(c, row, cls);
    if (cls >= 0 && staff >= 0) {
      const teachers = this.roster.classes[cls].staff;
      if (!teachers.includes(staff)) teachers.push(staff);
    }
    if (student >= 0 && cls >= 0) this.link(student, cls, staff, row);
  }

  /** Records the enrollment, and flags a row that repeats a student + class + staff already seen. */
  private link(student: number, cls: number, staff: number, row: number): void {
    const links = this.roster.students[student].links;
    let enrolled = false;
    for (let i = 0; i < links.length; i += 3) {
      if (links[i] !== cls) continue;
      enrolled = true;
      if (links[i + 1] === staff) {
        this.sink.add('duplicate-row', row, null, null, { firstRow: links[i + 2] });
        return;
      }
    }
    if (!enrolled) this.roster.enrollmentCount++;
    links.push(cls, staff, row);
  }

  /** Exports list rows of one site (and one student) together: try the last one first. */
  private site(c: Cells): number {
    const sites = this.roster.sites;
    const s = c.s[COL.site];
    const e = c.e[COL.site];
    if (this.lastSite >= 0) {
      const last = sites.keys[this.lastSite];
      if (last.length === e - s && sameBytes(c, COL.site, last, 0)) return this.lastSite;
    }
    let at = sites.find(c.buf, s, e);
    if (at < 0) at = sites.insert(c.buf, s, e);
    this.lastSite = at;
    return at;
  }

  private student(c: Cells, row: number): number {
    const r = this.roster;
    const s = c.s[COL.studentId];
    const e = c.e[COL.studentId];
    let at = -1;
    if (this.lastStudent >= 0) {
      const last = r.students[this.lastStudent].id;
      if (last.length === e - s && sameBytes(c, COL.studentId, last, 0)) at = this.lastStudent;
    }
    if (at < 0) at = r.studentIds.find(c.buf, s, e);
    if (at < 0) {
      at = r.studentIds.insert(c.buf, s, e);
      r.students.push({ id: r.studentIds.keys[at], attrs: this.pack(c, STUDENT_ATTRS), row, links: [] });
      this.claimSasid(c, at, row);
    } else {
      const first = r.students[at];
      if (firstDiff(first.attrs, c, STUDENT_ATTRS) >= 0) this.conflicts('student-conflict', text(c, COL.studentId), first.attrs, first.row, c, STUDENT_ATTRS, row);
    }
    this.lastStudent = at;
    return at;
  }

  private claimSasid(c: Cells, student: number, row: number): void {
    if (isEmpty(c, COL.sasid)) return;
    const s = c.s[COL.sasid];
    const e = c.e[COL.sasid];
    const known = this.sasids.find(c.buf, s, e);
    if (known < 0) {
      this.sasids.insert(c.buf, s, e);
      this.sasidOwners.push(student);
      return;
    }
    const first = this.roster.students[this.sasidOwners[known]];
    this.sink.add('sasid-conflict', row, FIELDS[COL.sasid].name, text(c, COL.sasid), { key: text(c, COL.studentId), first: fromBytes(first.id), firstRow: first.row });
  }

  /** A class's own staff are tried first: their email usually matches byte for byte, which spares a hash. */
  private staff(c: Cells, row: number, cls: number): number {
    const r = this.roster;
    const s = c.s[COL.staffEmail];
    const e = c.e[COL.staffEmail];
    let at = -1;
    if (cls >= 0) {
      for (const t of r.classes[cls].staff) {
        const email = r.staff[t].email;
        if (email.length === e - s && sameBytes(c, COL.staffEmail, email, 0)) {
          at = t;
          break;
        }
      }
    }
    if (at < 0) at = r.staffIds.find(c.buf, s, e);
    if (at < 0) {
      at = r.staffIds.insert(c.buf, s, e);
      r.staff.push({ key: r.staffIds.keys[at], email: this.pack(c, [COL.staffEmail]), names: this.pack(c, STAFF_NAMES), row });
      return at;
    }
    const first = r.staff[at];
    if (firstDiff(first.names, c, STAFF_NAMES) >= 0) this.conflicts('staff-conflict', text(c, COL.staffEmail), first.names, first.row, c, STAFF_NAMES, row);
    return at;
  }

  private klass(site: number, c: Cells, row: number): number {
    const r = this.roster;
    const key = this.scratchFor(8 + c.e[COL.classCode] - c.s[COL.classCode] + c.e[COL.classPeriod] - c.s[COL.classPeriod]);
    key.writeUInt32LE(site, 0);
    let n = 4 + copyBytes(c.buf, key, 4, c.s[COL.classCode], c.e[COL.classCode]);
    key[n++] = 31;
    n += copyBytes(c.buf, key, n, c.s[COL.classPeriod], c.e[COL.classPeriod]);
    let at = r.classIds.find(key, 0, n);
    if (at < 0) {
      at = r.classIds.insert(key, 0, n);
      const [code, period, name] = this.pack(c, [COL.classCode, COL.classPeriod, COL.className]).split(SEP);
      r.classes.push({ site, code, period, name, row, staff: [] });
      return at;
    }
    const first = r.classes[at];
    if (firstDiff(first.name, c, CLASS_NAME) >= 0) {
      const label = `${text(c, COL.site)} / ${text(c, COL.classCode)} / period ${text(c, COL.classPeriod)}`;
      this.conflicts('class-conflict', label, first.name, first.row, c, CLASS_NAME, row);
    }
    return at;
  }

  private scratchFor(size: number): Buffer {
    if (this.scratch.length < size) this.scratch = Buffer.alloc(size * 2);
    return this.scratch;
  }

  /** The cells' bytes joined by SEP, as one flat byte string (made once per new entity). */
  private pack(c: Cells, idxs: readonly number[]): string {
    let size = idxs.length;
    for (const i of idxs) size += c.e[i] - c.s[i];
    const out = this.scratchFor(size);
    let n = 0;
    idxs.forEach((i, k) => {
      if (k > 0) out[n++] = 31;
      n += copyBytes(c.buf, out, n, c.s[i], c.e[i]);
    });
    return out.latin1Slice(0, n);
  }

  private conflicts(code: ConflictCode, key: string, stored: string, firstRow: number, c: Cells, idxs: readonly number[], row: number): void {
    const firsts = stored.split(SEP);
    idxs.forEach((col, k) => {
      const value = text(c, col);
      const first = fromBytes(firsts[k]);
      if (first !== value) this.sink.add(code, row, FIELDS[col].name, value, { key, first, firstRow });
    });
  }
}
