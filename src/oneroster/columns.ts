/* The OneRoster 1.1 and 1.2 CSV columns of the files the roster is made from, as the spec spells them. */

const COMMON = ['sourcedId', 'status', 'dateLastModified'];

export const KNOWN: Record<string, readonly string[]> = {
  'orgs.csv': [...COMMON, 'name', 'type', 'identifier', 'parentSourcedId', 'metadata'],
  'courses.csv': [
    ...COMMON,
    'schoolYearSourcedId',
    'title',
    'courseCode',
    'grades',
    'orgSourcedId',
    'subjects',
    'subjectCodes',
    'resourceSourcedIds',
  ],
  'classes.csv': [
    ...COMMON,
    'title',
    'grades',
    'courseSourcedId',
    'classCode',
    'classType',
    'location',
    'schoolSourcedId',
    'termSourcedIds',
    'subjects',
    'subjectCodes',
    'periods',
    'resourceSourcedIds',
  ],
  'users.csv': [
    ...COMMON,
    'enabledUser',
    'orgSourcedIds',
    'role',
    'username',
    'userIds',
    'givenName',
    'familyName',
    'middleName',
    'identifier',
    'email',
    'sms',
    'phone',
    'agentSourcedIds',
    'grades',
    'password',
    // 1.2
    'userMasterIdentifier',
    'resourceSourcedIds',
    'preferredGivenName',
    'preferredMiddleName',
    'preferredFamilyName',
    'primaryOrgSourcedId',
    'pronouns',
  ],
  'enrollments.csv': [
    ...COMMON,
    'classSourcedId',
    'schoolSourcedId',
    'userSourcedId',
    'role',
    'primary',
    'beginDate',
    'endDate',
  ],
  'demographics.csv': [
    ...COMMON,
    'birthDate',
    'sex',
    'americanIndianOrAlaskaNative',
    'asian',
    'blackOrAfricanAmerican',
    'nativeHawaiianOrOtherPacificIslander',
    'white',
    'demographicRaceTwoOrMoreRaces',
    'hispanicOrLatinoEthnicity',
    'countryOfBirthCode',
    'stateOfBirthAbbreviation',
    'cityOfBirth',
    'publicSchoolResidenceStatus',
  ],
  'roles.csv': [
    ...COMMON,
    'userSourcedId',
    'roleType',
    'role',
    'beginDate',
    'endDate',
    'orgSourcedId',
    'userProfileSourcedId',
  ],
};

/** users.csv columns 1.1 has and 1.2 moved to roles.csv: in a 1.2 export they are unknown columns, never read. */
const MOVED_TO_ROLES = new Set(['role', 'orgSourcedIds']);

/** The columns OneRoster `version` names for `file` (1.1 exports may already carry 1.2's new columns). */
export function knownColumns(file: string, version: string): readonly string[] {
  const known = KNOWN[file];
  return version === '1.2' && file === 'users.csv' ? known.filter((c) => !MOVED_TO_ROLES.has(c)) : known;
}

/** The demographics race columns, in the order of the DESSA fields they become (Hispanic fourth, as the spec). */
export const RACE_COLUMNS = [
  'americanIndianOrAlaskaNative',
  'asian',
  'blackOrAfricanAmerican',
  'hispanicOrLatinoEthnicity',
  'nativeHawaiianOrOtherPacificIslander',
  'white',
] as const;

export type StudentIdColumn = 'identifier' | 'sourcedId' | 'username';
export const STUDENT_ID_COLUMNS: readonly StudentIdColumn[] = ['identifier', 'sourcedId', 'username'];
