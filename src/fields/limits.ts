import { FIELDS } from './fields.js';

/**
 * The longest value each field may hold, in characters (Unicode code points: what a
 * PostgreSQL varchar(n) and a MySQL utf8mb4 varchar(n) count), by field key. `validate`
 * reports a longer value on its row, and src/db/limits.ts refuses one before anything is
 * written. This is the one table of the current widths. The migrations that made the columns
 * (src/db/migrations/) write their widths out, frozen; test/schema-snapshot.test.ts checks
 * that the migrated columns are exactly this wide.
 */
const MAX_BY_KEY: Readonly<Record<string, number>> = {
  site_name: 200,
  staff_last_name: 200,
  staff_first_name: 200,
  staff_email: 254,
  student_id: 100,
  last_name: 200,
  first_name: 200,
  class_name: 200,
  class_code: 100,
  class_period: 50,
  sasid: 100,
};

/** Every other student field holds a short code (a flag, a date, a grade, a zip). */
const SHORT = 32;

export function maxCharsOf(key: string): number {
  return MAX_BY_KEY[key] ?? SHORT;
}

/** The limit of each spec field, in spec order. */
export const MAX_CHARS: readonly number[] = FIELDS.map((f) => maxCharsOf(f.key));

/** Characters as the database counts them: code points, so an emoji (two UTF-16 units) is one. */
export function charCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Code points in UTF-8 bytes `b[s..e)`: every byte that is not a continuation byte (10xxxxxx) starts one. */
export function utf8CharCount(b: Buffer, s: number, e: number): number {
  let n = 0;
  for (let i = s; i < e; i++) if ((b[i] & 0xc0) !== 0x80) n++;
  return n;
}
