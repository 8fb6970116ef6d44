import type { IssueSink } from '../checks/issues.js';
import { COL, FIELDS, STUDENT_ATTRS } from '../spec/fields.js';
import { endOf, fromBytes, isEmpty, sameBytes, startOf, text, type Cells } from './cells.js';
import { ByteMap } from './bytemap.js';
import { firstDiff, Packer, reportConflicts, SEP } from './packing.js';
import { Roster } from './roster.js';
import { StaffIndex } from './staff-index.js';

/** Buffer.copy costs more than the loop for the few bytes of a cell. */
function copyBytes(from: Buffer, to: Buffer, at: number, s: number, e: number): number {
  for (let i = s; i < e; i++) to[at++] = from[i];
  return e - s;
}

const CLASS_NAME = [COL.className];

/**
 * Folds checked rows into a Roster and reports rows that disagree with the first row of
 * their key. Memory grows with distinct students, staff and classes, not with rows.
 */
export class RosterBuilder {
  readonly roster = new Roster();
  private readonly sasids = new ByteMap();
  /** Student index of each SASID in `sasids`. */
  private readonly sasidOwners: number[] = [];
  private readonly packer = new Packer();
  private lastSite = -1;
  private lastStudent = -1;
  /** Whether the last student row differed from the student's first row (a repeat of it differs too). */
  private lastStudentDiffered = false;

  private readonly staffIndex: StaffIndex;

  constructor(private readonly sink: IssueSink) {
    this.staffIndex = new StaffIndex(sink);
    this.roster.staff = this.staffIndex.staff;
  }

  /**
   * Folds a checked row in. `sameStudent` says the row's student cells are byte for byte
   * those of the row added just before (the reading thread of a pipelined read finds that out).
   */
  add(c: Cells, row: number, sameStudent = false): void {
    let student: number;
    if (sameStudent && this.lastStudent >= 0 && !this.lastStudentDiffered) student = this.lastStudent;
    else student = isEmpty(c, COL.studentId) ? -1 : this.student(c, row);
    const site = isEmpty(c, COL.site) ? -1 : this.site(c);
    const cls = site >= 0 && !isEmpty(c, COL.classCode) && !isEmpty(c, COL.classPeriod) ? this.klass(site, c, row) : -1;
    const staff = this.staffIndex.resolve(c, row, cls >= 0 ? this.roster.classes[cls].staff : undefined);
    if (cls >= 0 && staff >= 0) {
      const teachers = this.roster.classes[cls].staff;
      if (!teachers.includes(staff)) teachers.push(staff);
    }
    if (student >= 0 && cls >= 0) this.link(student, cls, staff, row);
  }

  /** Records the enrollment, and flags a row that repeats a student + class + staff already seen. */
  private link(student: number, cls: number, staff: number, row: number): void {
    const r = this.roster;
    const links = r.links;
    let enrolled = false;
    for (let at = r.linkHead[student]; at >= 0; at = links[at + 3]) {
      if (links[at] !== cls) continue;
      enrolled = true;
      if (links[at + 1] === staff) {
        this.sink.add('duplicate-row', row, null, null, { firstRow: links[at + 2] });
        return;
      }
    }
    if (!enrolled) r.enrollmentCount++;
    r.addLink(student, cls, staff, row);
  }

  /** Exports list rows of one site (and one student) together: try the last one first. */
  private site(c: Cells): number {
    const sites = this.roster.sites;
    const s = startOf(c, COL.site);
    const e = endOf(c, COL.site);
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
    const s = startOf(c, COL.studentId);
    const e = endOf(c, COL.studentId);
    let at = -1;
    if (this.lastStudent >= 0) {
      const last = r.studentIds.keys[this.lastStudent];
      if (last.length === e - s && sameBytes(c, COL.studentId, last, 0)) at = this.lastStudent;
    }
    if (at < 0) at = r.studentIds.find(c.buf, s, e);
    if (at < 0) {
      at = r.studentIds.insert(c.buf, s, e);
      r.studentAttrs.push(this.packer.pack(c, STUDENT_ATTRS));
      r.studentRows.push(row);
      r.linkHead.push(-1);
      this.lastStudentDiffered = false;
      this.claimSasid(c, at, row);
    } else {
      const attrs = r.studentAttrs[at];
      this.lastStudentDiffered = firstDiff(attrs, c, STUDENT_ATTRS) >= 0;
      if (this.lastStudentDiffered) reportConflicts(this.sink, 'student-conflict', text(c, COL.studentId), attrs, r.studentRows[at], c, STUDENT_ATTRS, row);
    }
    this.lastStudent = at;
    return at;
  }

  private claimSasid(c: Cells, student: number, row: number): void {
    if (isEmpty(c, COL.sasid)) return;
    const s = startOf(c, COL.sasid);
    const e = endOf(c, COL.sasid);
    const known = this.sasids.find(c.buf, s, e);
    if (known < 0) {
      this.sasids.insert(c.buf, s, e);
      this.sasidOwners.push(student);
      return;
    }
    const owner = this.sasidOwners[known];
    const r = this.roster;
    this.sink.add('sasid-conflict', row, FIELDS[COL.sasid].name, text(c, COL.sasid), { key: text(c, COL.studentId), first: fromBytes(r.studentIds.keys[owner]), firstRow: r.studentRows[owner] });
  }

  private klass(site: number, c: Cells, row: number): number {
    const r = this.roster;
    const key = this.packer.scratchFor(8 + endOf(c, COL.classCode) - startOf(c, COL.classCode) + endOf(c, COL.classPeriod) - startOf(c, COL.classPeriod));
    key.writeUInt32LE(site, 0);
    let n = 4 + copyBytes(c.buf, key, 4, startOf(c, COL.classCode), endOf(c, COL.classCode));
    key[n++] = 31;
    n += copyBytes(c.buf, key, n, startOf(c, COL.classPeriod), endOf(c, COL.classPeriod));
    let at = r.classIds.find(key, 0, n);
    if (at < 0) {
      at = r.classIds.insert(key, 0, n);
      const [code, period, name] = this.packer.pack(c, [COL.classCode, COL.classPeriod, COL.className]).split(SEP);
      r.classes.push({ site, code, period, name, row, staff: [] });
      return at;
    }
    const first = r.classes[at];
    if (firstDiff(first.name, c, CLASS_NAME) >= 0) {
      const label = `${text(c, COL.site)} / ${text(c, COL.classCode)} / period ${text(c, COL.classPeriod)}`;
      reportConflicts(this.sink, 'class-conflict', label, first.name, first.row, c, CLASS_NAME, row);
    }
    return at;
  }
}
