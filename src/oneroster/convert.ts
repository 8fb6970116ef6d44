import { COL, FIELDS, FIELD_NAMES } from '../fields/fields.js';
import type { IssueSink } from '../findings/issues.js';
import type { ClassRec, Model } from './load.js';
import { StudentMapper, type FieldSource } from './student.js';

/** One CSV cell as RFC 4180 writes it: quoted only when it holds a comma, a quote or a line end. Never altered. */
export const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const join = (cells: string[]) => cells.map(csvCell).join(',');

const STUDENT_A = [4, 16] as const; // Student ID .. Other
const STUDENT_B = [20, 29] as const; // the flags, Zip Code, SASID

/** A class that can give rows: its CSV parts, its teachers in row order, where its code came from. */
interface ClassOut {
  site: string;
  cells: string;
  sortKey: string[];
  teachers: number[];
  codeFromCourse: boolean;
}

/**
 * The DESSA roster an export becomes: one row per active student enrollment and teacher of
 * its class, sorted by site, class (code, period), student (Student ID) and staff (the
 * primary teacher first, then by email). Rows are made as text when asked for, never held.
 */
export class Converted {
  readonly header = join([...FIELD_NAMES]);
  /** Row k (0-based) is student enrollment `enrollment[k]` with teacher `teacher[k]` (a user index). */
  readonly enrollment: Int32Array;
  readonly teacher: Int32Array;

  constructor(
    readonly model: Model,
    private readonly studentA: string[],
    private readonly studentB: string[],
    private readonly classes: (ClassOut | null)[],
    private readonly staff: Map<number, string>,
    private readonly mapper: StudentMapper,
    rows: { enrollment: Int32Array; teacher: Int32Array },
  ) {
    this.enrollment = rows.enrollment;
    this.teacher = rows.teacher;
  }

  get rows(): number {
    return this.enrollment.length;
  }

  line(k: number): string {
    const e = this.enrollment[k];
    const { cls, user } = this.model.enrollments;
    const c = this.classes[cls[e]]!;
    const u = user[e];
    return `${c.site},${this.staff.get(this.teacher[k])},${this.studentA[u]},${c.cells},${this.studentB[u]}`;
  }

  /** The header and rows as CRLF-ended UTF-8 chunks of about `size` bytes. */
  *chunks(size = 1 << 20): Generator<Buffer> {
    let text = `${this.header}\r\n`;
    for (let k = 0; k < this.rows; k++) {
      text += `${this.line(k)}\r\n`;
      if (text.length >= size) {
        yield Buffer.from(text, 'utf8');
        text = '';
      }
    }
    if (text !== '') yield Buffer.from(text, 'utf8');
  }

  /** Where field `field` of row k (0-based) came from; null field: the row itself (its student enrollment). */
  sourceOf(k: number, field: number | null): FieldSource {
    const m = this.model;
    const e = this.enrollment[k];
    const enrollment = { file: 'enrollments.csv', row: m.enrollments.row[e], source: 'sourcedId' };
    if (field === null) return enrollment;
    const cls: ClassRec = m.classes[m.enrollments.cls[e]];
    const classes = (source: string) => ({ file: 'classes.csv', row: cls.row, source });
    if (field === COL.site) {
      const org = m.orgs.get(cls.school);
      return org ? { file: 'orgs.csv', row: org.row, source: 'name' } : classes('schoolSourcedId');
    }
    if (field >= 1 && field <= 3) {
      const t = m.users[this.teacher[k]];
      return { file: 'users.csv', row: t.row, source: ['familyName', 'givenName', 'email'][field - 1] };
    }
    if (field === COL.className) return classes('title');
    if (field === COL.classPeriod) return classes('periods');
    if (field === COL.classCode) {
      const course = m.courses?.get(cls.course);
      if (this.classes[m.enrollments.cls[e]]?.codeFromCourse && course)
        return { file: 'courses.csv', row: course.row, source: 'courseCode' };
      return classes('classCode');
    }
    return this.mapper.sourceOf(m.users[m.enrollments.user[e]], field) ?? enrollment;
  }
}

