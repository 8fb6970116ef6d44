import { classKey, type EntityName } from '../plan/entities.js';
import { STUDENT_COLUMNS } from './migrations.js';

export const TABLE: Record<EntityName, string> = {
  sites: 'dessa_sites',
  staff: 'dessa_staff',
  students: 'dessa_students',
  classes: 'dessa_classes',
  enrollments: 'dessa_enrollments',
  class_staff: 'dessa_class_staff',
};

/** Entities stored with their own fields (the others link two of them by id). */
export const RECORDS = ['sites', 'staff', 'students', 'classes'] as const;
export type RecordEntity = (typeof RECORDS)[number];

export const COLUMNS: Record<RecordEntity, readonly string[]> = {
  sites: ['name'],
  staff: ['email_key', 'email', 'last_name', 'first_name'],
  students: ['student_id', ...STUDENT_COLUMNS],
  classes: ['site_name', 'class_code', 'class_period', 'class_name'],
};

/** The natural key of a stored record, as the plan keys it. */
export function keyOf(entity: RecordEntity, f: Record<string, string>): string {
  switch (entity) {
    case 'sites': return f.name;
    case 'staff': return f.email_key;
    case 'students': return f.student_id;
    case 'classes': return classKey(f.site_name, f.class_code, f.class_period);
  }
}

/** Link entities: which record each end refers to, and its column. */
export const LINKS = {
  enrollments: [['student', 'students', 'student_ref'], ['class', 'classes', 'class_ref']],
  class_staff: [['class', 'classes', 'class_ref'], ['staff', 'staff', 'staff_ref']],
} as const;
export type LinkEntity = keyof typeof LINKS;

export interface Scope {
  org: string;
  program: string;
}
