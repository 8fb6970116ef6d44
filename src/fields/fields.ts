/**
 * The DESSA roster file spec: 30 fields, in the order of the spec table.
 * Every other part of the tool (checks, template, `spec` command, README, database
 * columns) reads this one table.
 */

export type FieldKind =
  | 'text' // at least one non-whitespace character
  | 'email'
  | 'date' // mm/dd/yyyy
  | 'grade'
  | 'enum' // case-sensitive list of values
  | 'flag' // blank, Y or N
  | 'zip' // blank or #####
  | 'optional-id'; // blank or any value (uniqueness is checked across rows)

/** What a field describes: drives cross-row consistency and the database model. */
export type Entity = 'site' | 'staff' | 'student' | 'class';

export interface FieldSpec {
  /** The name exactly as the spec table writes it (also the CSV header). */
  readonly name: string;
  /** snake_case key used in JSON plans and database columns. */
  readonly key: string;
  readonly required: boolean;
  /** The validation rule as the spec table words it. */
  readonly rule: string;
  readonly kind: FieldKind;
  readonly entity: Entity;
  readonly values?: readonly string[];
  readonly example: string;
}

const YNU = ['Y', 'N', 'U'] as const;
const text = 'At least one non-whitespace character';

function race(name: string, key: string): FieldSpec {
  return { name, key, required: true, rule: 'Y, N, or U', kind: 'enum', entity: 'student', values: YNU, example: 'N' };
}

function flag(name: string, key: string): FieldSpec {
  return {
    name,
    key,
    required: false,
    rule: 'Blank, Y, or N',
    kind: 'flag',
    entity: 'student',
    values: ['Y', 'N'],
    example: 'N',
  };
}

export const FIELDS: readonly FieldSpec[] = [
  {
    name: 'Site Name',
    key: 'site_name',
    required: true,
    rule: text,
    kind: 'text',
    entity: 'site',
    example: 'Lincoln Elementary',
  },
  {
    name: 'Staff Last Name',
    key: 'staff_last_name',
    required: true,
    rule: text,
    kind: 'text',
    entity: 'staff',
    example: 'Rivera',
  },
  {
    name: 'Staff First Name',
    key: 'staff_first_name',
    required: true,
    rule: text,
    kind: 'text',
    entity: 'staff',
    example: 'Ana',
  },
  {
    name: 'Staff Email Address',
    key: 'staff_email',
    required: true,
    rule: 'Email format, unique within the Org',
    kind: 'email',
    entity: 'staff',
    example: 'arivera@district.org',
  },
  {
    name: 'Student ID',
    key: 'student_id',
    required: true,
    rule: `${text}, unique within the Program`,
    kind: 'text',
    entity: 'student',
    example: '100234',
  },
  {
    name: 'Last Name',
    key: 'last_name',
    required: true,
    rule: text,
    kind: 'text',
    entity: 'student',
    example: 'Nguyen',
  },
  {
    name: 'First Name',
    key: 'first_name',
    required: true,
    rule: text,
    kind: 'text',
    entity: 'student',
    example: 'Bao',
  },
  {
    name: 'Gender',
    key: 'gender',
    required: true,
    rule: 'M, F, T, U, N, or X',
    kind: 'enum',
    entity: 'student',
    values: ['M', 'F', 'T', 'U', 'N', 'X'],
    example: 'F',
  },
  {
    name: 'DOB',
    key: 'dob',
    required: true,
    rule: 'Date Format: mm/dd/yyyy',
    kind: 'date',
    entity: 'student',
    example: '03/14/2016',
  },
  {
    name: 'Grade Level',
    key: 'grade_level',
    required: true,
    rule: 'K, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, or 12',
    kind: 'grade',
    entity: 'student',
    values: ['K', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'],
    example: '3',
  },
  race('American Indian or Alaskan Native', 'american_indian_or_alaskan_native'),
  race('Asian', 'asian'),
  race('Black or African American', 'black_or_african_american'),
  race('Hispanic or Latinx', 'hispanic_or_latinx'),
  race('Native Hawaiian or Pacific Islander', 'native_hawaiian_or_pacific_islander'),
  race('White', 'white'),
  race('Other', 'other'),
  {
    name: 'Class Name',
    key: 'class_name',
    required: true,
    rule: text,
    kind: 'text',
    entity: 'class',
    example: 'Grade 3 Homeroom',
  },
  { name: 'Class Code', key: 'class_code', required: true, rule: text, kind: 'text', entity: 'class', example: 'HR3A' },
  {
    name: 'Class Period',
    key: 'class_period',
    required: true,
    rule: text,
    kind: 'text',
    entity: 'class',
    example: '1',
  },
  flag('Special Ed', 'special_ed'),
  flag('Section 504', 'section_504'),
  flag('English Learner', 'english_learner'),
  flag('Reduced Price Meals', 'reduced_price_meals'),
  flag('Economically Disadvantaged', 'economically_disadvantaged'),
  flag('McKinney-Vento', 'mckinney_vento'),
  flag('Migrant', 'migrant'),
  flag('Gifted', 'gifted'),
  {
    name: 'Zip Code',
    key: 'zip_code',
    required: false,
    rule: 'Blank or #####',
    kind: 'zip',
    entity: 'student',
    example: '06103',
  },
  {
    name: 'Student State ID (SASID)',
    key: 'sasid',
    required: false,
    rule: 'Blank or unique within the Program',
    kind: 'optional-id',
    entity: 'student',
    example: '1234567890',
  },
];

/** Column positions in the spec order, for code that works on a row of 30 cells. */
export const COL = {
  site: 0,
  staffLast: 1,
  staffFirst: 2,
  staffEmail: 3,
  studentId: 4,
  classCode: 18,
  className: 17,
  classPeriod: 19,
  sasid: 29,
} as const;

/** Student attributes other than the Student ID, in spec order: they must agree on every row of a student. */
export const STUDENT_ATTRS: readonly number[] = FIELDS.flatMap((f, i) =>
  f.entity === 'student' && i !== COL.studentId ? [i] : [],
);

export const FIELD_NAMES: readonly string[] = FIELDS.map((f) => f.name);
