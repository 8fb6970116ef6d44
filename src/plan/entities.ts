import { fromBytes } from '../roster/cells.js';
import { SEP, type Roster } from '../roster/roster.js';

/** The kinds of record a roster holds, in the order they are written. */
export const ENTITIES = ['sites', 'staff', 'students', 'classes', 'enrollments', 'class_staff'] as const;
export type EntityName = (typeof ENTITIES)[number];

/** Entities stored with their own fields, and those that link two of them. */
export const RECORDS = ['sites', 'staff', 'students', 'classes'] as const;
export type RecordEntity = (typeof RECORDS)[number];
export type LinkEntity = 'enrollments' | 'class_staff';

/** Each link entity's two ends. */
export const LINK_ENDS: Record<LinkEntity, readonly [RecordEntity, RecordEntity]> = {
  enrollments: ['students', 'classes'],
  class_staff: ['classes', 'staff'],
};

/** One record's stored fields (all text). */
export type Fields = Record<string, string>;

/** Links as pairs of indexes into the key lists of their two ends: a million of them cost 8 MB, not a million objects. */
export interface Links {
  pairs: Int32Array;
  count: number;
}

/** What a roster file says should exist. */
export interface Desired {
  records: Record<RecordEntity, Map<string, Fields>>;
  /** Natural keys of each record entity, in the order the links index them. */
  keys: Record<RecordEntity, string[]>;
  links: Record<LinkEntity, Links>;
}

export const classKey = (site: string, code: string, period: string) => [site, code, period].join(SEP);

/** A link's key: its two ends' keys. */
export const linkKey = (a: string, b: string) => `${a}${SEP}${b}`;

/** Splits a link key into its two ends (a class key has three parts of its own). */
export function linkEnds(entity: LinkEntity, key: string): [string, string] {
  let cut = key.indexOf(SEP);
  if (entity === 'class_staff') cut = key.indexOf(SEP, key.indexOf(SEP, cut + 1) + 1);
  return [key.slice(0, cut), key.slice(cut + 1)];
}

/** Turns a checked Roster into what the database should hold. */
export function desiredFrom(roster: Roster): Desired {
  const sites = new Map<string, Fields>();
  const siteKeys = roster.sites.keys.map((k) => {
    const name = fromBytes(k);
    sites.set(name, { name });
    return name;
  });
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
  const enrollments: Links = { pairs: new Int32Array(roster.enrollmentCount * 2), count: 0 };
  for (const [s, c] of roster.enrollmentPairs()) {
    enrollments.pairs[enrollments.count * 2] = s;
    enrollments.pairs[enrollments.count * 2 + 1] = c;
    enrollments.count++;
  }
  const teaching: number[] = [];
  roster.classes.forEach((c, ci) => {
    for (const t of c.staff) teaching.push(ci, t);
  });
  return {
    records: { sites, staff, students, classes },
    keys: { sites: siteKeys, staff: staffKeys, students: studentKeys, classes: classKeys },
    links: { enrollments, class_staff: { pairs: Int32Array.from(teaching), count: teaching.length / 2 } },
  };
}
