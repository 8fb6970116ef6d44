import type { StudentIdColumn } from './columns.js';

/* The records of an export the roster is made from. */

/** What the mapping is told beyond the export: `--student-id`, `--sasid-type`, `--map`, today. */
export interface MappingOptions {
  studentId: StudentIdColumn;
  sasidType?: string;
  /** `--map`: column name (metadata.…) -> DESSA field index, or null to ignore. */
  aliases?: ReadonlyMap<string, number | null>;
  /** yyyymmdd: an enrollment whose endDate is before it is over. */
  today: number;
}

export interface Org {
  name: string;
  row: number;
}

export interface Course {
  code: string;
  row: number;
}

export interface Teacher {
  user: number;
  primary: boolean;
}

export interface ClassRec {
  id: string;
  row: number;
  title: string;
  classCode: string;
  periods: string;
  school: string;
  course: string;
  teachers: Teacher[];
}

export interface UserRec {
  id: string;
  row: number;
  /** 1.1's users.role, or 1.2's roles.csv roles joined by ", " ('' when neither says). */
  roles: string;
  studentId: string;
  familyName: string;
  givenName: string;
  email: string;
  grades: string;
  sasid: string;
  /** Values of the --map columns read from users.csv, in `mapped` order ('' when absent). */
  meta: string[];
}

export interface Demographics {
  row: number;
  birthDate: string;
  sex: string;
  /** RACE_COLUMNS' values. */
  race: string[];
  meta: string[];
}

/** A student enrollment, as parallel arrays: class index, user index, enrollments.csv row. */
export interface StudentEnrollments {
  cls: number[];
  user: number[];
  row: number[];
}

/** The export's records the roster is made from (tobedeleted rows left out). */
export interface Model {
  version: string;
  orgs: Map<string, Org>;
  courses: Map<string, Course> | null;
  classes: ClassRec[];
  classIndex: Map<string, number>;
  users: UserRec[];
  userIndex: Map<string, number>;
  demographics: Map<string, Demographics> | null;
  enrollments: StudentEnrollments;
  /** The --map columns (metadata.…) and the DESSA field each fills. */
  mapped: { header: string; field: number }[];
  /** The mapped columns users.csv / demographics.csv have. */
  mappedIn: { users: Set<string>; demographics: Set<string> };
  /** sourcedIds of tobedeleted classes and users: enrollments naming them are left out quietly. */
  deleted: Set<string>;
  /** Files missing or unusable, each reported once. */
  failed: Set<string>;
  /** Whether the files the mapping reads could be used. */
  usable: boolean;
}