/** Maps the model to DESSA rows; what cannot become a row is reported on its source file and row. */
export function convertModel(m: Model, sink: IssueSink, idColumn: string): Converted {
  const mapper = new StudentMapper(m, sink, idColumn);
  const { cls, user } = m.enrollments;
  const hasStudents = new Uint8Array(m.classes.length);
  const enrolled = new Uint8Array(m.users.length);
  for (let e = 0; e < cls.length; e++) {
    hasStudents[cls[e]] = 1;
    enrolled[user[e]] = 1;
  }
  // The Student ID of each student whose rows can be made (null: none can); the values live on as CSV text.
  const students: (string | null)[] = new Array(m.users.length).fill(null);
  const studentA: string[] = new Array(m.users.length).fill('');
  const studentB: string[] = new Array(m.users.length).fill('');
  m.users.forEach((u, i) => {
    if (!enrolled[i]) return;
    const out = mapper.map(u);
    if (out === null) return;
    students[i] = out[COL.studentId];
    studentA[i] = join(out.slice(STUDENT_A[0], STUDENT_A[1] + 1));
    studentB[i] = join(out.slice(STUDENT_B[0], STUDENT_B[1] + 1));
  });
  if (mapper.unknownSex > 0) {
    sink.file = 'demographics.csv';
    sink.add('oneroster-gender-unknown', null, null, null, { count: mapper.unknownSex, key: mapper.firstUnknownSex });
  }
  const staff = new Map<number, string>();
  const classes = m.classes.map((c, k) => (hasStudents[k] ? classOut(m, c, sink) : null));
  for (const c of classes)
    for (const t of c?.teachers ?? []) {
      const u = m.users[t];
      if (!staff.has(t)) staff.set(t, join([u.familyName, u.givenName, u.email]));
    }
  // Rows as parallel arrays and one numeric sort: a million rows allocate no pair each.
  const rowEnrollment: number[] = [];
  const rowTeacher: number[] = [];
  const rowPlace: number[] = [];
  for (let e = 0; e < cls.length; e++) {
    const c = classes[cls[e]];
    if (c === null || students[user[e]] === null) continue;
    c.teachers.forEach((t, place) => {
      rowEnrollment.push(e);
      rowTeacher.push(t);
      rowPlace.push(place);
    });
  }
  const classRank = rankOf(classes, (a, b) => compareKeys(a.sortKey, b.sortKey));
  const studentRank = rankOf(
    students.map((id, i) => (id === null ? null : [id, m.users[i].id])),
    compareKeys,
  );
  const sourceRow = m.enrollments.row;
  const order = Uint32Array.from(rowEnrollment, (_, i) => i).sort((x, y) => {
    const ex = rowEnrollment[x];
    const ey = rowEnrollment[y];
    return (
      classRank[cls[ex]] - classRank[cls[ey]] ||
      studentRank[user[ex]] - studentRank[user[ey]] ||
      rowPlace[x] - rowPlace[y] ||
      sourceRow[ex] - sourceRow[ey]
    );
  });
  const rows = {
    enrollment: Int32Array.from(order, (i) => rowEnrollment[i]),
    teacher: Int32Array.from(order, (i) => rowTeacher[i]),
  };
  return new Converted(m, studentA, studentB, classes, staff, mapper, rows);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return compare(a[i], b[i]);
  return 0;
}

/** The place of each present item in the order `cmp` gives. */
function rankOf<T>(items: (T | null)[], cmp: (a: T, b: T) => number): Int32Array {
  const order = items.flatMap((it, i) => (it === null ? [] : [i]));
  order.sort((a, b) => cmp(items[a]!, items[b]!) || a - b);
  const rank = new Int32Array(items.length);
  order.forEach((i, r) => (rank[i] = r));
  return rank;
}

/** A class's DESSA values and teachers, or null once what keeps it from giving rows is reported. */
function classOut(m: Model, c: ClassRec, sink: IssueSink): ClassOut | null {
  sink.file = 'classes.csv';
  const report = (code: 'oneroster-class-blank' | 'oneroster-class-no-teacher', field: number | null, p = {}) =>
    sink.add(code, c.row, field === null ? null : FIELDS[field].name, null, {
      file: 'classes.csv',
      key: c.title || c.id,
      value: c.title || c.id,
      ...p,
    });
  let ok = true;
  const org = m.orgs.get(c.school);
  if (org === undefined && m.failed.has('orgs.csv')) ok = false;
  else if (org === undefined) {
    sink.add('oneroster-unknown-ref', c.row, FIELDS[COL.site].name, c.school, {
      file: 'classes.csv',
      source: 'schoolSourcedId',
      value: c.school,
      target: 'orgs.csv',
    });
    ok = false;
  }
  const course = m.courses?.get(c.course);
  const code = c.classCode || course?.code || '';
  if (code === '') {
    const also = course === undefined ? ' and no course in courses.csv' : ' and its course a blank courseCode';
    report('oneroster-class-blank', COL.classCode, { source: 'classCode', also, field: 'Class Code' });
    ok = false;
  }
  if (c.periods === '') {
    report('oneroster-class-blank', COL.classPeriod, { source: 'periods', field: 'Class Period' });
    ok = false;
  }
  // A teacher enrolled twice teaches once; the primary teacher first, then by email.
  const seen = new Map<number, boolean>();
  for (const t of c.teachers) seen.set(t.user, (seen.get(t.user) ?? false) || t.primary);
  const teachers = [...seen].sort(
    ([a, pa], [b, pb]) => Number(pb) - Number(pa) || compare(m.users[a].email, m.users[b].email) || a - b,
  );
  if (teachers.length === 0) {
    report('oneroster-class-no-teacher', null);
    ok = false;
  }
  if (!ok) return null;
  const values = [c.title, code, c.periods];
  return {
    site: csvCell(org!.name),
    cells: join(values),
    sortKey: [org!.name, code, c.periods, c.title, c.id],
    teachers: teachers.map(([u]) => u),
    codeFromCourse: c.classCode === '' && code !== '',
  };
}
