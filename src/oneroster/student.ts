import { COL, FIELDS } from '../fields/fields.js';
import type { IssueSink } from '../findings/issues.js';
import { RACE_COLUMNS } from './columns.js';
import type { Model, UserRec } from './load.js';

/** OneRoster's sex vocabulary (1.1 has the first two) as DESSA genders. */
const GENDER: Record<string, string> = { male: 'M', female: 'F', other: 'X', unspecified: 'U' };
/** Grades of the CEDS list before kindergarten or outside K-12: no DESSA grade level. */
const KINDERGARTEN = 'kg';

export const FIRST_RACE = 10;
export const OTHER = 16;

/** Where a student's field came from: its file, row and OneRoster column. */
export interface FieldSource {
  file: string;
  row: number;
  source: string;
  /** The source cell as written, when the DESSA value was made from it (2011-02-15 for DOB 02/15/2011). */
  raw?: string;
}

/**
 * A student's DESSA values (spec order, only the student fields set), or null when some
 * cannot be made: each reason reported once, on the OneRoster file and row it comes from.
 */
export class StudentMapper {
  /** Students without a demographics row or with a blank sex: one warning at the end. */
  unknownSex = 0;
  firstUnknownSex = '';

  constructor(
    private readonly m: Model,
    private readonly sink: IssueSink,
    private readonly idColumn: string,
  ) {}

  private add(
    code: Parameters<IssueSink['add']>[0],
    src: FieldSource,
    field: number | null,
    value: string | null,
    p = {},
  ) {
    this.sink.file = src.file;
    const column = field === null ? null : FIELDS[field].name;
    this.sink.add(code, src.row, column, value, { file: src.file, source: src.source, value: value ?? '', ...p });
  }

  map(u: UserRec): string[] | null {
    const out = new Array<string>(FIELDS.length).fill('');
    let ok = true;
    const users = (source: string) => ({ file: 'users.csv', row: u.row, source });
    out[COL.studentId] = u.studentId;
    if (u.studentId === '') {
      this.add('oneroster-blank-student-id', users(this.idColumn), COL.studentId, null, { key: u.id });
      ok = false;
    }
    out[5] = u.familyName;
    out[6] = u.givenName;
    const d = this.m.demographics?.get(u.id);
    const demo = (source: string) => ({ file: 'demographics.csv', row: d?.row ?? 0, source });
    if (d === undefined || d.sex === '') {
      out[7] = 'U';
      if (this.unknownSex++ === 0) this.firstUnknownSex = u.studentId || u.id;
    } else if (GENDER[d.sex.toLowerCase()] !== undefined) out[7] = GENDER[d.sex.toLowerCase()];
    else {
      this.add('oneroster-bad-value', demo('sex'), 7, d.sex, { allowed: 'male, female, other, unspecified' });
      ok = false;
    }
    if (this.m.demographics === null) {
      // No demographics.csv: one file-level error says no student has a DOB (loadDemographics).
      ok = false;
    } else if (d === undefined || d.birthDate === '') {
      const why = d === undefined ? 'no row in demographics.csv' : 'a blank birthDate in demographics.csv';
      this.add('oneroster-no-dob', d === undefined ? users('sourcedId') : demo('birthDate'), 8, null, {
        key: u.studentId || u.id,
        why,
      });
      ok = false;
    } else {
      const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d.birthDate);
      if (date) out[8] = `${date[2]}/${date[3]}/${date[1]}`;
      else {
        this.add('oneroster-bad-date', demo('birthDate'), 8, d.birthDate);
        ok = false;
      }
    }
    const grade = this.grade(u, users('grades'));
    if (grade === null) ok = false;
    else out[9] = grade;
    RACE_COLUMNS.forEach((column, i) => {
      const v = d?.race[i].toLowerCase() ?? '';
      if (v === 'true') out[FIRST_RACE + i] = 'Y';
      else if (v === 'false') out[FIRST_RACE + i] = 'N';
      else if (v === '') out[FIRST_RACE + i] = 'U';
      else {
        this.add('oneroster-bad-value', demo(column), FIRST_RACE + i, d!.race[i], { allowed: 'true, false' });
        ok = false;
      }
    });
    // OneRoster has no "Other" race; demographicRaceTwoOrMoreRaces is not it.
    out[OTHER] = 'U';
    out[COL.sasid] = u.sasid;
    this.m.mapped.forEach(({ header, field }, i) => {
      if (this.m.mappedIn.users.has(header)) out[field] = u.meta[i];
      else if (this.m.mappedIn.demographics.has(header)) out[field] = d?.meta[i] ?? '';
    });
    return ok ? out : null;
  }

  /** K or 1-12 from users.grades (a list: "09,10"), or null once reported. */
  private grade(u: UserRec, src: FieldSource): string | null {
    const listed = u.grades
      .split(',')
      .map((g) => g.trim())
      .filter((g) => g !== '');
    if (listed.length === 0) {
      this.add('oneroster-grade-blank', src, 9, null, { key: u.studentId || u.id });
      return null;
    }
    const levels = new Set<string>();
    for (const g of listed) {
      const n = /^\d{1,2}$/.test(g) ? Number(g) : NaN;
      if (g.toLowerCase() === KINDERGARTEN) levels.add('K');
      else if (n >= 1 && n <= 12) levels.add(String(n));
      else {
        this.add('oneroster-grade-unmapped', src, 9, g);
        return null;
      }
    }
    if (levels.size > 1) {
      this.add('oneroster-grade-conflict', src, 9, u.grades, { levels: [...levels].join(', ') });
      return null;
    }
    return [...levels][0];
  }

  /** Where field `field` of student `u` was read (for DESSA findings on converted rows); null: not from the export. */
  sourceOf(u: UserRec, field: number): FieldSource | null {
    const users = (source: string) => ({ file: 'users.csv', row: u.row, source });
    const mapped = this.m.mapped.find((x) => x.field === field);
    if (mapped !== undefined) {
      if (this.m.mappedIn.users.has(mapped.header)) return users(mapped.header);
      const d = this.m.demographics?.get(u.id);
      if (d !== undefined && this.m.mappedIn.demographics.has(mapped.header))
        return { file: 'demographics.csv', row: d.row, source: mapped.header };
    }
    if (field === COL.studentId) return users(this.idColumn);
    if (field === 5) return users('familyName');
    if (field === 6) return users('givenName');
    if (field === 9) return { ...users('grades'), raw: u.grades };
    if (field === COL.sasid) return users('userIds');
    const d = this.m.demographics?.get(u.id);
    if (d === undefined) return null;
    if (field === 7) return { file: 'demographics.csv', row: d.row, source: 'sex', raw: d.sex };
    if (field === 8) return { file: 'demographics.csv', row: d.row, source: 'birthDate', raw: d.birthDate };
    if (field >= FIRST_RACE && field < OTHER) {
      const i = field - FIRST_RACE;
      return { file: 'demographics.csv', row: d.row, source: RACE_COLUMNS[i], raw: d.race[i] };
    }
    return null;
  }
}
