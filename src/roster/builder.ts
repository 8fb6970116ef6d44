import type { IssueSink } from '../findings/issues.js';
import { COL, FIELDS, STUDENT_ATTRS } from '../fields/fields.js';
import { Attrs } from './agree.js';
import { endOf, fromBytes, isEmpty, sameBytes, startOf, text, unusable, type Cells } from './cells.js';
import { ByteMap } from './bytemap.js';
import { Packer, SEP } from './packing.js';
import { Roster } from './roster.js';
import { RowRefs } from './row-refs.js';
import { StaffIndex } from './staff-index.js';

/** Buffer.copy costs more than the loop for the few bytes of a cell. */
function copyBytes(from: Buffer, to: Buffer, at: number, s: number, e: number): number {
  for (let i = s; i < e; i++) to[at++] = from[i];
  return e - s;
}

const CLASS_NAME = [COL.className];
const bit = (i: number) => 1 << i;
const STUDENT_KEY = bit(COL.studentId);
const SASID = bit(COL.sasid);
const CLASS_KEY = bit(COL.site) | bit(COL.classCode) | bit(COL.classPeriod);

/**
 * Folds checked rows into a Roster and reports rows that disagree with their key's reference
 * (agree.ts). A key cell that broke its rule identifies nobody. Memory grows with distinct
 * students, staff and classes, not with rows.
 */
export class RosterBuilder {
  readonly roster = new Roster();
  readonly refs = new RowRefs();
  private readonly sasids = new ByteMap();
  /** Student index and row ref of each SASID in `sasids`. */
  private readonly sasidOwners: number[] = [];
  private readonly sasidRows: number[] = [];
  /** Per student: the detail fields with no usable value yet (agree.ts). */
  private readonly studentUnknown: number[] = [];
  private readonly details: Attrs;
  private readonly classNames: Attrs;
  private readonly classUnknown: number[] = [];
  private readonly packer = new Packer();
  private lastSite = -1;
  private lastStudent = -1;
  /** Whether the last student row raised a conflict (a repeat of it raises it too). */
  private lastStudentDiffered = false;

  private readonly staffIndex: StaffIndex;

  constructor(private readonly sink: IssueSink) {
    this.staffIndex = new StaffIndex(sink, this.refs);
    this.roster.staff = this.staffIndex.staff;
    this.details = new Attrs(sink, this.refs, 'student-conflict', STUDENT_ATTRS, (c) => text(c, COL.studentId));
    const classLabel = (c: Cells) =>
      `${text(c, COL.site)} / ${text(c, COL.classCode)} / period ${text(c, COL.classPeriod)}`;
    this.classNames = new Attrs(sink, this.refs, 'class-conflict', CLASS_NAME, classLabel);
  }

  /** The rows from here on come from this text (a zip entry's name; null for a plain file). */
  begin(file: string | null): void {
    this.refs.begin(file);
    this.lastStudent = -1;
  }

  /**
   * Folds a checked row in. `sameStudent` says the row's student cells are byte for byte
   * those of the row added just before (the reading thread of a pipelined read finds that out).
   */
  add(c: Cells, row: number, sameStudent = false): void {
    const bad = unusable(c);
    this.roster.values.add(c, sameStudent);
    let student: number;
    if (sameStudent && this.lastStudent >= 0 && !this.lastStudentDiffered) student = this.lastStudent;
    else student = (bad & STUDENT_KEY) !== 0 || isEmpty(c, COL.studentId) ? -1 : this.student(c, row);
    this.lastStudent = student;
    const site = (bad & bit(COL.site)) !== 0 || isEmpty(c, COL.site) ? -1 : this.site(c);
    const keyed = site >= 0 && (bad & CLASS_KEY) === 0 && !isEmpty(c, COL.classCode) && !isEmpty(c, COL.classPeriod);
    const cls = keyed ? this.classIndex(site, c, row) : -1;
    const staff = this.staffIndex.resolve(c, row, cls >= 0 ? this.roster.classes[cls].staff : undefined);
    if (cls >= 0 && staff >= 0) {
      const teachers = this.roster.classes[cls].staff;
      if (!teachers.includes(staff)) teachers.push(staff);
    }
    if (student >= 0 && cls >= 0) this.link(student, cls, staff, row);
  }

