import { classKey, RECORD_FIELDS, type EntityName, type LinkEntity, type RecordEntity } from '../plan/entities.js';

export { RECORDS } from '../plan/entities.js';
export type { LinkEntity, RecordEntity } from '../plan/entities.js';

export const TABLE: Record<EntityName, string> = {
  sites: 'dessa_sites',
  staff: 'dessa_staff',
  students: 'dessa_students',
  classes: 'dessa_classes',
  enrollments: 'dessa_enrollments',
  class_staff: 'dessa_class_staff',
};

/**
 * Every table that holds an org's data (all but knex's bookkeeping, dessa_migrations and its
 * lock), each before the tables its rows point to: deleting in this order breaks no reference.
 * test/schema-snapshot.test.ts checks it against the tables the migrations make.
 */
export const ORG_TABLES: readonly string[] = [
  'dessa_changes',
  'dessa_runs',
  TABLE.class_staff,
  TABLE.enrollments,
  'dessa_staff_programs',
  TABLE.classes,
  TABLE.students,
  TABLE.staff,
  TABLE.sites,
];

export const COLUMNS: Record<RecordEntity, readonly string[]> = RECORD_FIELDS;

/** The columns of each record's natural key. */
export const KEY_COLUMNS: Record<RecordEntity, readonly string[]> = {
  sites: ['name'],
  staff: ['email_key'],
  students: ['student_id'],
  classes: ['site_name', 'class_code', 'class_period'],
};

/** The columns holding a link's two ends' ids, in LINK_ENDS order. */
export const LINK_COLUMNS: Record<LinkEntity, readonly [string, string]> = {
  enrollments: ['student_ref', 'class_ref'],
  class_staff: ['class_ref', 'staff_ref'],
};

/** The natural key of a stored record, as the plan keys it. */
export function keyOf(entity: RecordEntity, f: Record<string, string>): string {
  switch (entity) {
    case 'sites':
      return f.name;
    case 'staff':
      return f.email_key;
    case 'students':
      return f.student_id;
    case 'classes':
      return classKey(f.site_name, f.class_code, f.class_period);
  }
}

export interface Scope {
  org: string;
  program: string;
}
