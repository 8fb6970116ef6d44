/**
 * The names of fix's repairs: stable kebab-case, as CI scripts and the change log depend on them.
 * Each repair is mechanical and has one reading; a value with more than one stays as written.
 */
export const REPAIR_RULES = {
  'trim-whitespace': 'spaces, tabs and no-break spaces around a value removed',
  'date-month-first': 'm/d/yyyy or mm-dd-yyyy (month and day unambiguous) written as mm/dd/yyyy',
  'date-year-first': 'yyyy-mm-dd written as mm/dd/yyyy',
  'date-with-time': 'a date followed by a midnight time of day (3/4/2015 12:00:00 AM) written as mm/dd/yyyy',
  'date-excel-serial': 'an Excel date serial number (42067) written as mm/dd/yyyy',
  'zip-leading-zero': 'a 4-digit zip code given back its leading zero',
  'zip-plus-four': 'a ZIP+4 code cut to its first five digits',
  'grade-level': 'KG, k, 01, Grade 5, 3rd written as K, 1 to 12',
  'enum-case': 'a listed value in another case (f) written as listed (F)',
  'enum-word': 'a word for a listed value (Male, Yes, No) written as the value (M, Y, N)',
} as const;

export type RepairRule = keyof typeof REPAIR_RULES;

/** Why a row of the input is not in the corrected copy. */
export type DropReason = 'blank-row' | 'duplicate-row';

/** What happened to a column of the input's header in the corrected copy. */
export type HeaderRule =
  | 'header-name' // the spec field's name in another case or spacing: written as the spec writes it
  | 'header-order' // a spec column at another place: moved to its place in the spec
  | 'mapped-column' // a column named by --map: written under its spec field's name
  | 'column-dropped' // not a spec column (unknown, blank header, or ignored by --map): not written
  | 'column-added'; // an optional spec column the input lacks: written with blank values

/** Why a repair that a value alone allows was not made. */
export type HoldReason =
  | 'student-rows-disagree' // the student's rows would disagree once repaired: which is right is unknown
  | 'day-first-file'; // the file also holds day-first dates, so 3/4/2015 may be 3 April
