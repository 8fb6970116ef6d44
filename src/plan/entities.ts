import { fromBytes } from '../roster/cells.js';
import { SEP, type Roster } from '../roster/roster.js';

/** The kinds of record a roster holds, in the order they are written. */
export const ENTITIES = ['sites', 'staff', 'students', 'classes', 'enrollments', 'class_staff'] as const;
export type EntityName = (typeof ENTITIES)[number];

/** One record of one entity: its natural key and its stored fields (all text). */
export type Fields = Record<string, string>;

/** What a roster file says should exist, by entity and natural key. */
export type Desired = Record<EntityName, Map<string, Fields>>;

export const classKey = (site: string, code: string, period: string) => [site, code, period].join(SEP);

/** Turns a checked Roster into records keyed as the database keys them. */
export function desiredFrom(roster: Roster): Desired {
  const sites = new Map<string, Fields>();
  for (const k of roster.sites.keys) {
    const name = fromBytes(k);
    sites.set(name, { name });
  }
  const staff = new Map<string, Fields>();
  const staffKeys = roster.staff.map((s) => {
    const key = fromBytes(s.key);
    const [last_name, first_name] = s.names.split(SEP).map(fromBytes);
    staff.set(key, { email_key: key, email: fromBytes(s.email), last_name, first_name });
    return key;
  });
  const students = new Map<string, Fields>();
  const studentKeys: string[] = [];
  for (const s of roster.students()) {
    const id = fromBytes(s.id);
    studentKeys.push(id);
    students.set(id, { student_id: id, ...roster.studentFields(s) });
  }
  const classes = new Map<string, Fields>();
  const classKeys = roster.classes.map((c) => {
    const f = { site_name: roster.siteName(c.site), class_code: fromBytes(c.code), class_period: fromBytes(c.period), class_name: fromBytes(c.name) };
    const key = classKey(f.site_name, f.class_code, f.class_period);
    classes.set(key, f);
    return key;
  });
  const enrollments = new Map<string, Fields>();
  for (const [s, c] of roster.enrollmentPairs()) {
    const student = studentKeys[s];
    enrollments.set(`${student}${SEP}${classKeys[c]}`, { student, class: classKeys[c] });
  }
  const classStaff = new Map<string, Fields>();
  roster.classes.forEach((c, ci) => {
    for (const t of c.staff) classStaff.set(`${classKeys[ci]}${SEP}${staffKeys[t]}`, { class: classKeys[ci], staff: staffKeys[t] });
  });
  return { sites, staff, students, classes, enrollments, class_staff: classStaff };
}
