/**
 * The findings of reading a OneRoster export as a roster: what keeps a source row from
 * becoming a DESSA row. Each names the OneRoster file (the issue's `file`) and the OneRoster
 * column (`source`) in its message; the issue's `column` stays the DESSA field. Joined to the
 * spec's rules in messages.ts (which imports this module, never the other way).
 */

interface OneRosterRule {
  severity: 'error' | 'warning';
  title: string;
  message: (p: Record<string, string | number | undefined>) => string;
}

const q = (v: unknown) => JSON.stringify(String(v ?? ''));
/** "users.csv identifier": where a value was read. */
const at = (p: Record<string, unknown>) => `${p.file} ${p.source}`;

export const ONEROSTER_RULES = {
  'oneroster-missing-file': {
    severity: 'error',
    title: 'OneRoster file missing',
    message: (p) =>
      `The export has no ${p.file}, which the roster needs for ${p.needed}: ` +
      `export it again with ${p.file} (bulk), or pass the whole export folder or zip.`,
  },
  'oneroster-no-demographics': {
    severity: 'error',
    title: 'No demographics.csv: no date of birth',
    message: () =>
      'The export has no demographics.csv, so no student has a DOB (the spec requires it) and no row can be built: ' +
      'export demographics.csv (birthDate, sex, race fields) with the rest.',
  },
  'oneroster-no-roles': {
    severity: 'warning',
    title: 'No roles.csv: roles not checked',
    message: () =>
      "The export is OneRoster 1.2 but has no roles.csv, where 1.2 keeps every user's role, so no one enrolled " +
      'as a student is checked to be a student (a guardian enrolled by mistake would pass); teachers and students ' +
      'are told apart by enrollments.csv role alone: export roles.csv with the rest.',
  },
  'oneroster-no-rows': {
    severity: 'error',
    title: 'No DESSA row from the export',
    message: (p) =>
      `No DESSA row could be built from the export (${p.why}): applying it would remove every student and ` +
      'staff member. Check the export.',
  },
  'oneroster-missing-column': {
    severity: 'error',
    title: 'OneRoster column missing',
    message: (p) =>
      `${p.file} has no column ${q(p.source)}, which the roster needs for ${p.needed}: ` +
      'export it again with every column OneRoster names (headers are matched as OneRoster spells them).',
  },
  'oneroster-unknown-column': {
    severity: 'warning',
    title: 'Column not in OneRoster',
    message: (p) =>
      `${p.file} has the column ${q(p.header)}, which OneRoster ${p.version} does not name; it is ignored: ` +
      'rename it to metadata.… if it is an extension, or check the header row.',
  },
  'oneroster-not-utf8': {
    severity: 'error',
    title: 'OneRoster file not UTF-8',
    message: (p) =>
      `${p.file} holds bytes that are not UTF-8 (first on row ${p.at}); OneRoster files are UTF-8: ` +
      'export it again as UTF-8, or pass --encoding windows-1252 if the whole export is Windows-1252.',
  },
  'oneroster-unknown-ref': {
    severity: 'error',
    title: 'Reference to a missing OneRoster record',
    message: (p) =>
      `${at(p)} ${q(p.value)} names no active record of ${p.target}: ` +
      `add it to ${p.target}, or correct the sourcedId.`,
  },
  'oneroster-not-student': {
    severity: 'error',
    title: 'Enrolled as a student but not a student',
    message: (p) =>
      `${at(p)}: user ${q(p.value)} is enrolled with role student but is a ${p.role} in ${p.roles}; ` +
      'correct the enrollment or the user role.',
  },
  'oneroster-blank-student-id': {
    severity: 'error',
    title: 'Student without a Student ID',
    message: (p) =>
      `${at(p)} is blank for student ${q(p.key)}, and the Student ID is read from it (--student-id ${p.source}): ` +
      'fill it in, or choose another column with --student-id identifier|sourcedId|username.',
  },
  'oneroster-no-dob': {
    severity: 'error',
    title: 'Student without a date of birth',
    message: (p) =>
      `Student ${q(p.key)} has ${p.why}, and the spec requires a DOB: ` +
      'add the birthDate (yyyy-mm-dd) to demographics.csv.',
  },
  'oneroster-bad-date': {
    severity: 'error',
    title: 'OneRoster date not yyyy-mm-dd',
    message: (p) => `${at(p)} ${q(p.value)} is not a date written yyyy-mm-dd (OneRoster's form): correct it.`,
  },
  'oneroster-bad-value': {
    severity: 'error',
    title: 'Value outside the OneRoster vocabulary',
    message: (p) => `${at(p)} ${q(p.value)} is not one of ${p.allowed}: correct it in the export.`,
  },
  'oneroster-gender-unknown': {
    severity: 'warning',
    title: 'Students without a sex: Gender U',
    message: (p) =>
      `${p.count} student(s) have no demographics row or a blank sex (first: ${q(p.key)}), so their Gender ` +
      'is U (and a race field with no value is U): fill in demographics.csv if their gender is known.',
  },
  'oneroster-grade-unmapped': {
    severity: 'error',
    title: 'Grade with no DESSA grade level',
    message: (p) =>
      `${at(p)} ${q(p.value)} has no DESSA grade level (K, 1-12; KG is K, 01-12 are 1-12): ` +
      'the DESSA roster is for students in K-12; correct the grade or leave the student out of the export.',
  },
  'oneroster-grade-conflict': {
    severity: 'error',
    title: 'Grades that disagree',
    message: (p) =>
      `${at(p)} ${q(p.value)} lists different grade levels (${p.levels}); a DESSA student has one: ` +
      'keep the current grade only.',
  },
  'oneroster-grade-blank': {
    severity: 'error',
    title: 'Student without a grade',
    message: (p) => `${at(p)} is blank for student ${q(p.key)}; the spec requires a Grade Level: fill it in.`,
  },
  'oneroster-class-no-teacher': {
    severity: 'error',
    title: 'Class without a teacher',
    message: (p) =>
      `Class ${q(p.value)} has no active enrollment with role teacher, so its students have no staff row: ` +
      'enroll its teacher in enrollments.csv.',
  },
  'oneroster-class-blank': {
    severity: 'error',
    title: 'Class without a required value',
    message: (p) =>
      `Class ${q(p.key)} has a blank ${p.source}${p.also ?? ''}, and the spec requires its ${p.field}: fill it in.`,
  },
  'oneroster-map-unused': {
    severity: 'warning',
    title: '--map column not in the export',
    message: (p) =>
      `--map names the column ${q(p.header)} for ${q(p.field)}, ${p.why}, so it is not used: ` +
      'map a metadata.… column of users.csv or demographics.csv onto a student field.',
  },
} satisfies Record<string, OneRosterRule>;