  /**
   * Records the enrollment, and flags a row that repeats a student + class + staff already seen
   * (not when the staff email is blank or invalid: two such rows may well be two teachers).
   */
  private link(student: number, cls: number, staff: number, row: number): void {
    const r = this.roster;
    const links = r.links;
    let enrolled = false;
    for (let at = r.linkHead[student]; at >= 0; at = links[at + 3]) {
      if (links[at] !== cls) continue;
      enrolled = true;
      if (links[at + 1] === staff && staff >= 0) {
        this.sink.add('duplicate-row', row, null, null, this.refs.where(links[at + 2]));
        return;
      }
    }
    if (!enrolled) r.enrollmentCount++;
    r.addLink(student, cls, staff, this.refs.ref(row));
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
    let conflicted = 0;
    if (at < 0) {
      at = r.studentIds.insert(c.buf, s, e);
      r.studentAttrs.push(this.packer.pack(c, STUDENT_ATTRS));
      r.studentRows.push(this.refs.ref(row));
      r.linkHead.push(-1);
      this.studentUnknown.push(this.details.unknownOf(c));
    } else {
      if (this.details.compare(at, r.studentAttrs[at], this.studentUnknown[at], r.studentRows[at], c, row)) {
        r.studentAttrs[at] = this.details.packed;
        this.studentUnknown[at] = this.details.unknown;
      }
      conflicted = this.details.conflicted;
    }
    // A SASID is claimed (or found taken) only as the student's agreed value: a row whose SASID
    // differs from the student's own already carries a student-conflict for it.
    const agreed = (unusable(c) & SASID) === 0 && (conflicted & SASID) === 0 && !isEmpty(c, COL.sasid);
    const sasidTaken = agreed && this.claimSasid(c, at, row);
    this.lastStudentDiffered = conflicted !== 0 || sasidTaken;
    return at;
  }

  /** Whether the row's SASID belongs to another student (reported on each such row). */
  private claimSasid(c: Cells, student: number, row: number): boolean {
    const s = startOf(c, COL.sasid);
    const e = endOf(c, COL.sasid);
    const known = this.sasids.find(c.buf, s, e);
    if (known < 0) {
      this.sasids.insert(c.buf, s, e);
      this.sasidOwners.push(student);
      this.sasidRows.push(this.refs.ref(row));
      return false;
    }
    const owner = this.sasidOwners[known];
    if (owner === student) return false;
    const first = fromBytes(this.roster.studentIds.keys[owner]);
    const params = { key: text(c, COL.studentId), first, ...this.refs.where(this.sasidRows[known]) };
    this.sink.add('sasid-conflict', row, FIELDS[COL.sasid].name, text(c, COL.sasid), params);
    return true;
  }

  private classIndex(site: number, c: Cells, row: number): number {
    const r = this.roster;
    const key = this.packer.scratchFor(
      8 + endOf(c, COL.classCode) - startOf(c, COL.classCode) + endOf(c, COL.classPeriod) - startOf(c, COL.classPeriod),
    );
    key.writeUInt32LE(site, 0);
    let n = 4 + copyBytes(c.buf, key, 4, startOf(c, COL.classCode), endOf(c, COL.classCode));
    key[n++] = 31;
    n += copyBytes(c.buf, key, n, startOf(c, COL.classPeriod), endOf(c, COL.classPeriod));
    let at = r.classIds.find(key, 0, n);
    if (at < 0) {
      at = r.classIds.insert(key, 0, n);
      const [code, period, name] = this.packer.pack(c, [COL.classCode, COL.classPeriod, COL.className]).split(SEP);
      r.classes.push({ site, code, period, name, row: this.refs.ref(row), staff: [] });
      this.classUnknown.push(this.classNames.unknownOf(c));
      return at;
    }
    const first = r.classes[at];
    if (this.classNames.compare(at, first.name, this.classUnknown[at], first.row, c, row)) {
      first.name = this.classNames.packed;
      this.classUnknown[at] = this.classNames.unknown;
    }
    return at;
  }
}
