import { fromBytes } from '../roster/cells.js';
import { SEP, classKey } from '../base/keys.js';
import type { Roster } from '../roster/roster.js';
import { FIELDS, STUDENT_ATTRS } from '../fields/fields.js';
import { fingerprint, printOf } from './fingerprint.js';

/** The kinds of record a roster holds, in the order they are written. */
export const ENTITIES = ['sites', 'staff', 'students', 'classes', 'enrollments', 'class_staff'] as const;
export type EntityName = (typeof ENTITIES)[number];

/** Entities stored with their own fields, and those that link two of them. */
export const RECORDS = ['sites', 'staff', 'students', 'classes'] as const;
export type RecordEntity = (typeof RECORDS)[number];
export const LINKS = ['enrollments', 'class_staff'] as const;
export type LinkEntity = (typeof LINKS)[number];

/** Each link entity's two ends. */
export const LINK_ENDS: Record<LinkEntity, readonly [RecordEntity, RecordEntity]> = {
  enrollments: ['students', 'classes'],
  class_staff: ['classes', 'staff'],
};

/** One record's stored fields (all text). */
export type Fields = Record<string, string>;

/** The fields of each record entity, in column order (the order a fingerprint hashes them in). */
export const RECORD_FIELDS: Record<RecordEntity, readonly string[]> = {
  sites: ['name'],
  staff: ['email_key', 'email', 'last_name', 'first_name'],
  students: ['student_id', ...STUDENT_ATTRS.map((i) => FIELDS[i].key)],
  classes: ['site_name', 'class_code', 'class_period', 'class_name'],
};

/** A record's fields as a JSON object, from its values in RECORD_FIELDS order (the change log's `after`). */
export function fieldsJson(entity: RecordEntity, values: readonly string[]): string {
  const cols = RECORD_FIELDS[entity];
  let out = '{';
  for (let k = 0; k < cols.length; k++) out += `${k ? ',' : ''}"${cols[k]}":${JSON.stringify(values[k] ?? '')}`;
  return `${out}}`;
}

export function printFields(entity: RecordEntity, f: Fields): string {
  return fingerprint(RECORD_FIELDS[entity].map((k) => f[k] ?? ''));
}

/** One entity's records as the file gives them: keys in order, a fingerprint each, fields on demand. */
export interface RecordSet {
  keys: string[];
  index: Map<string, number>;
  prints: string[];
  /** Record i's field values in RECORD_FIELDS order (what its table's columns take). */
  values(i: number): string[];
  fields(i: number): Fields;
  /** The byte length of each field of record i, in RECORD_FIELDS order (an upper bound on its characters). */
  byteLengths(i: number): number[];
}

function recordSet(entity: RecordEntity, all: Fields[], keyOf: (f: Fields) => string): RecordSet {
  const keys = all.map(keyOf);
  const cols = RECORD_FIELDS[entity];
  return {
    keys,
    index: new Map(keys.map((k, i) => [k, i])),
    prints: all.map((f) => printFields(entity, f)),
    values: (i) => cols.map((c) => all[i][c] ?? ''),
    fields: (i) => all[i],
    byteLengths: (i) => cols.map((c) => Buffer.byteLength(all[i][c] ?? '')),
  };
}

/**
 * Links as pairs of indexes into the key lists of their two ends: a million of them cost 8 MB,
 * not a million objects.
 */
export interface Links {
  pairs: Int32Array;
  count: number;
}

/** What a roster file says should exist; links index the record sets' keys. */
export interface Desired {
  records: Record<RecordEntity, RecordSet>;
  links: Record<LinkEntity, Links>;
  /** Keys of the optional fields the file has no column for (read as blank): a plan that blanks them warns. */
  absent?: readonly string[];
}

export { classKey, linkKey, linkEnds } from '../base/keys.js';

/** Turns a checked Roster into what the database should hold. */
export function desiredFrom(roster: Roster): Desired {
  const sites = recordSet(
    'sites',
    roster.sites.keys.map((k) => ({ name: fromBytes(k) })),
    (f) => f.name,
  );
  const staff = recordSet(
    'staff',
    roster.staff.map((s) => {
      const [last_name, first_name] = s.names.split(SEP).map(fromBytes);
      return { email_key: fromBytes(s.key), email: fromBytes(s.email), last_name, first_name };
    }),
    (f) => f.email_key,
  );
  const classes = recordSet(
    'classes',
    roster.classes.map((c) => ({
      site_name: roster.siteName(c.site),
      class_code: fromBytes(c.code),
      class_period: fromBytes(c.period),
      class_name: fromBytes(c.name),
    })),
    (f) => classKey(f.site_name, f.class_code, f.class_period),
  );
  // Students are most of a roster: their fields are made only when a change needs them.
  const n = roster.studentAttrs.length;
  const studentKeys = Array.from({ length: n }, (_, i) => fromBytes(roster.studentIds.keys[i]));
  const students: RecordSet = {
    keys: studentKeys,
    index: new Map(studentKeys.map((k, i) => [k, i])),
    prints: studentKeys.map((id, i) => printOf(`${id}${SEP}${fromBytes(roster.studentAttrs[i])}`)),
    values: (i) => [studentKeys[i], ...fromBytes(roster.studentAttrs[i]).split(SEP)],
    fields: (i) => roster.studentFields(roster.student(i), studentKeys[i]),
    byteLengths: (i) => {
      // The packed attributes are UTF-8 bytes joined by SEP: measure without decoding.
      const packed = roster.studentAttrs[i];
      const out = [roster.studentIds.keys[i].length];
      let start = 0;
      for (let at = packed.indexOf(SEP); ; at = packed.indexOf(SEP, start)) {
        out.push((at < 0 ? packed.length : at) - start);
        if (at < 0) return out;
        start = at + 1;
      }
    },
  };
  const enrollments: Links = { pairs: new Int32Array(roster.enrollmentCount * 2), count: 0 };
  roster.forEachEnrollment((s, c) => {
    enrollments.pairs[enrollments.count * 2] = s;
    enrollments.pairs[enrollments.count * 2 + 1] = c;
    enrollments.count++;
  });
  const teaching: number[] = [];
  roster.classes.forEach((c, ci) => {
    for (const t of c.staff) teaching.push(ci, t);
  });
  return {
    records: { sites, staff, students, classes },
    links: { enrollments, class_staff: { pairs: Int32Array.from(teaching), count: teaching.length / 2 } },
    absent: FIELDS.flatMap((f, i) => (!f.required && (roster.absentFields & (1 << i)) !== 0 ? [f.key] : [])),
  };
}
