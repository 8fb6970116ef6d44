import { DessaError } from '../base/errors.js';
import { RECORD_FIELDS, RECORDS, type Desired, type RecordEntity } from '../plan/entities.js';
import { charCount, maxCharsOf } from '../fields/limits.js';

/**
 * The spec field each column holds, where its name differs from the field's key. The limits
 * themselves are the spec's (src/fields/limits.ts), which `validate` checks row by row: SQLite
 * would store longer values but PostgreSQL and MySQL would fail in the middle of the
 * transaction, so every database is held to them, checked again here before anything is written.
 */
const FIELD_OF: Partial<Record<RecordEntity, Record<string, string>>> = {
  sites: { name: 'site_name' },
  staff: {
    email_key: 'staff_email',
    email: 'staff_email',
    last_name: 'staff_last_name',
    first_name: 'staff_first_name',
  },
};

/** The longest value (characters) a record entity's column holds. */
export function columnLimit(entity: RecordEntity, column: string): number {
  return maxCharsOf(FIELD_OF[entity]?.[column] ?? column);
}

/** Refuses, in one line, a roster with a value longer than its column holds. */
export function checkLengths(desired: Desired): void {
  for (const entity of RECORDS) {
    const set = desired.records[entity];
    const cols = RECORD_FIELDS[entity];
    const limits = cols.map((c) => columnLimit(entity, c));
    for (let i = 0; i < set.keys.length; i++) {
      const bytes = set.byteLengths(i);
      for (let k = 0; k < cols.length; k++) {
        if (bytes[k] <= limits[k]) continue;
        // Bytes bound characters from above: only a long one is decoded to be sure.
        const chars = charCount(set.fields(i)[cols[k]]);
        if (chars <= limits[k]) continue;
        const what = `${entity} ${JSON.stringify(set.keys[i].slice(0, 60))}: ${cols[k]} is ${chars} characters`;
        const message = `${what}; the database holds at most ${limits[k]}. Shorten it in the export.`;
        throw new DessaError('db-value-too-long', message, { entity, column: cols[k] });
      }
    }
  }
}
